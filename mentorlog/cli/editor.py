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


def edit_text(initial: str = "", what: str = "note") -> str:
    """Open the person's editor on `initial` and return what they saved."""
    import shlex
    import subprocess
    import tempfile  # here, not at the top: a note given as an argument never needs them

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise InvalidInput(
            f"No editor: set $EDITOR (e.g. `export EDITOR=nano`) or give the {what} as an argument."
        )
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
        with open(path, "rb") as handle:
            data = handle.read()
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
