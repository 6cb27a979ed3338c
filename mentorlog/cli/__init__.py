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
    from mentorlog.services.journal import journal_failure

    problem = journal_failure(error)
    if problem is not None:
        return problem
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


def _show_version(value: bool):
    if value:
        typer.echo(f"mentorlog {__version__}")
        raise typer.Exit()


def root_callback(
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


# (command, module in mentorlog.cli, attribute): a Typer attribute is a group, a function a command.
COMMANDS = (
    ("init", "journal", "init"),
    ("journals", "journal", "journals"),
    ("status", "journal", "status"),
    ("phase", "journal", "phase"),
    ("demo", "journal", "demo"),
    ("agreement", "agreement", "app"),
    ("rule", "rules", "app"),
    ("vision", "goals", "vision"),
    ("goal", "goals", "app"),
    ("assess", "plan", "assess"),
    ("outcome", "plan", "outcomes"),
    ("option", "plan", "options"),
    ("action", "plan", "actions"),
    ("session", "sessions", "app"),
    ("topic", "sessions", "topics"),
    ("feedback", "sessions", "feedback"),
    ("note", "notes", "note"),
    ("contact", "notes", "contact"),
    ("edit", "entries", "edit"),
    ("log", "notes", "log"),
    ("search", "notes", "search"),
    ("agenda", "notes", "agenda"),
    ("rm", "entries", "rm"),
    ("restore", "entries", "restore"),
    ("report", "reports", "report"),
    ("reflect", "reports", "reflect"),
    ("end", "reports", "end"),
    ("certificate", "reports", "certificate"),
    ("share", "exchange", "share"),
    ("merge", "exchange", "merge"),
    ("export", "exchange", "export"),
    ("calendar", "exchange", "calendar"),
    ("backup", "exchange", "backup"),
    ("templates", "templates", "app"),
)
NAMES = {name for name, _, _ in COMMANDS}
OPTIONS_WITH_VALUES = {"--journal", "-j", "--as"}


def build_app(only: set[str] | None = None) -> typer.Typer:
    """The command line with every command, or only those in `only` (building all of them costs
    Typer tens of milliseconds, which a quick `mentorlog note` should not pay)."""
    import importlib

    root = typer.Typer(
        cls=RootGroup,
        help=HELP,
        epilog=EPILOG,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    root.callback()(root_callback)
    for name, module, attribute in COMMANDS:
        if only is not None and name not in only:
            continue
        target = getattr(importlib.import_module(f"mentorlog.cli.{module}"), attribute)
        if isinstance(target, typer.Typer):
            root.add_typer(target, name=name)
        else:
            root.command(name)(target)
    return root


def wanted_commands(args: list[str]) -> set[str] | None:
    """The one command `args` run, or None when every command is needed (help, completion, typos)."""
    import os

    if any(key.startswith("_MENTORLOG_COMPLETE") for key in os.environ):
        return None
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in OPTIONS_WITH_VALUES:
            skip = True
        elif arg in ("-h", "--help", "--install-completion", "--show-completion"):
            return None
        elif arg.startswith("-"):
            continue
        else:
            return {arg} if arg in NAMES else None
    return set() if "--version" in args else None


def __getattr__(name: str):
    """`mentorlog.cli.app`: the whole command line, made on first use (tests, documentation)."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> None:
    """The console script."""
    args = sys.argv[1:] if argv is None else list(argv)
    build_app(wanted_commands(args))(args=args, prog_name="mentorlog")
