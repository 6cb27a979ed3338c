"""The agenda in the terminal: one screen a mentee can read before a session.

A journal of years holds more goals in play and more that happened since the last session than a
screen shows: the terminal lists the first of them and says how many more there are and where to
read them (the agenda's Markdown and JSON hold every one)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mentorlog.dates import in_days
from mentorlog.render.grid import Grid
from mentorlog.render.sessions import where
from mentorlog.render.terminal import bar, bullets, plain, private_mark, whole
from mentorlog.words import plural

if TYPE_CHECKING:
    from mentorlog.rows.sessions import Agenda, AgendaSession

GOALS_ON_SCREEN = 12
SINCE_ON_SCREEN = 5  # of each kind: contacts, actions done, lessons, decisions


def meeting_words(session: AgendaSession) -> str:
    """`Meeting 3 of the 10 agreed` (the agreement's number) or `Meeting 3 of 5 planned`."""
    if session["agreed"]:
        return f"Meeting {session['position']} of the {session['planned']} agreed"
    return f"Meeting {session['position']} of {session['planned']} planned"


def agenda_view(data: Agenda, pair: dict[str, str]) -> Group:
    s = data["session"]
    names = plain(pair["mentee"], style="bold")
    names.append(" & ")
    names.append(plain(pair["mentor"], style="bold"))
    head: Group
    if s is None:
        head = Group(names, Text("No session planned yet", style="bold"), plain(data["message"] or ""))
    else:
        title = Text(f"Session {s['number']}", style="bold")
        title.append(plain(f" — {s['when']} ({in_days(s['days_until'])})"))
        length = plural(s["length_minutes"] or 0, "minute")
        info = plain(f"{length} · {s['kind']} · {s['state']} · phase {data['phase']}")
        if s["position"]:
            info.append(f"\n{meeting_words(s)}")
        head = Group(names, title, plain(where(s)), info)
    # names and the place or link on lines of their own: they wrap, a title would be cut
    parts: list[RenderableType] = [Panel(head, title=Text("Agenda"), title_align="left", expand=False)]

    def section(title: str, empty: str | None, rows: list[tuple[str | Text, Text]]) -> None:
        if not rows and empty is None:
            return
        parts.append(Text(f"\n{title}", style="bold"))
        parts.append(bullets(rows) if rows else plain(f"  {empty}", style="dim"))

    topics: list[tuple[str | Text, Text]] = []
    for t in data["topics"]:
        line = plain(t["text"])
        line.append(f"  ({t['author']}", style="dim")
        if t["late"]:
            line.append(", proposed late", style="yellow")
        if t["carried_over"]:
            line.append(", carried over", style="dim")
        line.append(")", style="dim")
        if t["visibility"] == "private":
            line.append(" ")
            line.append(private_mark(t["visibility"]))
        topics.append(("•", line))
    section(
        "Topics" if s else "Topics for the next session",
        "No topic yet: `mentorlog topic add TEXT` (at least 3 days ahead)." if s else None,
        topics,
    )

    actions: list[tuple[str | Text, Text]] = []
    for a in data["actions"]:
        line = plain(a["text"])
        line.append(f"  {a['owner']}, due {a['due']}", style="red" if a["overdue"] else "dim")
        if a["overdue"]:
            line.append(" (overdue)", style="red bold")
        actions.append(("•", line))
    section(
        "Actions due" if s else "Actions due within two weeks", "Nothing due by then." if s else None, actions
    )

    questions: list[tuple[str | Text, Text]] = []
    for q in data["questions"]:
        line = plain(q["text"])
        line.append(f"  ({q['author']})", style="dim")
        if q["visibility"] == "private":
            line.append(" ")
            line.append(private_mark(q["visibility"]))
        questions.append(("?", line))
    section("Parked questions", None, questions)

    if data["goals"]:
        table = Grid(padding=1, edge=True)  # a borderless Table, drawn in one pass
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column()
        table.add_column(no_wrap=True)
        for g in data["goals"][:GOALS_ON_SCREEN]:
            due = (
                whole(f"{g['due']} overdue", style="red")
                if g["overdue"]
                else whole(g["due"] or "", style="dim")
            )
            table.add_row("  ", bar(g["progress"]), plain(g["title"]), due)
        parts.append(Text("\nGoals in play", style="bold"))
        parts.append(table)
        more = len(data["goals"]) - GOALS_ON_SCREEN
        if more > 0:
            parts.append(plain(f"  and {more} more: `mentorlog goal list`", style="dim"))

    since = data["since_last"]
    happened: list[tuple[str | Text, Text]] = []
    for c in since["contacts"][:SINCE_ON_SCREEN]:
        happened.append(("•", plain(f"contact ({c['via']}, {c['on']}): ").append(plain(c["text"]))))
    for done in since["actions_done"][:SINCE_ON_SCREEN]:
        happened.append(("•", Text("done: ").append(plain(done["text"]))))
    for n in since["lessons"][:SINCE_ON_SCREEN]:
        happened.append(("•", Text("lesson: ").append(plain(n["text"]))))
    for n in since["decisions"][:SINCE_ON_SCREEN]:
        happened.append(("•", Text("decision: ").append(plain(n["text"]))))
    for p in since["goal_progress"][:SINCE_ON_SCREEN]:
        line = Text("progress: ").append(plain(f"{p['goal']}, {p['percent']}%"))
        if p["note"]:
            line.append(plain(f" ({p['note']})"))
        happened.append(("•", line))
    for r in since["goal_revisions"][:SINCE_ON_SCREEN]:
        happened.append(
            ("•", Text("revised: ").append(plain(f"{r['goal']}: {r['changes']}; why: {r['reason']}")))
        )
    label = f"session {since['last_session']}" if since["last_session"] else "the start"
    section(f"Since {label}", None, happened)
    kinds: tuple[list[Any], ...] = (
        since["contacts"],
        since["actions_done"],
        since["lessons"],
        since["decisions"],
        since["goal_progress"],
        since["goal_revisions"],
    )
    more = sum(max(0, len(kind) - SINCE_ON_SCREEN) for kind in kinds)
    if more > 0:
        # the terminal shows private entries too: so does the command that lists the rest
        where_all = (
            f"`mentorlog agenda --session {s['number']} --format markdown --include-private` lists every one"
            if s is not None
            else "`mentorlog log` lists them"
        )
        parts.append(plain(f"  and {more} more: {where_all}", style="dim"))

    from mentorlog.render.programme_events import event_line

    programme: list[tuple[str | Text, Text]] = [("•", plain(event_line(e))) for e in data["programme_events"]]
    name = data["programme_events"][0]["programme"] if programme else ""
    section(f"From the programme {name}", None, programme)
    if s is None:
        return Group(*parts)
    prompts: list[tuple[str | Text, Text]] = [("·", plain(p)) for p in data["prompts"]]
    section("Prompts for this phase", None, prompts)
    plan = Table(show_header=False, box=None, padding=(0, 1))
    plan.add_column(no_wrap=True, justify="right")
    plan.add_column()
    for item in data["time_plan"]:
        plan.add_row(f"  {item['minutes']:>3} min", plain(item["what"]))
    parts.append(Text("\nTime plan", style="bold"))
    parts.append(plan)
    if data["nudges"]:
        parts.append(Text(""))
        parts.append(
            bullets([(Text("•", style="yellow"), plain(n["message"])) for n in data["nudges"]], indent=0)
        )
    return Group(*parts)


def all_agendas_view(found: list[dict[str, Any]]) -> Group:
    """`agenda --all`: one line per journal's next session, the soonest first, then what it holds
    and the command that shows its agenda."""
    from mentorlog.render.terminal import Labelled

    parts: list[RenderableType] = []
    for item in found:
        head = plain(item["journal"], style="bold")
        if item["problem"]:
            head.append(plain(f"  {item['problem']}", style="red"))
            parts.append(head)
            continue
        s = item["session"]
        if s is None:
            head.append(plain(f"  with {item['partner']}: no session planned", style="dim"))
            parts.append(head)
            continue
        head.append(plain(f"  {s['weekday']} {s['date']} {s['time']}  session {s['number']} with "
                          f"{item['partner']} ({s['state']}), {where(s)}"))  # fmt: skip
        lines = [("topics", "; ".join(item["topics"]) if item["topics"] else "none yet")]
        counts = []
        if item["questions"]:
            counts.append(plural(item["questions"], "question"))
        if item["actions_due"]:
            counts.append(plural(item["actions_due"], "action") + " due")
        if counts:
            lines.append(("also", ", ".join(counts)))
        lines.append(("agenda", f"`{item['command']}`"))
        parts.append(head)
        parts.append(Labelled(lines))
    return Group(*parts)
