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
from typing import Annotated

import typer
from typer.core import TyperGroup

from mentorlog import __version__
from mentorlog.errors import MentorlogError
from mentorlog.model import Role


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

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as error:
            if isinstance(getattr(error, "message", None), str):  # a usage error, printed by click
                from mentorlog.pasteable import for_journal

                error.message = for_journal(error.message)  # type: ignore[attr-defined]
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
):
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
    ("topic", "sessions", "topics"),
    ("feedback", "sessions", "feedback"),
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


def __getattr__(name: str):
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
        if _completion_for_named_shell(args):
            return
        only = wanted_commands(args)
        command = get_command(build_app(only))
        if only is None:  # help or completion: every command is there to complete
            add_value_completion(command)
            _completion_classes()
        gc.freeze()  # what is loaded lives until the end: never walked again
        gc.enable()
        command.main(args=args, prog_name="mentorlog")
    finally:
        gc.freeze()  # nor at the interpreter's exit
        gc.enable()


# --- Shell completion -------------------------------------------------------------------------
# Typer's zsh completion writes each description inside single quotes with `''` for an
# apostrophe, which zsh reads as nothing ("what's" became "whats"); ours writes `'\''`. Values
# (report kinds, formats, kinds, journal names) complete as well as commands and options.

COMPLETE_VAR = "_MENTORLOG_COMPLETE"


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_for_named_shell(args: list[str]) -> bool:
    """`--show-completion zsh` / `--install-completion zsh`: that shell's script, whatever shell
    runs mentorlog (Typer's options take no value and would print the current shell's)."""
    for i, arg in enumerate(args):
        name, _, value = arg.partition("=")
        if name not in ("--show-completion", "--install-completion"):
            continue
        shell = value or (args[i + 1] if i + 1 < len(args) else "")
        if not shell or shell.startswith("-"):
            return False  # no shell named: Typer's option finds the current one
        if shell.lower() not in SHELLS:
            typer.echo(f"Error: no completion for {shell!r}; shells: {', '.join(SHELLS)}.", err=True)
            raise SystemExit(2)
        _completion_classes()
        if name == "--show-completion":
            from typer._completion_shared import get_completion_script

            typer.echo(
                get_completion_script(prog_name="mentorlog", complete_var=COMPLETE_VAR, shell=shell.lower())
            )
        else:
            from typer._completion_shared import install

            installed, path = install(shell=shell.lower(), prog_name="mentorlog", complete_var=COMPLETE_VAR)
            typer.echo(f"{installed} completion installed in {path}; it takes effect in a new terminal.")
        return True
    return False


