"""What every command needs: the root options, the clock, the open journal, and output."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import typer

from mentorlog.dates import local_now, local_zone

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (stable keys, for scripts).")]


def date_option(help: str) -> Any:
    """An optional date flag (`Annotated[str | None, date_option("…")]`); its text is read by the
    date grammar in the service."""
    return typer.Option(metavar="DATE", help=help)


paging = True  # long output on a terminal may go through a pager (the root's `--no-pager`: not)


def state(ctx: typer.Context):
    return ctx.find_root().obj


# Tests set this to an ISO 8601 moment with an offset (`2026-11-21T14:30:00+01:00`): every command
# then runs at that moment, in the local time zone, so the suite never depends on the real clock.
NOW_VARIABLE = "MENTORLOG_NOW"


def now() -> datetime:
    """The clock, read once per command at the edge: the real one, or the moment in MENTORLOG_NOW."""
    fixed = os.environ.get(NOW_VARIABLE)
    if not fixed:
        return local_now()
    moment = datetime.fromisoformat(fixed)
    if moment.tzinfo is None:
        raise ValueError(f"{NOW_VARIABLE}={fixed!r} needs an offset, e.g. 2026-11-21T14:30:00+01:00")
    return moment.astimezone(local_zone())


def date_order(journal=None) -> str:
    """How numeric dates read in this command (3/4/2028: `dmy` 3 April, `mdy` 4 March), read once at
    the edge like the clock: MENTORLOG_DATE_ORDER when it is set, else the journal's own setting
    (`mentorlog settings date-order`), else day first."""
    from mentorlog.dates import DATE_ORDER_VARIABLE, date_order_from_env

    if os.environ.get(DATE_ORDER_VARIABLE, "").strip() or journal is None:
        return date_order_from_env()
    from mentorlog.services.journal import date_order_setting

    return date_order_setting(journal) or "dmy"


@contextlib.contextmanager
def journal(ctx: typer.Context, sync: bool = True):
    """The journal the root options point at, open for the length of one command; with automatic
    sync on (`mentorlog sync --auto on`), the partner's changed bundles are merged first and this
    journal's bundle is written after a command that changed something (`sync=False`: commands
    that exchange by themselves)."""
    from mentorlog.services.journal import auto_sync_folder, opened

    with opened(state(ctx).journal) as handle:
        folder = auto_sync_folder(handle) if sync else None
        if folder is None:
            yield handle
        else:
            from mentorlog.services.sync import auto_synced

            with auto_synced(handle, folder, now(), _tell_synced):
                yield handle
        _keep_calendar(handle)


def keep_calendar_of(spec: str | None) -> None:
    """The calendar file kept current after a command that changes the journal without holding it
    open through `journal` (`merge`)."""
    from mentorlog.services.journal import opened

    with opened(spec) as handle:
        _keep_calendar(handle)


def _keep_calendar(journal) -> None:
    """After a command that succeeded: the calendar file of `mentorlog settings calendar-file`,
    rewritten when its content changed (nothing is imported or read beyond one setting when no
    file is set). A file that cannot be written is said, and the command's work stands."""
    from mentorlog.services.journal import calendar_file_setting

    setting = calendar_file_setting(journal)
    if setting is None:
        return
    from mentorlog.errors import MentorlogError
    from mentorlog.render.ical import calendar_text
    from mentorlog.services.calendar_file import keep_current

    try:
        keep_current(journal, now(), setting, calendar_text)
    except Exception as error:  # the command's own work is done and stays: say so, and go on
        from mentorlog.services.journal import journal_failure

        reason = str(error) if isinstance(error, MentorlogError | OSError) else journal_failure(error)
        tell(
            f"The calendar file {setting[0]} was not updated: {reason or type(error).__name__} "
            "(`mentorlog settings calendar-file off` stops it)."
        )


LOCKED = (
    "{file} in the sync folder is locked with a pairing code: run `mentorlog sync --code WORDS` with "
    "the code your partner tells you."
)
LEFT_ALONE = "{file} left alone: {reason}"


def _tell_synced(what: Any) -> None:
    """What automatic sync did, on standard error (standard output stays the command's own)."""
    from mentorlog.render.controls import terminal_text

    if isinstance(what, str):
        lines = [what]
    elif what.get("locked"):
        lines = [LOCKED.format(file=what["file"])]
    elif "refused" in what:
        lines = [LEFT_ALONE.format(file=f"{what['file']} in the sync folder", reason=what["refused"])]
    elif "notice" in what:
        lines = [f"{what['file']} in the sync folder: {what['notice']}"]
    else:
        from mentorlog.render.exchange import merge_lines

        lines = [f"From the sync folder ({what['file']}):", *merge_lines(what)]
    for line in lines:
        typer.echo(terminal_text(line), err=True)


