"""The files of the checkout made from the code (`python -m mentorlog.cli.reference --write`), made
once per test process: the reference, the command map and the bundle's JSON Schema are each
compared with the checked-in file by a test of their own, and all together by one more."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def files() -> dict[Path, str]:
    """Each file `--write` writes, and what it writes in it."""
    from mentorlog.cli import reference

    return reference.generated()


def made() -> dict[str, str]:
    """The same, by file name."""
    return {path.name: text for path, text in files().items()}
