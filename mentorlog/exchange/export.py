"""The owner's own copies: a full export (JSON or Markdown, private entries included) and backups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog import paths
from mentorlog.errors import InvalidInput
from mentorlog.exchange import share
from mentorlog.journal import files
from mentorlog.journal.journal import Journal
from mentorlog.reports.reports import KINDS, report_context
from mentorlog.sessions.notes import timeline
from mentorlog.store.journal import copy_database


def export_json(journal: Journal, out: Path, now: datetime, *, force: bool = False) -> Path:
    """The whole journal as JSON in the bundle's shape (format `mentorlog-export`), for `init --from`."""
    return files.write_private_stream(
        out, lambda handle: share.write_bundle(journal, handle, now, personal=True), replace_existing=force
    )


def markdown_data(journal: Journal, now: datetime) -> dict[str, Any]:
    """What the Markdown export shows: every report with private entries, and every note."""
    return {
        "reports": {kind: report_context(journal, kind, now, include_private=True) for kind in KINDS},
        "entries": timeline(journal, now, limit=None),
    }


def backup(journal: Journal, dest: Path | None, now: datetime) -> Path:
    if dest is None:
        folder = files.private_folder(paths.home() / "backups")
        dest = folder / f"{journal.path.stem}-{now:%Y%m%d-%H%M%S}.db"
    dest = Path(dest).expanduser()
    if dest.is_dir():
        dest = dest / f"{journal.path.stem}-{now:%Y%m%d-%H%M%S}.db"
    if dest.exists():
        raise InvalidInput(f"{dest} exists already; choose another name (a backup never overwrites).")
    if not dest.parent.is_dir():
        raise InvalidInput(
            f"The folder {dest.parent} does not exist; create it or choose another destination."
        )
    copy_database(journal.path, dest)
    return dest


# Tables Datasette must not show: `keys` holds this journal's secret age key and signing key, and
# the pairing code while one is in use.
SECRET_TABLES = ("keys",)


def datasette_metadata(journal: Journal) -> dict[str, Any]:
    """Datasette metadata for this journal (`datasette journal.db -m metadata.json`): the secret
    tables hidden and refused (a request for one gets 403), and arbitrary SQL off, since any query
    could read them. Datasette names a database after its file: the metadata is for this file."""
    name = journal.path.stem
    return {
        "title": f"Mentoring journal: {journal.pair.mentee} and {journal.pair.mentor}",
        "description": "The secret key's table is not shown; use sqlite3 on your own machine for SQL.",
        "databases": {
            name: {
                "allow_sql": False,
                "tables": {table: {"hidden": True, "allow": False} for table in SECRET_TABLES},
            }
        },
    }
