"""Rich tables and panels for the terminal. User text always goes in as `Text`, never markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mentorlog.dates import in_days
from mentorlog.model import PHASE_TITLES, Phase

_console: Console | None = None


def console() -> Console:
    global _console
    if _console is None:
        _console = Console(highlight=False, soft_wrap=False)
    return _console


def bar(percent: int | None, width: int = 10) -> Text:
    """A progress bar that reads the same with or without colour: `██████░░░░  60%`."""
    percent = max(0, min(100, percent or 0))
    filled = round(percent * width / 100)
    text = Text("█" * filled, style="green")
    text.append("░" * (width - filled), style="dim")
    text.append(f" {percent:>3}%")
    return text


def kv_table(rows) -> Table:
    """Label/value rows; values are user text (never markup); empty values show as a dash."""
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for label, value in rows:
        if isinstance(value, Text):
            table.add_row(label, value)
        else:
            table.add_row(label, Text("—" if value in (None, "") else str(value)))
    return table


def private_mark(visibility: str) -> Text:
    return Text("🔒 private", style="magenta") if visibility == "private" else Text("")


def phase_line(current: str) -> Text:
    """`getting-started › here-and-now › [there-and-then] › …` with the current phase marked."""
    line = Text()
    for i, phase in enumerate(Phase):
        if i:
            line.append(" › ", style="dim")
        if phase.value == current:
            line.append(f"[{phase.value}]", style="bold cyan")
        else:
            line.append(phase.value, style="dim" if i > list(Phase).index(Phase(current)) else "")
    return line


def status_view(data: dict) -> Group:
    pair = data["pair"]
    head = Text()
    head.append(pair["mentee"], style="bold")
    head.append(" (mentee) with ")
    head.append(pair["mentor"], style="bold")
    head.append(" (mentor)")
    lines = [head]
    if pair.get("programme"):
        lines.append(Text(pair["programme"], style="dim"))
    period = Text(f"{pair['starts_on']} → {pair['ends_on']}", style="dim")
    lines.append(period)
    lines.append(Text(f"This journal is the {pair['me']}'s ({data['journal']})", style="dim"))
    parts: list = [Panel(Group(*lines), title="mentorlog", title_align="left", expand=False)]
    phase = Text("Phase: ")
    phase.append(PHASE_TITLES[Phase(data["phase"])], style="bold")
    parts.append(phase)
    parts.append(phase_line(data["phase"]))
    if data.get("ended"):
        ended = data["ended"]
        word = "ended early" if ended["kind"] == "early" else "completed"
        parts.append(Text(f"The mentorship was {word} on {ended['on']}.", style="green bold"))
    if data.get("suggestion"):
        parts.append(Text(data["suggestion"], style="cyan"))
    agreement = data["agreement"]
    line = Text("Agreement: ")
    if agreement["state"]:
        line.append(
            f"version {agreement['version']}, {agreement['state']}",
            style="green" if agreement["state"] == "approved" else "yellow",
        )
        in_force = data.get("agreement_in_force")
        if in_force and in_force != agreement["version"]:
            line.append(f" (version {in_force} in force)")
    else:
        line.append("none yet", style="yellow")
    parts.append(line)
    if data.get("goals"):
        parts.append(Text("\nGoals", style="bold"))
        goals = Table(show_header=False, box=None, padding=(0, 1))
        for goal in data["goals"]:
            goals.add_row(bar(goal["progress"]), Text(goal["title"]), Text(goal["due"] or "", style="dim"))
        parts.append(goals)
        more = data["counts"]["goals_active"] - len(data["goals"])
        if more > 0:
            parts.append(Text(f"  and {more} more: `mentorlog goal list`", style="dim"))
    upcoming = data.get("next_session")
    line = Text("Next session: ")
    if upcoming:
        line.append(
            f"{upcoming['number']}, {upcoming['starts_at'].replace('T', ' ')[:16]} "
            f"({in_days(upcoming['days_until'])}), "
            f"{upcoming['state']}, {upcoming['topics']} topic(s)",
            style="bold",
        )
    else:
        line.append("none planned", style="yellow")
    parts.append(line)
    counts = data.get("counts", {})
    if "sessions_held" in counts:
        parts.append(
            Text(
                f"Sessions: {counts['sessions_held']} held, {counts['sessions_planned']} planned · "
                f"notes: {counts['notes']} · contacts: {counts['contacts']}",
                style="dim",
            )
        )
    if counts.get("actions_open"):
        line = Text(f"\nActions: {counts['actions_open']} open")
        if counts.get("actions_overdue"):
            line.append(f", {counts['actions_overdue']} overdue", style="red")
        parts.append(line)
    if data.get("milestones"):
        parts.append(Text("\nMilestones", style="bold"))
        for m in data["milestones"]:
            parts.append(Text(f"  ✓ {m['date']}  {m['title']}", style="green"))
    if data["nudges"]:
        table = Table(show_header=False, box=None, padding=(0, 1))
        for nudge in data["nudges"]:
            table.add_row(Text("•", style="yellow"), Text(nudge["message"]))
        parts.append(Text("\nWorth a look:", style="bold"))
        parts.append(table)
    elif not data.get("ended"):
        parts.append(Text("\nNothing needs attention.", style="green"))
    return Group(*parts)


def journals_table(rows: list[dict]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("name", "mentee", "mentor", "phase", "me"):
        table.add_column(column)
    for row in rows:
        if row["problem"]:
            table.add_row(Text(row["name"]), Text(row["problem"], style="red"), "", "", "")
        else:
            table.add_row(*(Text(row[k] or "") for k in ("name", "mentee", "mentor", "phase", "me")))
    return table
