"""Rich tables and panels for the terminal. User text always goes in as `Text`, never markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mentorlog.model import PHASE_TITLES, Phase

_console: Console | None = None


def console() -> Console:
    global _console
    if _console is None:
        _console = Console(highlight=False, soft_wrap=False)
    return _console


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
    agreement = data["agreement"]
    if agreement["state"]:
        parts.append(Text(f"Agreement: version {agreement['version']}, {agreement['state']}"))
    if data["nudges"]:
        table = Table(show_header=False, box=None, padding=(0, 1))
        for nudge in data["nudges"]:
            table.add_row(Text("•", style="yellow"), Text(nudge["message"]))
        parts.append(Text("\nWorth a look:", style="bold"))
        parts.append(table)
    else:
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
