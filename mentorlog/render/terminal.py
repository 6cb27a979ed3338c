"""Rich tables and panels for the terminal, and the few pieces every terminal view shares.

Design:
- **User text is never markup.** It goes into renderables only through `plain` (a `Text`, so
  `[bold red]` or `[/b]` prints as typed, panel titles included), after `escape.terminal_text`
  has made every control character visible (`\\x1b`, `\\u202e`): nothing stored in a journal can
  move the cursor, clear the screen, retitle the window or reorder a line. The console itself
  has markup, emoji codes and highlighting off, as a second net.
- **Colours** only on a terminal, never with `NO_COLOR` (rich reads both); piped output is plain.
- **Layout at any width from 60 columns:** no column is silently dropped and no id, date or word
  is cut. A table that cannot show all its columns without breaking a word (`Fit`) is shown in
  its narrow form, where the long parts (a goal's details, a session's place or link) get lines
  of their own. Wrapped bullets hang-indent under their first line (`bullets`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mentorlog.dates import in_days
from mentorlog.model import PHASE_TITLES, Phase
from mentorlog.render.escape import terminal_text
from mentorlog.render.grid import Grid
from mentorlog.words import plural

if TYPE_CHECKING:
    from mentorlog.rows.status import ExchangeShown, Status


def console() -> Console:
    """A console for this command's output (width from the terminal, or `COLUMNS`)."""
    return Console(highlight=False, soft_wrap=False, markup=False, emoji=False)


def plain(value: object, style: str = "") -> Text:
    """User text (or any value) as a `Text`: never markup, control characters made visible; a word
    longer than its column folds onto the next line instead of being cut with an ellipsis."""
    return Text(terminal_text("" if value is None else value), style=style, overflow="fold")


def whole(value: object, style: str = "") -> Text:
    """An id, a date or a number: never wrapped, so never cut."""
    return Text(terminal_text("" if value is None else value), style=style, no_wrap=True)


def when(starts_at: str) -> str:
    """`2026-11-26T17:00+01:00` → `Thu 2026-11-26 17:00` (the session's own local time)."""
    try:
        moment = datetime.fromisoformat(starts_at)
    except ValueError:
        return terminal_text(starts_at)
    return f"{moment:%a %Y-%m-%d %H:%M}"


class Fit:
    """The wide form of a table when it fits the width without cutting a word, else the narrow one."""

    def __init__(self, wide: Table, narrow: RenderableType):
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if self.fits(console, options) else self.narrow

    def fits(self, console: Console, options: ConsoleOptions) -> bool:
        """Whether the widths rich gives the wide table's columns at this width leave every column
        room for its longest word, and a column that never wraps room for its whole text. (The
        table's own measure is not enough: rich narrows only the columns that wrap, so a long
        date in a column that never wraps would squeeze a link in the next one.)"""
        from rich.measure import Measurement

        table = self.wide
        unbounded = options.update_width(1_000_000)  # a measurement is clamped to the width it is given
        try:
            widths = table._calculate_column_widths(
                console, options.update_width(options.max_width - table._extra_width)
            )
            needs = [table._measure_column(console, unbounded, column) for column in table.columns]
        except AttributeError:  # a rich without these: the table's own measure
            return Measurement.get(console, unbounded, table).minimum <= options.max_width
        return all(
            width >= (need.maximum if column.no_wrap else need.minimum)
            for width, need, column in zip(widths, needs, table.columns, strict=True)
        )


def bullets(rows: Sequence[tuple[str | Text, Text]], indent: int = 2, style: str = "") -> Grid:
    """A list whose wrapped lines hang under the first line's text, not under the bullet (a
    `Table.grid` drawn in one pass: render/grid.py)."""
    grid = Grid(padding=1)
    grid.add_column(no_wrap=True, style=style)
    grid.add_column()
    for mark, body in rows:
        marker = Text(" " * indent)
        marker.append(mark if isinstance(mark, Text) else Text(mark, style=style))
        body.overflow = body.overflow or "fold"  # a long word folds, never ends in an ellipsis
        grid.add_row(marker, body)
    return grid


