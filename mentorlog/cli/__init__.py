"""The root of the command line: root options, the command groups, and the one place where a
`MentorlogError` becomes a message on stderr and an exit code.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Annotated

import typer
from typer.core import TyperGroup

from mentorlog import __version__
from mentorlog.dates import GRAMMAR
from mentorlog.errors import MentorlogError
from mentorlog.model import Role


@dataclass
class State:
    """Root options, handed to every command through the click context."""

    journal: str | None = None
    acting_as: Role | None = None
    debug: bool = False


class RootGroup(TyperGroup):
    """Turns errors raised by commands into a short message and exit code 1 (2 for usage)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except MentorlogError as error:
            if _debug(ctx):
                raise
            _fail(str(error), error.exit_code)
        except BrokenPipeError:
            _reader_went_away()
        except KeyboardInterrupt:
            _fail("Interrupted; nothing was saved.", 130)
        except Exception as error:  # the last resort: never a traceback without --debug
            if _debug(ctx):
                raise
            _fail(_unexpected(error), 1)


def _reader_went_away():
    """The reader of our output (`| head`) closed the pipe: stop quietly, as the reader wished."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # nothing more can be written, not even at exit
    raise typer.Exit(0)


def _debug(ctx) -> bool:
    state = ctx.find_root().obj
    return bool(getattr(state, "debug", False)) or "--debug" in sys.argv[1:]


def _unexpected(error: Exception) -> str:
    import sqlite3

    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
        return "The journal is busy (another mentorlog is writing to it). Try again in a moment."
    if isinstance(error, sqlite3.DatabaseError):
        return f"The journal could not be read or written ({error}). `mentorlog backup` keeps a copy."
    return (
        f"Something unexpected went wrong: {type(error).__name__}: {error}\n"
        "Run again with --debug to see where."
    )


def _fail(message: str, code: int):
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


HELP = """A local-first mentoring journal for a mentor and a mentee.

One journal is one pair, in one SQLite file on your machine. Start with `mentorlog demo`
or `mentorlog init`.
"""

EPILOG = "\b\n" + GRAMMAR  # \b keeps click from re-wrapping the table

app = typer.Typer(
    cls=RootGroup,
    help=HELP,
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool):
    if value:
        typer.echo(f"mentorlog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    journal: Annotated[
        str | None,
        typer.Option(
            "--journal",
            "-j",
            envvar="MENTORLOG_JOURNAL",
            metavar="NAME|PATH",
            help="The journal: a NAME in the mentorlog home, or a PATH to a .db file.",
        ),
    ] = None,
    acting_as: Annotated[
        Role | None,
        typer.Option(
            "--as",
            case_sensitive=False,
            help="Act as this role for one command (both at one laptop). Default: the journal's owner.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
):
    """A local-first mentoring journal for a mentor and a mentee."""
    ctx.obj = State(journal=journal, acting_as=acting_as, debug=debug)


def _register() -> None:
    from mentorlog.cli import (
        agreement,
        entries,
        exchange,
        goals,
        journal,
        notes,
        plan,
        reports,
        sessions,
        templates,
    )

    journal.register(app)
    app.add_typer(agreement.app, name="agreement")
    app.add_typer(agreement.rules, name="rule")
    app.command()(goals.vision)
    app.add_typer(goals.app, name="goal")
    app.command()(plan.assess)
    app.add_typer(plan.outcomes, name="outcome")
    app.add_typer(plan.options, name="option")
    app.add_typer(plan.actions, name="action")
    app.add_typer(sessions.app, name="session")
    app.add_typer(sessions.topics, name="topic")
    app.command()(sessions.feedback)
    for command in (notes.note, notes.contact, notes.edit, notes.log, notes.search, notes.agenda):
        app.command()(command)
    entries.register(app)
    reports.register(app)
    exchange.register(app)
    app.add_typer(templates.app, name="templates")


_register()


def main(argv: list[str] | None = None) -> None:
    """The console script."""
    app(args=argv, prog_name="mentorlog")
