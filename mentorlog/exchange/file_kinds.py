"""What stands at a path, in words ("a symbolic link", "a named pipe", …), from its `stat` mode:
said by the `--out` checks (journal/files.py) and by the sync folder's listing (exchange/sync.py),
which runs on every command with automatic sync, so this module imports nothing but `stat`."""

from __future__ import annotations

import stat


def kind_of(mode: int) -> str:
    """`file` for a regular file, else what it is, with its article."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