def bar(percent: int | None, width: int = 10) -> Text:
    """A progress bar that reads the same with or without colour: `██████░░░░  60%`."""
    percent = max(0, min(100, percent or 0))
    filled = round(percent * width / 100)
    text = Text("█" * filled, style="green", no_wrap=True)
    text.append("░" * (width - filled), style="dim")
    text.append(f" {percent:>3}%")
    return text


def kv_table(rows: Sequence[tuple[str, object]]) -> Table:
    """Label/value rows; values are user text (never markup); empty values show as a dash."""
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for label, value in rows:
        if isinstance(value, Text):
            table.add_row(label, value)
        else:
            table.add_row(label, plain("—" if value in (None, "") else value))
    return table


def private_mark(visibility: str) -> Text:
    return Text("🔒\u00a0private", style="magenta") if visibility == "private" else Text("")


def phase_view(data: dict[str, str]) -> Text:
    """`phase`'s view of `{"phase": …}`: the phases in a line, the current one marked."""
    return phase_line(data["phase"])


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


def exchange_line(exchange: ExchangeShown, data: Status) -> str:
    """When the partner's last bundle was made, and what is not shared yet, in one line."""
    me = data["pair"]["me"]
    partner = (data["pair"]["mentee"] if me == "mentor" else data["pair"]["mentor"]).split()[0]
    made = exchange["partner_bundle_at"]
    if made:
        from mentorlog.dates import from_stamp, local_zone

        moment = from_stamp(made).astimezone(local_zone())
        words = [f"{partner}'s last bundle: made {moment:%a} {moment.day} {moment:%b %H:%M}"]
    elif exchange["last_shared_clock"]:
        words = [f"No bundle from {partner} yet"]
    else:  # neither side has sent anything: there may be no partner journal at all yet
        words = [f"Nothing exchanged with {partner} yet"]
    waiting = exchange["unshared_changes"] or 0
    not_had = exchange["not_yet_had"] or 0
    if waiting:
        words.append(f"{plural(waiting, 'change')} of yours not yet shared")
    elif made and not_had:  # shared, but the partner's bundles do not show it arrived yet
        words.append(f"everything of yours is shared ({plural(not_had, 'change')} not yet arrived)")
    else:
        words.append("everything of yours is shared")
    if exchange["sync_folder"]:
        words.append(f"sync folder {exchange['sync_folder']}")
    return "\n" + " · ".join(words) + "."


