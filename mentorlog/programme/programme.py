"""The coordinator's programme journal: making it (with its keys, its code and its kick-off file)
and opening it. Taking summaries in is programme/programme_intake.py; the dashboard is
programme/programme_status.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog import paths
from mentorlog.dates import stamp
from mentorlog.errors import Refused
from mentorlog.journal import validate
from mentorlog.programme import programme_format
from mentorlog.store import programme as programme_store
from mentorlog.store.db import Db

DEFAULT_NAME = "programme"


class Programme:
    """An open programme journal."""

    __slots__ = ("db", "path", "label")

    def __init__(self, db: Db, path: Path, label: str):
        self.db = db
        self.path = path
        self.label = label

    @property
    def row(self) -> dict[str, Any]:
        return programme_store.read_programme(self.db)

    def close(self) -> None:
        self.db.close()


def programme_path(spec: str | None) -> Path:
    """The programme journal `--journal` names, else the one named `programme` in the home."""
    return paths.journal_path(spec or DEFAULT_NAME)


def kind_of(spec: str | None) -> str:
    """`programme` or `pair`: which journal a command shared by both (`programme sync`) works on.
    Without --journal: the pair's default journal when it exists, else the programme journal."""
    if spec:
        return programme_store.kind(paths.journal_path(spec)) or "pair"
    if paths.journal_path(None).exists():
        return programme_store.kind(paths.journal_path(None)) or "pair"
    return "programme" if programme_path(None).exists() else "pair"


@contextlib.contextmanager
def opened(spec: str | None) -> Iterator[Programme]:
    path = programme_path(spec)
    label = paths.journal_label(path)
    handle = Programme(programme_store.open_programme(path, label), path, label)
    try:
        yield handle
    finally:
        handle.close()


def kickoff(row: dict[str, Any]) -> dict[str, Any]:
    """The kick-off file's content (before its signature)."""
    return {
        "format": programme_format.KICKOFF_FORMAT,
        "version": programme_format.VERSION,
        "name": row["name"],
        "coordinator": row["coordinator"],
        "starts_on": row["starts_on"],
        "ends_on": row["ends_on"],
        "recipient": row["recipient"],
        "signing_key": row["signing_public"],
    }


def write_kickoff(row: dict[str, Any], out: Path, force: bool = False) -> Path:
    """The kick-off file, sealed with the programme code and signed, into FOLDER or FILE."""
    from mentorlog.journal import files

    sealed = programme_format.seal_with_code(
        programme_format.signed(kickoff(row), row["signing_key"]), row["code"]
    )
    if out.is_dir():
        return files.replace_in_folder(
            out / programme_format.KICKOFF_NAME, lambda handle: handle.write(sealed)
        )
    return files.write_private_stream(out, lambda handle: handle.write(sealed), replace_existing=force)


def init_programme(
    spec: str | None,
    *,
    name: str,
    coordinator: str,
    start: str | None,
    end: str | None,
    out: Path,
    now: datetime,
    force: bool = False,
) -> dict[str, Any]:
    """Make the programme journal, its keys and its code, and write the kick-off file."""
    from mentorlog.journal.journal import period
    from mentorlog.sealing import agefile, codes, signing

    name = validate.name(name, "programme's name")
    coordinator = validate.name(coordinator, "coordinator's name")
    starts, ends = period(start, end, now)
    path = programme_path(spec)
    if path.exists() or path.is_symlink():
        raise Refused(f"A journal already exists at {path}; nothing was changed. Choose another --journal.")
    if not out.is_dir():
        from mentorlog.journal import files

        files.check_destination(out, replace_existing=force)
    identity, recipient = agefile.new_identity()
    secret, public = signing.new_key()
    row = {
        "name": name,
        "coordinator": coordinator,
        "starts_on": starts.isoformat(),
        "ends_on": ends.isoformat(),
        "identity": identity,
        "recipient": recipient,
        "signing_key": secret,
        "signing_public": public,
        "code": codes.new_code(),
        "folder": str(out.resolve()) if out.is_dir() else None,
        "created_at": stamp(now),
    }
    programme_store.create_programme(path, lambda db: programme_store.save_programme(db, row))
    written = write_kickoff(row, out, force)
    return {
        "programme": name,
        "coordinator": coordinator,
        "start": row["starts_on"],
        "end": row["ends_on"],
        "code": row["code"],
        "journal": str(path),
        "written": str(written),
    }
