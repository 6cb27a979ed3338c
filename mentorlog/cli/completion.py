"""Shell completion: each shell's script (`--show-completion SHELL`, `--install-completion SHELL`),
zsh's descriptions quoted so that apostrophes survive, and the values the shell completes (report
kinds, formats, journal names, and numbers, ids and tags read from the journal).

It reaches into Typer's completion internals (`typer._click`, `typer._completion_*`); only help and
completion load this module, never a command being run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

# Typer's zsh completion writes each description inside single quotes with `''` for an
# apostrophe, which zsh reads as nothing ("what's" became "whats"); ours writes `'\''`. Values
# (report kinds, formats, kinds, journal names) complete as well as commands and options.

COMPLETE_VAR = "_MENTORLOG_COMPLETE"


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def for_named_shell(args: list[str]) -> bool:
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
        install_classes()
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


def install_classes() -> None:
    """Typer's completion classes, with zsh's descriptions quoted so that apostrophes survive."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import ZshComplete, completion_init

    class Zsh(ZshComplete):
        def format_completion(self, item: Any) -> str:
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
    from mentorlog.reports.reports import KINDS

    def values(enum: Any, *leave_out: str) -> list[str]:
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


def add_value_completion(
    command: Any, path: str = "", choices: dict[tuple[str, str], object] | None = None
) -> None:
    """Let the shell complete the values of the parameters in `_value_choices`."""
    choices = _value_choices() if choices is None else choices
    for param in getattr(command, "params", []):
        offered = choices.get((path, param.name or ""))
        if offered is not None:
            param._custom_shell_complete = _completer(offered)
    for name, sub in (getattr(command, "commands", None) or {}).items():
        add_value_completion(sub, f"{path} {name}".strip(), choices)


def _template_names() -> list[tuple[str, str]]:
    from mentorlog.reports.templates import list_templates

    try:
        return [
            (row["name"], "a built-in template" if row["source"] == "builtin" else "yours")
            for row in list_templates()
        ]
    except OSError:
        return []


def _live(kind: str) -> Callable[[Any], list[tuple[str, str]]]:
    """Values read from the journal the command line names (`--journal`, `--as` as typed before
    the command), through journal/completion.py; nothing when it cannot be read."""

    def read(ctx: Any) -> list[tuple[str, str]]:
        from mentorlog.journal import completion
        from mentorlog.journal.journal import opened

        root = ctx.find_root() if ctx is not None else None
        params = root.params if root is not None else {}
        try:
            with opened(params.get("journal")) as journal:
                return completion.values(journal, kind, params.get("acting_as"))
        except Exception:  # noqa: BLE001 - completion offers nothing rather than fail the shell
            return []

    read.wants_context = True  # type: ignore[attr-defined]
    return read


def _completer(offered: Any) -> Callable[[Any, Any, str], list[Any]]:
    def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
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
