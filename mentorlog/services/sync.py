"""Exchange without ceremony: a folder both partners see (Syncthing, Nextcloud, Dropbox, a USB stick).

`sync FOLDER` remembers the folder, merges what the partner's journal wrote there when it changed,
and writes this journal's bundle there (sealed, atomically; the file names name no person: the end
of the pair's id and a role). Sync tools make conflict copies of a file changed on two machines at
once (`…-mentor.sync-conflict-…`, `…-mentor (conflicted copy …)`); every file of the partner's is
merged, and since merging is idempotent, copies are harmless.

With `sync --auto on`, every command that opens the journal merges the partner's files first when
they changed (an unchanged file costs one `stat`), and shares after a command that changed
something the partner gets (a shared record; a private note changes nothing for them), with only
the changes the partner has not had yet. The exchange, the merge and the encryption are loaded
only when a file changed or there is something to share, so a command on an unchanged folder pays
for a `stat` and a small read.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog.errors import InvalidInput, MentorlogError
from mentorlog.services.journal import Journal
from mentorlog.store import sync as sync_store
from mentorlog.store.journal import writing

PREFIX = "mentorlog-"


def own_name(journal: Journal) -> str:
    """This journal's bundle in the folder: the end of the pair's id and the role, no names."""
    return f"{PREFIX}{journal.pair.id[-6:]}-{journal.pair.me}.age"


def partner_files(journal: Journal, folder: Path) -> list[Path]:
    """The partner's bundles in the folder, conflict copies included, oldest first."""
    stem = f"{PREFIX}{journal.pair.id[-6:]}-{journal.pair.me.other}"
    try:
        names = [n for n in os.listdir(folder) if n.startswith(stem) and not n.startswith(".")]
    except OSError:
        return []
    found = [folder / n for n in names if (folder / n).is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns)


def _folder(journal: Journal, given: Path | None) -> Path:
    if given is not None:
        folder = Path(given).expanduser().resolve()
        if not folder.is_dir():
            raise InvalidInput(
                f"{folder} is not a folder. Give the folder you and your partner both see (e.g. a "
                "Syncthing, Nextcloud or Dropbox folder): `mentorlog sync FOLDER`."
            )
        return folder
    remembered = sync_store.sync_folder(journal.db)
    if remembered is None:
        raise InvalidInput(
            "No sync folder yet: give the folder you and your partner both see once, e.g. "
            "`mentorlog sync ~/Sync/mentoring`; mentorlog remembers it."
        )
    return Path(remembered)


def sync(
    journal: Journal,
    now: datetime,
    folder: Path | None = None,
    auto: bool | None = None,
    code: str | None = None,
    everything: bool = False,
) -> dict[str, Any]:
    """Merge the partner's changed bundles from the folder, then write this journal's there
    (`everything`: all of it, as `share --all` does)."""
    where = _folder(journal, folder)
    with writing(journal.db):
        sync_store.set_sync(journal.db, str(where), auto)
    merged = merge_changed(journal, where, now, code=code)
    shared = share_into(journal, where, now, everything=everything)
    return {
        "folder": str(where),
        "auto": sync_store.sync_auto(journal.db),
        "merged": [report for report in merged if not report.get("locked")],
        "locked": [report["file"] for report in merged if report.get("locked")],
        "shared": shared,
    }


def merge_changed(journal: Journal, folder: Path, now: datetime, code: str | None = None) -> list[dict]:
    """Merge each partner file that changed since it was last seen (one `stat` each otherwise).

    A file locked with a pairing code is left for `sync --code WORDS` (it is said once per change)."""
    reports: list[dict] = []
    for path in partner_files(journal, folder):
        seen = sync_store.file_seen(path)
        if code is None and sync_store.sync_seen(journal.db, str(path)) == seen:
            continue
        from mentorlog.services import exchange
        from mentorlog.services.agefile import CodeNeeded

        try:
            report = exchange.merge(journal, path, now, code=code)
        except CodeNeeded:
            with writing(journal.db):
                sync_store.note_sync_seen(journal.db, str(path), *seen)
            reports.append({"file": path.name, "locked": True})
            continue
        with writing(journal.db):
            sync_store.note_sync_seen(journal.db, str(path), *seen)
        reports.append({**report, "file": path.name})
    return reports


def share_into(journal: Journal, folder: Path, now: datetime, everything: bool = False) -> dict[str, Any]:
    """This journal's bundle in the folder: only what the partner has not had yet, once they
    have said what they had (a full bundle until then); `everything` as `share --all`."""
    from mentorlog.services import exchange
    from mentorlog.store import exchange as store

    since = store.exchange_state(journal.db).partner_had or None
    target = folder / own_name(journal)
    return exchange.share(journal, target, now, since=since, everything=everything)


@contextlib.contextmanager
def auto_synced(journal: Journal, folder: Path, now: datetime, warn) -> Iterator[Journal]:
    """The journal for one command with automatic sync: the partner's changed files merged first,
    this journal's bundle written after the command if it changed something the partner has not
    had (`status` calls it a change not yet shared). A sync that fails never fails the command:
    `warn(message)` is told instead."""
    try:
        for report in merge_changed(journal, folder, now):
            if report.get("locked") or report["added"] or report["updated"] or report["conflicts"]:
                warn(report)
    except MentorlogError as error:
        warn(f"Could not merge from the sync folder: {error}")
    clock, _ = sync_store.clocks(journal.db)
    yield journal
    after, shared_clock = sync_store.clocks(journal.db)
    if after != clock and sync_store.unshared(journal.db, shared_clock, journal.pair.journal_id)[0]:
        try:
            share_into(journal, folder, now)
        except (MentorlogError, OSError) as error:
            warn(f"Could not share into the sync folder {folder}: {error}")
