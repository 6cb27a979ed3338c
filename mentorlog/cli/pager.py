"""Long output on a terminal goes through a pager, as git's does; piped output never does.

The pager is `MENTORLOG_PAGER`, else `PAGER`, else `less -R`; an empty value (or `cat`) means
none, and the root option `--no-pager` (`-P`) turns paging off for one command. Output is paged
only when standard output is a terminal and the text is taller than it; `LESS` is set to `FRX`
when unset, as git does, so `less` leaves the text on the screen. A pager that cannot be started
is passed over: the text is printed as it would be without one. Imported only by the commands
that print long text (never by a quick note).
"""

from __future__ import annotations

import os
import shutil
import sys

DEFAULT = "less -R"


def command() -> list[str] | None:
    """The pager to run, as arguments (None: no pager)."""
    import shlex

    for name in ("MENTORLOG_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            value = value.strip()
            if not value or value == "cat":
                return None
            try:
                return shlex.split(value)
            except ValueError:
                return None
    return shlex.split(DEFAULT)


def wanted(text: str, allowed: bool = True) -> list[str] | None:
    """The pager for `text`: only on a terminal, only when the text is taller than it, and not
    when the command said `--no-pager` (`allowed` false)."""
    try:
        on_terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        return None
    if not on_terminal or not allowed:
        return None
    rows = shutil.get_terminal_size().lines
    if text.count("\n") + (0 if text.endswith("\n") else 1) < rows:
        return None
    return command()


def page(text: str, allowed: bool = True) -> bool:
    """Show `text` through the pager when it is wanted; False when it was not shown (print it)."""
    argv = wanted(text, allowed)
    if argv is None:
        return False
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    sys.stdout.flush()
    try:
        proc.communicate(text.encode("utf-8", "replace"))
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the reader quit the pager early, or pressed Ctrl-C: the pager ends on its own
    proc.wait()
    return True
