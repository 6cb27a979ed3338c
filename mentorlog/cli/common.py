"""What every command needs: the root options, the clock, the open journal, and output."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from mentorlog.dates import local_now, local_zone

if TYPE_CHECKING:
    from mentorlog.journal.journal import Journal

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (stable keys, for scripts).")]
Private = Annotated[bool, typer.Option("--private", help="Keep it in your journal only.")]
# Where a command writes what it makes, and a document's form (`report`, `recap`, `agenda`, …).
Out = Annotated[
    Path | None, typer.Option(metavar="FILE", help="Write to FILE (mode 0600); - is standard output.")
]
DocumentOut = Annotated[
    Path | None,
    typer.Option(metavar="FILE", help="Write to FILE (mode 0600) instead of printing; - is standard output."),
]
Force = Annotated[bool, typer.Option("--force", help="Replace the --out FILE if it exists.")]
DocumentFormat = Annotated[str, typer.Option("--format", help="markdown or html.")]


def date_option(help: str) -> Any:
    """An optional date flag (`Annotated[str | None, date_option("…")]`); its text is read by the
    date grammar in the service."""
    return typer.Option(metavar="DATE", help=help)


paging = True  # long output on a terminal may go through a pager (the root's `--no-pager`: not)


def state(ctx: typer.Context) -> Any:
    """The root options (`cli.State`) this command was run with."""
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


def date_order(journal: Journal | None = None) -> str:
    """How numeric dates read in this command (3/4/2028: `dmy` 3 April, `mdy` 4 March), read once at
    the edge like the clock: MENTORLOG_DATE_ORDER when it is set, else the journal's own setting
    (`mentorlog settings date-order`), else day first."""
    from mentorlog.dates import DATE_ORDER_VARIABLE, date_order_from_env

    if os.environ.get(DATE_ORDER_VARIABLE, "").strip() or journal is None:
        return date_order_from_env()
    from mentorlog.journal.journal import date_order_setting

    return date_order_setting(journal) or "dmy"


@contextlib.contextmanager
def interruptible(message: str | Callable[[], str]) -> Iterator[None]:
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


def json_text(data: object) -> str:
    """JSON for scripts: stable keys, UTF-8 as typed; the commands in its messages name the journal
    when it is not the default one."""
    from mentorlog.pasteable import json_for_journal

    return json.dumps(json_for_journal(data), indent=2, ensure_ascii=False) + "\n"


def emit_json(data: object) -> None:
    sys.stdout.write(json_text(data))


def deliver(text: str, out: Path | None, what: str, force: bool = False) -> None:
    """Print `text`, or write it to `out` (atomically, mode 0600, never over an existing file
    unless `force`) and say where; `-` is standard output."""
    from mentorlog.journal.files import is_stdout, write_private

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


def tell(text: str) -> None:
    """A plain line on standard error (when standard output carries a file, like `share -`)."""
    from mentorlog.render.controls import terminal_text

    typer.echo(_wrapped(terminal_text(text), sys.stderr), err=True)


def warn(data: Mapping[str, object]) -> None:
    """The warnings a service left in `data` (a due date in the past), taken out of it and said on
    standard error, so that standard output (and its JSON) stays the command's own."""
    for line in cast("dict[str, Any]", data).pop("warnings", None) or []:
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


def show(renderable: Any) -> None:
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
