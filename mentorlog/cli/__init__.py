"""The root of the command line: root options, the command groups, and the one place where a
`MentorlogError` becomes a message on stderr and an exit code.

Start-up (README, "Speed"): only the command being run is built, and Python's cyclic garbage
collector stays out of the way of a short command: it is paused while modules load (they make no
garbage worth collecting, and the collector would walk every new object again and again; the
console script pauses it before typer loads, see `mentorlog/__main__.py`), and what is loaded is
frozen out of its view, so neither the command nor the interpreter's exit walks it again.
"""

# No `from __future__ import annotations`: Typer reads the root options' annotations on every run,
# and would compile each one from a string first.
import gc
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from mentorlog import __version__
from mentorlog.errors import MentorlogError
from mentorlog.model import Role

if TYPE_CHECKING:
    from typer._click.core import Context as click_Context


class State:
    """Root options, handed to every command through the click context (a plain class: a
    dataclass costs every command a fraction of a millisecond to build)."""

    __slots__ = ("journal", "acting_as", "debug")

    def __init__(self, journal: str | None = None, acting_as: Role | None = None, debug: bool = False):
        self.journal = journal
        self.acting_as = acting_as
        self.debug = debug


class RootGroup(TyperGroup):
    """Turns errors raised by commands into a short message and exit code 1 (2 for usage)."""

    def invoke(self, ctx: "click_Context") -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as error:
            if isinstance(getattr(error, "message", None), str):  # a usage error, printed by click
                from mentorlog.pasteable import for_journal

                error.message = for_journal(error.message)
            raise
        except MentorlogError as error:
            if _debug(ctx):
                detail = getattr(error, "detail", None)
                if detail:
                    typer.echo(detail, err=True)
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


def _reader_went_away() -> NoReturn:
    """The reader of our output (`| head`) closed the pipe: stop quietly, as the reader wished."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # nothing more can be written, not even at exit
    raise typer.Exit(0)


def _debug(ctx: "click_Context") -> bool:
    state = ctx.find_root().obj
    return bool(getattr(state, "debug", False)) or "--debug" in sys.argv[1:]


def _unexpected(error: Exception) -> str:
    from mentorlog.journal.journal import journal_failure

    problem = journal_failure(error)
    if problem is not None:
        return problem
    return (
        f"Something unexpected went wrong: {type(error).__name__}: {error}\n"
        "Run again with --debug to see where."
    )


def _fail(message: str, code: int) -> NoReturn:
    from mentorlog.render.controls import terminal_text

    typer.echo(f"Error: {terminal_text(message)}", err=True)
    raise typer.Exit(code)


HELP = """A local-first mentoring journal for a mentor and a mentee.

One journal is one pair, in one SQLite file on your machine. Start with `mentorlog demo`
or `mentorlog init`.
"""


def epilog() -> str:
    """The root help's epilog: the date grammar (\\b keeps click from re-wrapping the table)."""
    from mentorlog.dates import GRAMMAR

    return "\b\n" + GRAMMAR


def _show_version(value: bool) -> None:
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
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            "-P",
            help="Never page long output (otherwise a terminal gets it through MENTORLOG_PAGER, "
            "PAGER or less -R).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """A local-first mentoring journal for a mentor and a mentee."""
    from mentorlog.pasteable import name_journal

    ctx.obj = State(journal=journal, acting_as=acting_as, debug=debug)
    # every next step printed from now on names the journal chosen with --journal; one chosen by
    # MENTORLOG_JOURNAL is the one a pasted command reaches in that shell already
    source = ctx.get_parameter_source("journal")
    named = source is not None and source.name == "COMMANDLINE"
    name_journal(journal if named else None)
    from mentorlog.cli import common

    common.paging = not no_pager  # long output on a terminal through the pager (cli/pager.py)


# (command, module in mentorlog.cli, attribute): a Typer attribute is a group, a function a command.
COMMANDS = (
    ("init", "journal", "init"),
    ("journals", "journal", "journals"),
    ("status", "journal", "status"),
    ("phase", "journal", "phase"),
    ("demo", "journal", "demo"),
    ("settings", "journal", "settings"),
    ("agreement", "agreement", "app"),
    ("rule", "rules", "app"),
    ("vision", "goals", "vision"),
    ("goal", "goals", "app"),
    ("assess", "plan", "assess"),
    ("outcome", "plan", "outcomes"),
    ("option", "plan", "options"),
    ("action", "plan", "actions"),
    ("session", "sessions", "app"),
    ("topic", "topics", "app"),
    ("feedback", "topics", "feedback"),
    ("note", "notes", "note"),
    ("contact", "notes", "contact"),
    ("edit", "entries", "edit"),
    ("log", "notes", "log"),
    ("search", "notes", "search"),
    ("import", "importing", "app"),
    ("agenda", "notes", "agenda"),
    ("rm", "entries", "rm"),
    ("restore", "entries", "restore"),
    ("report", "reports", "report"),
    ("reflect", "reports", "reflect"),
    ("end", "reports", "end"),
    ("certificate", "reports", "certificate"),
    ("recap", "reports", "recap"),
    ("share", "exchange", "share"),
    ("merge", "exchange", "merge"),
    ("sync", "exchange", "sync"),
    ("pair", "pairing", "pair"),
    ("export", "exchange", "export"),
    ("calendar", "exchange", "calendar"),
    ("datasette-metadata", "exchange", "datasette_metadata"),
    ("backup", "exchange", "backup"),
    ("templates", "templates", "app"),
    ("programme", "programme", "app"),
)
NAMES = {name for name, _, _ in COMMANDS}
OPTIONS_WITH_VALUES = {"--journal", "-j", "--as"}
NAMED_SHELL_OPTIONS = ("--show-completion", "--install-completion")  # cli/completion.py


def build_app(only: set[str] | None = None) -> typer.Typer:
    """The command line with every command, or only those in `only` (building all of them costs
    Typer tens of milliseconds, which a quick `mentorlog note` should not pay)."""
    import importlib

    root = typer.Typer(
        cls=RootGroup,
        help=HELP,
        epilog=epilog() if only is None else None,  # only the root's help shows it
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


def __getattr__(name: str) -> typer.Typer:
    """`mentorlog.cli.app`: the whole command line, made on first use (tests, documentation)."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> None:
    """The console script."""
    gc.disable()  # while the command is built (see the module's docstring)
    try:
        from typer.main import get_command

        args = sys.argv[1:] if argv is None else list(argv)
        if any(arg.partition("=")[0] in NAMED_SHELL_OPTIONS for arg in args):
            from mentorlog.cli.completion import for_named_shell

            if for_named_shell(args):
                return
        only = wanted_commands(args)
        command = get_command(build_app(only))
        if only is None:  # help or completion: every command is there to complete
            from mentorlog.cli.completion import add_value_completion, install_classes

            add_value_completion(command)
            install_classes()
        gc.freeze()  # what is loaded lives until the end: never walked again
        gc.enable()
        command.main(args=args, prog_name="mentorlog")
    finally:
        gc.freeze()  # nor at the interpreter's exit
        gc.enable()
