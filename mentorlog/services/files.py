"""Writing what mentorlog exports: atomically, and readable by the owner only (mode 0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from mentorlog.errors import InvalidInput


def write_private(path: Path, text: str) -> Path:
    """Write `text` to `path` via a temporary file and a rename, with mode 0600."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name for --out.")
    if not path.parent.is_dir():
        raise InvalidInput(f"The folder {path.parent} does not exist; create it or choose another --out.")
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        if temp.exists():
            temp.unlink()
        raise
    return path
