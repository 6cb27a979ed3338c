"""Terminal views of sessions and of entries (the timeline and search results)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mentorlog.render.terminal import kv_table

STATE_STYLES = {"proposed": "yellow", "confirmed": "cyan", "held": "green", "cancelled": "dim"}


def where(session: dict) -> str:
    if session["mode"] == "online":
        return session["link"] or "online"
    return session["place"] or "in person"


def sessions_table(sessions: list[dict]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("when", no_wrap=True)
    table.add_column("min", justify="right")
    table.add_column("state")
    table.add_column("where")
    table.add_column("kind")
    for s in sessions:
        table.add_row(
            str(s["number"]),
            s["starts_at"].replace("T", " ")[:16],
            str(s["length_minutes"]),
            Text(s["state"], style=STATE_STYLES.get(s["state"], "")),
            Text(where(s)),
            s["kind"],
        )
    return table


def session_view(data: dict) -> Group:
    head = Text(f"Session {data['number']}: ", style="bold")
    head.append(data["state"], style=STATE_STYLES.get(data["state"], ""))
    rows = [
        ("when", data["starts_at"].replace("T", " ")[:16]),
        ("length", f"{data['length_minutes']} min"),
        ("where", where(data)),
        ("kind", data["kind"]),
        ("phase", data["phase"]),
    ]
    if data.get("cancel_reason"):
        rows.append(("why cancelled", data["cancel_reason"]))
    parts: list = [head, kv_table(rows)]
    if data["topics"]:
        parts.append(Text("Topics", style="bold"))
        for t in data["topics"]:
            line = Text(f"  • {t['text']}")
            line.append(f"  ({t['status']})", style="dim")
            parts.append(line)
    if data["feedback"]:
        parts.append(Text("Feedback", style="bold"))
        for f in data["feedback"]:
            line = Text(f"  {f['author']}: {'★' * f['rating']}")
            for label in ("worked", "improve"):
                if f[label]:
                    line.append(f"  {label}: ", style="dim")
                    line.append(f[label])
            parts.append(line)
    return Group(*parts)