@contextlib.contextmanager
def interruptible(message: str | Callable[[], str]):
    """Ctrl-C at a prompt ends the command with `message` (or what it returns, when it is a
    function) on stderr and exit code 130, the convention for an interrupt, rather than click's
    "Aborted!" and 1. End of input (Ctrl-D) stays as it was. (A prompt turns Ctrl-C into
    `typer.Abort`, whose context is the KeyboardInterrupt.)"""
    try:
        yield
    except (typer.Abort, KeyboardInterrupt) as stop:
        if isinstance(stop, typer.Abort) and not isinstance(stop.__context__, KeyboardInterrupt):
            raise
        from mentorlog.render.controls import terminal_text

        typer.echo(f"\n{terminal_text(message() if callable(message) else message)}", err=True)
        raise typer.Exit(130) from None


def acting(ctx: typer.Context):
    return state(ctx).acting_as


def json_text(data) -> str:
    """JSON for scripts: stable keys, UTF-8 as typed; the commands in its messages name the journal
    when it is not the default one."""
    from mentorlog.pasteable import json_for_journal

    return json.dumps(json_for_journal(data), indent=2, ensure_ascii=False) + "\n"


def emit_json(data) -> None:
    sys.stdout.write(json_text(data))


def deliver(text: str, out, what: str, force: bool = False) -> None:
    """Print `text`, or write it to `out` (atomically, mode 0600, never over an existing file
    unless `force`) and say where; `-` is standard output."""
    from mentorlog.services.files import is_stdout, write_private

    if out is None or is_stdout(out):
        text = text if text.endswith("\n") else text + "\n"
        if sys.stdout.isatty():
            from mentorlog.cli.pager import page  # a terminal only: piped output is never paged

            if page(text, paging):
                return
        sys.stdout.write(text)
        return
    written = write_private(out, text, replace_existing=force)
    say(f"Wrote the {what} to {written}.")


def say_or_json(data, json_output: bool, message: str) -> None:
    """The result as JSON for scripts, or one line for a person."""
    if json_output:
        emit_json(data)
    else:
        say(message)


def tell(text: str) -> None:
    """A plain line on standard error (when standard output carries a file, like `share -`)."""
    from mentorlog.render.controls import terminal_text

    typer.echo(_wrapped(terminal_text(text), sys.stderr), err=True)


def warn(data: dict) -> None:
    """The warnings a service left in `data` (a due date in the past), taken out of it and said on
    standard error, so that standard output (and its JSON) stays the command's own."""
    for line in data.pop("warnings", None) or []:
        tell(line)


def say(text: str) -> None:
    """A plain line on stdout: user text is printed as typed, never as markup, and no control
    character from it reaches the terminal raw (it is shown as a visible escape)."""
    from mentorlog.render.controls import terminal_text

    typer.echo(_wrapped(terminal_text(text), sys.stdout))


def _wrapped(text: str, stream: Any) -> str:
    """`text` wrapped at whole words for the terminal `stream` is (a link or command too long for a
    line gets a line of its own); piped, as it is."""
    try:
        on_terminal = stream.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    if not on_terminal:
        return text
    import shutil

    from mentorlog.words import wrap_message

    return wrap_message(text, shutil.get_terminal_size().columns)


def show(renderable) -> None:
    """A rich renderable on stdout (colours only on a terminal, and never with NO_COLOR); on a
    terminal, through the pager when it is taller than the screen (cli/pager.py)."""
    from mentorlog.render.terminal import console

    out = console()
    if paging and sys.stdout.isatty():
        with out.capture() as captured:
            out.print(renderable)
        text = captured.get()
        from mentorlog.cli.pager import page

        if not page(text, paging):
            sys.stdout.write(text)
        return
    out.print(renderable)


def partner_gets(journal, acting_as=None, what: str = "it") -> str:
    """When the partner has a shared record, in words true for this journal: through the folder
    with automatic sync, after the next share, or after the first one."""
    from mentorlog.services.journal import partner_route

    who = journal.pair.mentee if (acting_as or journal.pair.me).other == "mentee" else journal.pair.mentor
    partner = who.split()[0] if who.split() else "your partner"
    route = partner_route(journal)
    if route == "auto":
        return (
            f"{partner} has {what} as soon as automatic sync writes your bundle into the folder, "
            "when this command ends"
        )
    if route == "share":
        return f"{partner} has {what} after your next `mentorlog share` (or `mentorlog sync`)"
    return (
        f"{partner} has {what} after your next `mentorlog share` (your first: the two journals "
        "have not exchanged anything yet)"
    )
