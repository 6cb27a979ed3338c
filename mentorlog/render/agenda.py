"""The agenda in the terminal: one screen a mentee can read before a session."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mentorlog.dates import in_days
from mentorlog.render.sessions import where
from mentorlog.render.terminal import bar, private_mark


def agenda_view(data: dict, pair: dict) -> Group:
    s = data["session"]
    head = Text(f"Session {s['number']}", style="bold")
    head.append(f" — {s['when']} ({in_days(s['days_until'])})")
    info = Text(
        f"{s['length_minutes']} min · {where(s)} · {s['kind']} · {s['state']} · phase {data['phase']}"
    )
    if s.get("position"):
        info.append(f"\nMeeting {s['position']} of {s['planned']} planned")
    parts: list = [
        Panel(
            Group(head, info),
            title=f"Agenda: {pair['mentee']} & {pair['mentor']}",
            title_align="left",
            expand=False,
        )
    ]

    def section(title: str, empty: str | None, rows: list[Text]) -> None:
        if not rows and empty is None:
            return
        parts.append(Text(f"\n{title}", style="bold"))
        for row in rows or [Text(empty, style="dim")]:
            parts.append(row)

    topics = []
    for t in data["topics"]:
        line = Text("  • ")
        line.append(t["text"])
        line.append(f"  ({t['author']}", style="dim")
        if t["late"]:
            line.append(", proposed late", style="yellow")
        if t["carried_over"]:
            line.append(", carried over", style="dim")
        line.append(")", style="dim")
        line.append(" ")
        line.append(private_mark(t["visibility"]))
        topics.append(line)
    section("Topics", "No topic yet: `mentorlog topic add TEXT` (at least 3 days ahead).", topics)

    actions = []
    for a in data["actions"]:
        line = Text("  • ")
        line.append(a["text"])
        line.append(f"  {a['owner']}, due {a['due']}", style="red" if a["overdue"] else "dim")
        if a["overdue"]:
            line.append(" (overdue)", style="red bold")
        actions.append(line)
    section("Actions due", "Nothing due by then.", actions)

    questions = []
    for q in data["questions"]:
        line = Text("  ? ")
        line.append(q["text"])
        line.append(f"  ({q['author']}) ", style="dim")
        line.append(private_mark(q["visibility"]))
        questions.append(line)
    section("Parked questions", None, questions)

    if data["goals"]:
        table = Table(show_header=False, box=None, padding=(0, 1))
        for g in data["goals"]:
            table.add_row("  ", bar(g["progress"]), Text(g["title"]), Text(g["due"] or "", style="dim"))
        parts.append(Text("\nGoals in play", style="bold"))
        parts.append(table)

    since = data["since_last"]
    happened = []
    for c in since["contacts"]:
        happened.append(Text(f"  contact ({c['via']}, {c['on']}): ").append(Text(c["text"])))
    for a in since["actions_done"]:
        happened.append(Text("  done: ").append(Text(a["text"])))
    for n in since["lessons"]:
        happened.append(Text("  lesson: ").append(Text(n["text"])))
    for n in since["decisions"]:
        happened.append(Text("  decision: ").append(Text(n["text"])))
    label = f"session {since['last_session']}" if since["last_session"] else "the start"
    section(f"Since {label}", None, happened)

    section("Prompts for this phase", None, [Text(f"  · {p}") for p in data["prompts"]])
    plan = Table(show_header=False, box=None, padding=(0, 1))
    for item in data["time_plan"]:
        plan.add_row(f"  {item['minutes']:>3} min", Text(item["what"]))
    parts.append(Text("\nTime plan", style="bold"))
    parts.append(plan)
    for nudge in data["nudges"]:
        parts.append(Text(f"• {nudge['message']}", style="yellow"))
    return Group(*parts)
