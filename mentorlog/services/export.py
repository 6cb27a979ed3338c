"""The owner's own copies: a full export (JSON or Markdown, private entries included) and backups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mentorlog import paths
from mentorlog.errors import InvalidInput
from mentorlog.services import exchange, files
from mentorlog.services.journal import Journal
from mentorlog.services.notes import timeline
from mentorlog.services.reports import KINDS, report_context
from mentorlog.store.journal import copy_database


def export_json(journal: Journal, out: Path, now: datetime, *, force: bool = False) -> Path:
    """The whole journal as JSON in the bundle's shape (format `mentorlog-export`), for `init --from`."""
    return files.write_private_stream(
        out, lambda handle: exchange.write_bundle(journal, handle, now, personal=True), replace_existing=force
    )


def markdown_data(journal: Journal, now: datetime) -> dict:
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
