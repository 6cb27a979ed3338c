"""Terminal views of sessions: the list and one session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mentorlog.render.terminal import Fit, bullets, kv_table, plain, private_mark, when, whole

if TYPE_CHECKING:
    from mentorlog.rows.sessions import Place, SessionData, SessionShown

STATE_STYLES = {"proposed": "yellow", "confirmed": "cyan", "held": "green", "cancelled": "dim"}


def where(session: Place) -> str:
    if session["mode"] == "online":
        return session["link"] or "online"
    return session["place"] or "in person"


def sessions_table(sessions: list[SessionData]) -> Fit:
    """One row a session with every column when they fit; in a narrow terminal, the session's
    details on one line and its place or link on a line of its own below."""
    wide = Table(box=None, padding=(0, 2), header_style="bold")
    wide.add_column("#", justify="right", no_wrap=True)
    wide.add_column("when", no_wrap=True)
    wide.add_column("min", justify="right", no_wrap=True)
    wide.add_column("state", no_wrap=True)
    wide.add_column("kind", no_wrap=True)
    wide.add_column("where")
    narrow = Table(box=None, padding=(0, 1), header_style="bold")
    narrow.add_column("#", justify="right", no_wrap=True)
    narrow.add_column("session")
    for s in sessions:
        state = whole(s["state"], style=STATE_STYLES.get(s["state"], ""))
        wide.add_row(
            whole(s["number"]),
            whole(when(s["starts_at"])),
            whole(s["length_minutes"]),
            state,
            whole(s["kind"]),
            plain(where(s)),
        )
        details = plain(f"{when(s['starts_at'])} · {s['length_minutes']} min · ")
        details.append(state)
        details.append(plain(f" · {s['kind']}\n"))
        details.append(plain(where(s), style="dim"))
        narrow.add_row(whole(s["number"]), details)
    return Fit(wide, narrow)


def _phase(data: SessionShown) -> str:
    """The phase a held session was held in (and the one it was planned in, when another), else
    the phase it was planned in."""
    held = data["held_phase"]
    if not held:
        return f"{data['phase']} (planned in)" if data["state"] != "held" else data["phase"]
    return f"{held} (held in)" if held == data["phase"] else f"{held} (held in; planned in {data['phase']})"


def session_view(data: SessionShown) -> Group:
    head = Text(f"Session {data['number']}: ", style="bold")
    head.append(data["state"], style=STATE_STYLES.get(data["state"], ""))
    rows = [
        ("when", when(data["starts_at"])),
        ("length", f"{data['length_minutes']} min"),
        ("where", where(data)),
        ("kind", data["kind"]),
        ("phase", _phase(data)),
    ]
    if data["cancel_reason"]:
        rows.append(("why cancelled", data["cancel_reason"]))
    parts: list[RenderableType] = [head, kv_table(rows)]
    if data["topics"]:
        parts.append(Text("Topics", style="bold"))
        topics = []
        for t in data["topics"]:
            line = plain(t["text"])
            line.append(f"  ({t['status']})", style="dim")
            topics.append(("•", line))
        parts.append(bullets(topics))
    if data["feedback"]:
        parts.append(Text("Feedback", style="bold"))
        for f in data["feedback"]:
            line = plain(f"  {f['author']}: {'★' * (f['rating'] or 0)}")
            for label, said in (("worked", f["worked"]), ("improve", f["improve"])):
                if said:
                    line.append(f"  {label}: ", style="dim")
                    line.append(plain(said))
            parts.append(line)
    return Group(*parts)


def topics_table(found: list[dict[str, Any]]) -> Table:
    """Topics by session: the session, the topic, who proposed it and when, private ones marked."""
    table = Table(box=None, padding=(0, 2), header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("session", no_wrap=True)
    table.add_column("topic")
    table.add_column("by", no_wrap=True)
    for t in found:
        topic = plain(t["text"])
        if t["status"] != "open":
            topic.append(f"  ({t['status']})", style="dim")
        if t["visibility"] == "private":
            topic.append("  ")
            topic.append(private_mark(t["visibility"]))
        session = f"{t['session']}" if t["session"] else "next"
        table.add_row(whole(t["short_id"]), whole(session), topic, whole(t["author"]))
    return table