def status_view(data: Status) -> Group:
    pair = data["pair"]
    head = Text()
    head.append(plain(pair["mentee"], style="bold"))
    head.append(" (mentee) with ")
    head.append(plain(pair["mentor"], style="bold"))
    head.append(" (mentor)")
    lines = [head]
    if pair["programme"]:
        lines.append(plain(pair["programme"], style="dim"))
    period = data["period"]
    lines.append(plain(f"{period['start']} → {period['end']}", style="dim"))
    lines[-1].append(
        ", provisional until an agreement is approved" if period["provisional"] else ", as agreed",
        style="yellow" if period["provisional"] else "dim",
    )
    lines.append(plain(f"This journal is the {pair['me']}'s ({data['journal']})", style="dim"))
    parts: list[RenderableType] = [
        Panel(Group(*lines), title=Text("mentorlog"), title_align="left", expand=False)
    ]
    phase = Text("Phase: ")
    phase.append(PHASE_TITLES[Phase(data["phase"])], style="bold")
    parts.append(phase)
    parts.append(phase_line(data["phase"]))
    ended = data["ended"]
    if ended:
        word = "ended early" if ended["kind"] == "early" else "completed"
        parts.append(Text(f"The mentorship was {word} on {ended['on']}.", style="green bold"))
    if data["suggestion"]:
        parts.append(plain(data["suggestion"], style="cyan"))
    agreement = data["agreement"]
    line = Text("Agreement: ")
    if agreement["state"]:
        line.append(
            f"version {agreement['version']}, {agreement['state']}",
            style="green" if agreement["state"] == "approved" else "yellow",
        )
        in_force = data["agreement_in_force"]
        if in_force and in_force != agreement["version"]:
            line.append(f" (version {in_force} in force)")
    else:
        line.append("none yet", style="yellow")
    parts.append(line)
    if data["goals"]:
        parts.append(Text("\nGoals", style="bold"))
        goals = Grid(padding=1, edge=True)
        goals.add_column(no_wrap=True)
        goals.add_column()
        goals.add_column(no_wrap=True)
        for goal in data["goals"]:
            due = (
                whole(f"{goal['due']} overdue", style="red")
                if goal["overdue"]
                else whole(goal["due"] or "", style="dim")
            )
            goals.add_row(bar(goal["progress"]), plain(goal["title"]), due)
        parts.append(goals)
        more = data["counts"]["goals_active"] - len(data["goals"])
        if more > 0:
            parts.append(plain(f"  and {more} more: `mentorlog goal list`", style="dim"))
    upcoming = data["next_session"]
    line = Text("Next session: ")
    if upcoming and upcoming["under_way"]:
        line = Text("Session under way: ")
        topics = plural(upcoming["topics"], "topic")
        line.append(
            f"{upcoming['number']}, since {when(upcoming['starts_at'])}, {topics}", style="bold green"
        )
    elif upcoming:
        line.append(
            f"{upcoming['number']}, {when(upcoming['starts_at'])} ({in_days(upcoming['days_until'])}), "
            f"{upcoming['state']}, {plural(upcoming['topics'], 'topic')}",
            style="bold",
        )
    else:
        line.append("none planned", style="yellow")
    parts.append(line)
    from mentorlog.render.programme_events import view_lines

    programme = view_lines(data["programme_events"], data["programme_announcements"])
    parts += [plain(text, style="cyan") for text in programme]
    counts = data["counts"]
    parts.append(
        Text(
            f"Sessions: {counts['sessions_held']} held, {counts['sessions_planned']} planned · "
            f"{plural(counts['notes'], 'note')} · {plural(counts['contacts'], 'contact')}",
            style="dim",
        )
    )
    if counts["actions_open"]:
        line = Text(f"\nActions: {counts['actions_open']} open")
        if counts["actions_overdue"]:
            line.append(f", {counts['actions_overdue']} overdue", style="red")
        parts.append(line)
        mine = [a for a in data["actions"] if a["mine"]]
        if mine:
            rows = []
            for a in mine:
                body = plain(a["text"])
                if a["due"]:
                    body.append(f"  due {a['due']}", style="red" if a["overdue"] else "dim")
                rows.append(("•", body))
            parts.append(Text("Yours:", style="bold"))
            parts.append(bullets(rows))
    parts.append(Text(exchange_line(data["exchange"], data), style="dim"))
    if data["milestones"]:
        parts.append(Text("\nMilestones", style="bold"))
        rows = []
        for m in data["milestones"]:
            body = plain(f"{m['date']}  ", style="green")
            body.append(plain(m["title"], style="green"))
            rows.append(("✓", body))
        parts.append(bullets(rows, style="green"))
    if data["nudges"]:
        parts.append(Text("\nWorth a look:", style="bold"))
        parts.append(
            bullets([(Text("•", style="yellow"), plain(n["message"])) for n in data["nudges"]], indent=0)
        )
    elif not ended:
        parts.append(Text("\nNothing needs attention.", style="green"))
    return Group(*parts)


class Labelled:
    """Lines of a label and a text, the text wrapped at whole words to the width there is, and a
    `command` in it kept whole on one line (pasted from two lines, it would not run)."""

    def __init__(self, lines: list[tuple[str, str]]):
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = max(len(label) for label, _ in self.lines) + 4
        width = max(20, options.max_width - label_width)
        for label, text in self.lines:
            for i, line in enumerate(wrapped_keeping_commands(text, width)):
                row = Text(f"  {label}".ljust(label_width) if i == 0 else " " * label_width, style="dim")
                row.append(plain(line))
                row.no_wrap, row.overflow = True, "ignore"
                yield row


def wrapped_keeping_commands(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words only, never inside a
    `command` (one longer than the line gets a line of its own)."""
    words: list[str] = []
    inside = False
    for word in text.split():
        if inside:
            words[-1] += " " + word
        else:
            words.append(word)
        if word.count("`") % 2:
            inside = not inside
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
