"""The context a command runs in, made once from the root options and the command's own output
flag: the journal (`-j`), the acting role (`--as`), the moment (the clock read once), the date order
and the formatter (`cli/output.py`). Every command opens its journal and prints through it:

    with context.opened(ctx, json_output) as run:
        data = goals.finish_goal(run.journal, goal_id, run.now, run.acting_as)
    run.out.said(data, f"Goal {data['number']} achieved. Well done.")

(plain classes with `__slots__`, not dataclasses: every command makes one, and a dataclass costs a
quick note's start-up more than a millisecond.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mentorlog.cli import common
from mentorlog.cli.output import Words, chosen

if TYPE_CHECKING:
    import typer

    from mentorlog.journal.journal import Journal
    from mentorlog.model import Role


class Command:
    """What any command runs with: the journal chosen at the root (a name or path, or None for the
    default), the acting role, the moment, and the output. It does not change once made."""

    __slots__ = ("spec", "acting_as", "now", "out")
    spec: str | None
    acting_as: Role | None
    now: datetime
    out: Words

    def __init__(self, spec: str | None, acting_as: Role | None, now: datetime, out: Words):
        for name, value in (("spec", spec), ("acting_as", acting_as), ("now", now), ("out", out)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{name}: a command's context is made once and does not change")


class Run(Command):
    """A command with its journal open: the journal, and how numeric dates read in it."""

    __slots__ = ("journal", "_date_order")
    journal: Journal
    _date_order: str | None

    def __init__(self, made: Command, journal: Journal):
        super().__init__(made.spec, made.acting_as, made.now, made.out)
        object.__setattr__(self, "journal", journal)
        object.__setattr__(self, "_date_order", None)

    @property
    def date_order(self) -> str:
        """`dmy` or `mdy`, read from the environment or the journal once, when first needed."""
        order: str | None = self._date_order
        if order is None:
            order = common.date_order(self.journal)
            object.__setattr__(self, "_date_order", order)
        return order

    @property
    def me(self) -> Role:
        """The role this command acts as: `--as`, else the journal's owner."""
        return self.acting_as or self.journal.pair.me

    def partner_gets(self, what: str = "it") -> str:
        """When the partner has a shared record, in words true for this journal."""
        from mentorlog.journal.journal import partner_route
        from mentorlog.render.messages import partner_gets

        pair = self.journal.pair
        partner = pair.mentee if self.me.other == "mentee" else pair.mentor
        return partner_gets(partner, partner_route(self.journal), what)


def command(ctx: typer.Context, json_output: bool = False) -> Command:
    """The context of a command that opens no journal of its own (or another kind of journal)."""
    state = common.state(ctx)
    return Command(state.journal, state.acting_as, common.now(), chosen(json_output))


@contextlib.contextmanager
def opened(ctx: typer.Context, json_output: bool = False, sync: bool = True) -> Iterator[Run]:
    """The journal the root options point at, open for the length of one command; with automatic
    sync on (`mentorlog sync --auto on`), the partner's changed bundles are merged first and this
    journal's bundle is written after a command that changed something (`sync=False`: commands
    that exchange by themselves). After a command that succeeded, the calendar file is kept."""
    from mentorlog.journal.journal import auto_sync_folder
    from mentorlog.journal.journal import opened as open_journal

    made = command(ctx, json_output)
    with open_journal(made.spec) as handle:
        folder = auto_sync_folder(handle) if sync else None
        if folder is None:
            yield Run(made, handle)
        else:
            from mentorlog.exchange.sync import auto_synced

            with auto_synced(handle, folder, made.now, _tell_synced):
                yield Run(made, handle)
        _keep_calendar(handle, made.now)


def listed(
    ctx: typer.Context,
    json_output: bool,
    rows: Callable[[Run], Sequence[Any]],
    empty: str,
    view: str,
    keys: Sequence[str] = (),
) -> None:
    """A listing command: the `rows` read from its open journal, shown in the table `view` (as JSON
    with `keys`, when given), or the sentence `empty` when there are none."""
    with opened(ctx, json_output) as run:
        found = rows(run)
    run.out.listed(found, empty, view, keys)


def shown(ctx: typer.Context, json_output: bool, record: Callable[[Run], Any], view: str) -> None:
    """A command that shows one record: `record` read from its open journal, in the view `view`."""
    with opened(ctx, json_output) as run:
        data = record(run)
    run.out.shown(data, view)


def keep_calendar_of(spec: str | None, now: datetime) -> None:
    """The calendar file kept current after a command that changes the journal without holding it
    open through `opened` (`merge`)."""
    from mentorlog.journal.journal import opened as open_journal

    with open_journal(spec) as handle:
        _keep_calendar(handle, now)


def _keep_calendar(journal: Journal, now: datetime) -> None:
    """After a command that succeeded: the calendar file of `mentorlog settings calendar-file`,
    rewritten when its content changed (nothing is imported or read beyond one setting when no
    file is set). A file that cannot be written is said, and the command's work stands."""
    from mentorlog.journal.journal import calendar_file_setting

    setting = calendar_file_setting(journal)
    if setting is None:
        return
    from mentorlog.errors import MentorlogError
    from mentorlog.render.ical import calendar_text
    from mentorlog.sessions.calendar_file import keep_current

    try:
        keep_current(journal, now, setting, calendar_text)
    except Exception as error:  # the command's own work is done and stays: say so, and go on
        from mentorlog.journal.journal import journal_failure

        reason = str(error) if isinstance(error, MentorlogError | OSError) else journal_failure(error)
        common.tell(
            f"The calendar file {setting[0]} was not updated: {reason or type(error).__name__} "
            "(`mentorlog settings calendar-file off` stops it)."
        )


def _tell_synced(what: Any) -> None:
    """What automatic sync did, on standard error (standard output stays the command's own)."""
    import typer

    from mentorlog.render.controls import terminal_text
    from mentorlog.render.exchange import synced_lines

    for line in synced_lines(what):
        typer.echo(terminal_text(line), err=True)
