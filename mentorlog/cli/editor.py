"""Long text from the person: piped standard input, or their `$VISUAL` / `$EDITOR`."""

from __future__ import annotations

import os
import sys

from mentorlog.errors import InvalidInput


def read_stdin() -> str:
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"Standard input is not valid UTF-8 (byte {error.start}); nothing was saved. "
            "Convert it first, e.g. `iconv -t utf-8`."
        ) from None


FALLBACK_EDITORS = ("editor", "vi")  # as git: the system's chosen editor where it has one, else vi


def editor_command() -> str:
    """The person's editor: `$VISUAL`, else `$EDITOR`, else (as git does) `editor` where the
    system has one, else `vi`."""
    import shutil

    for name in ("VISUAL", "EDITOR"):
        chosen = os.environ.get(name, "").strip()
        if chosen:
            return chosen
    if os.environ.get("TERM") == "dumb":
        raise InvalidInput(
            "The terminal is dumb and $EDITOR is not set: set it, or give the text as an argument."
        )
    for fallback in FALLBACK_EDITORS:
        if shutil.which(fallback):
            return fallback
    raise InvalidInput("No editor: set $EDITOR (e.g. `export EDITOR=nano`), or give the text as an argument.")


def edit_text(initial: str = "", what: str = "note") -> str:
    """Open the person's editor on `initial` and return what they saved. Closed without saving (the
    file as it was given) or emptied, it ends the command quietly, as git does: "Nothing saved",
    exit 0."""
    import shlex
    import subprocess
    import tempfile  # here, not at the top: a note given as an argument never needs them

    import typer

    command = editor_command()
    folder = tempfile.mkdtemp(prefix="mentorlog-")
    path = os.path.join(folder, f"{what}.md")
    try:
        with open(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600), "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            result = subprocess.run([*shlex.split(command), path])
        except OSError as error:
            raise InvalidInput(f"Could not start the editor {command!r} ({error}). Check $EDITOR.") from None
        if result.returncode != 0:
            raise InvalidInput(f"The editor exited with status {result.returncode}; nothing was saved.")
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise InvalidInput(
                f"The editor {command!r} removed the file it was given; nothing was saved. "
                "Check $EDITOR, or give the text as an argument."
            ) from None
        if not data.strip() or data == initial.encode("utf-8"):  # closed without saving, or emptied
            said = "is empty" if not data.strip() else "is as it was"
            typer.echo(f"Nothing saved: the {what} {said}.", err=True)
            raise typer.Exit(0)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("The editor saved text that is not UTF-8; nothing was saved.") from None
    finally:
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)


def text_from_person(text: str | None, what: str = "note") -> str:
    """The text argument, else piped standard input, else the editor."""
    if text is not None:
        return text
    if not sys.stdin.isatty():
        return read_stdin()
    return edit_text("", what)