def _completion_classes() -> None:
    """Typer's completion classes, with zsh's descriptions quoted so that apostrophes survive."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import ZshComplete, completion_init

    class Zsh(ZshComplete):
        def format_completion(self, item) -> str:
            def quoted(text: str) -> str:
                # inside "…" within '…' that zsh evals: \\ \" \$ \` and \\: for the inner level,
                # '\'' to close, add and reopen the outer single quotes around an apostrophe
                for plain, escaped in (
                    ("\\", "\\\\"),
                    ('"', '\\"'),
                    ("$", "\\$"),
                    ("`", "\\`"),
                    (":", r"\\:"),
                ):
                    text = text.replace(plain, escaped)
                return text.replace("'", "'\\''")

            if item.help:
                return f'"{quoted(item.value)}":"{quoted(" ".join(item.help.split()))}"'
            return f'"{quoted(item.value)}"'

    completion_init()
    add_completion_class(Zsh, "zsh")


def _journal_names() -> list[tuple[str, str]]:
    from mentorlog import paths

    try:
        found = sorted(p.stem for p in paths.home().glob(f"*{paths.SUFFIX}") if p.is_file())
    except OSError:
        return []
    return [(name, "a journal in the mentorlog home") for name in found]


def _value_choices() -> dict[tuple[str, str], object]:
    """(command path, parameter name) → the values it takes (a list, or a function for live ones)."""
    from mentorlog import model
    from mentorlog.services.reports import KINDS

    def values(enum, *leave_out) -> list[str]:
        return [member.value for member in enum if member.value not in leave_out]

    session_kinds = values(model.SessionKind)
    session, open_session = _live("session"), _live("open-session")
    goal, action, option, outcome = _live("goal"), _live("action"), _live("option"), _live("outcome")
    tag = _live("tag")
    terms = values(model.GoalTerm)
    return {
        ("", "journal"): _journal_names,
        ("session confirm", "numbers"): open_session,
        ("session held", "number"): open_session,
        ("session cancel", "number"): open_session,
        ("session move", "number"): open_session,
        ("session edit", "number"): open_session,
        ("session show", "number"): session,
        ("feedback", "number"): session,
        ("topic add", "session"): open_session,
        ("agenda", "session"): session,
        ("note", "session"): session,
        ("log", "session"): session,
        ("recap", "number"): session,
        ("goal show", "goal_id"): goal,
        ("goal check", "goal_id"): goal,
        ("goal revise", "goal_id"): goal,
        ("goal progress", "goal_id"): goal,
        ("goal done", "goal_id"): goal,
        ("goal drop", "goal_id"): goal,
        ("outcome add", "goal"): goal,
        ("action add", "goal"): goal,
        ("action done", "action_id"): action,
        ("action drop", "action_id"): action,
        ("option choose", "option_id"): option,
        ("option add", "outcome"): outcome,
        ("note", "tag"): tag,
        ("log", "tag"): tag,
        ("templates copy", "name"): _template_names,
        ("phase", "target"): ["next", *values(model.Phase)],
        ("session schedule", "every"): values(model.Cadence),
        ("agreement edit", "cadence"): values(model.Cadence),
        ("goal add", "term"): terms,
        ("goal revise", "term"): terms,
        ("option choose", "owner"): values(model.Role),
        ("action add", "owner"): values(model.Role),
        ("report", "kind"): list(KINDS),
        ("report", "format_"): ["markdown", "html"],
        ("certificate", "format_"): ["markdown", "html"],
        ("recap", "format_"): ["markdown", "html", "json"],
        ("agenda", "format_"): ["terminal", "markdown", "json"],
        ("export", "format_"): ["json", "markdown"],
        ("note", "kind"): values(model.NoteKind, "contact"),
        ("log", "kind"): values(model.NoteKind),
        ("rule add", "kind"): values(model.RuleKind),
        ("session plan", "kind"): session_kinds,
        ("session schedule", "kind"): session_kinds,
        ("session edit", "kind"): session_kinds,
        ("contact", "via"): values(model.ContactVia),
        ("reflect", "answer"): _live("reflection"),  # the questions of the role who answers
        ("assess", "area"): values(model.Area),
    }


def add_value_completion(command, path: str = "", choices: dict | None = None) -> None:
    """Let the shell complete the values of the parameters in `_value_choices`."""
    choices = _value_choices() if choices is None else choices
    for param in getattr(command, "params", []):
        offered = choices.get((path, param.name or ""))
        if offered is not None:
            param._custom_shell_complete = _completer(offered)
    for name, sub in (getattr(command, "commands", None) or {}).items():
        add_value_completion(sub, f"{path} {name}".strip(), choices)


def _template_names() -> list[tuple[str, str]]:
    from mentorlog.services.templates import list_templates

    try:
        return [
            (row["name"], "a built-in template" if row["source"] == "builtin" else "yours")
            for row in list_templates()
        ]
    except OSError:
        return []


def _live(kind: str):
    """Values read from the journal the command line names (`--journal`, `--as` as typed before
    the command), through services/completion.py; nothing when it cannot be read."""

    def read(ctx) -> list[tuple[str, str]]:
        from mentorlog.services import completion
        from mentorlog.services.journal import opened

        root = ctx.find_root() if ctx is not None else None
        params = root.params if root is not None else {}
        try:
            with opened(params.get("journal")) as journal:
                return completion.values(journal, kind, params.get("acting_as"))
        except Exception:  # noqa: BLE001 - completion offers nothing rather than fail the shell
            return []

    read.wants_context = True  # type: ignore[attr-defined]
    return read


def _completer(offered):
    def complete(ctx, param, incomplete: str):
        from typer._click.shell_completion import CompletionItem

        if getattr(offered, "wants_context", False):
            items = offered(ctx)
        else:
            items = offered() if callable(offered) else offered
        found = []
        for item in items:
            value, help_ = item if isinstance(item, tuple) else (item, None)
            if value.startswith(incomplete):
                found.append(CompletionItem(value, help=help_))
        return found

    return complete
