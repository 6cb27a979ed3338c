"""Exchange without ceremony: a folder both partners see (Syncthing, Nextcloud, Dropbox, a USB stick).

`sync FOLDER` remembers the folder, merges what the partner's journal wrote there when it changed,
and writes this journal's bundle there (sealed, atomically; the file names name no person: the end
of the pair's id and a role). Sync tools make conflict copies of a file changed on two machines at
once (`…-mentor.sync-conflict-…`, `…-mentor (conflicted copy …)`); every file of the partner's is
merged, and since merging is idempotent, copies are harmless.

With `sync --auto on`, every command that opens the journal merges the partner's files first when
they changed (and takes in the events bundle of the programme the journal joined by a folder, when
it changed) (an unchanged file costs one `stat`), and shares after a command that changed
something the partner gets (a shared record; a private note changes nothing for them), with only
the changes the partner has not had yet. The exchange, the merge and the encryption are loaded
only when a file changed or there is something to share, so a command on an unchanged folder pays
for a `stat` and a small read.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog.errors import InvalidInput, MentorlogError, Refused
from mentorlog.exchange.file_kinds import kind_of
from mentorlog.exchange.sync_folder import Entry, folder_entries, own_name, read_partner_file
from mentorlog.journal.journal import Journal
from mentorlog.store import membership as membership_store
from mentorlog.store import sync as sync_store
from mentorlog.store.journal import writing


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
    """Merge the partner's changed bundles from the folder, then write this journal's there. A bad
    file (cut short, refused, not a file at all) is named with its reason and left alone: it never
    stops the others from being merged, nor this journal's bundle from being written (`everything`:
    all of it, as `share --all` does)."""
    where = _folder(journal, folder)
    with writing(journal.db):
        sync_store.set_sync(journal.db, str(where), auto)
    from mentorlog.programme.programme_received import folder_report  # automatic sync goes without

    reports = merge_changed(journal, where, now, code=code)
    left_alone = [{"file": r["file"], "reason": r["refused"]} for r in reports if "refused" in r]
    notices = [{"file": r["file"], "message": r["notice"]} for r in reports if "notice" in r]
    shared: dict[str, Any] | None = None
    if any(r.get("apart") for r in reports):  # writing ours would start a second mentorship there
        notices.append(
            {
                "file": own_name(journal),
                "message": "Not written: the folder holds a bundle of the same two people from a journal "
                "started apart from this one (said above); start one journal from the other's first.",
            }
        )
        written = None
    else:
        written = _share_or_name(journal, where, now, left_alone, everything=everything)
    if written is not None:
        replaced = written.pop("replaced", None)
        if replaced:
            notices.append({"file": own_name(journal), "message": replaced})
        shared = written
    return {
        "folder": str(where),
        "auto": sync_store.sync_auto(journal.db),
        "programme_events": folder_report(journal, now),
        "merged": [report for report in reports if "added" in report],
        "locked": [report["file"] for report in reports if report.get("locked")],
        "left_alone": left_alone,
        "notices": notices,
        "shared": shared,
    }


def _share_or_name(
    journal: Journal, where: Path, now: datetime, left_alone: list[dict[str, Any]], everything: bool = False
) -> dict[str, Any] | None:
    """This journal's bundle written into the folder, or None with the reason in `left_alone`."""
    try:
        return share_into(journal, where, now, everything=everything)
    except OwnNameTaken as taken:
        left_alone.append({"file": own_name(journal), "reason": str(taken)})
        return None


def merge_changed(
    journal: Journal, folder: Path, now: datetime, code: str | None = None
) -> list[dict[str, Any]]:
    """Merge each partner file that changed since it was last seen (one `stat` each otherwise).

    Each report is a merge's (with `file`), or `{"file", "locked": True}` for a file locked with a
    pairing code (left for `sync --code WORDS`), or `{"file", "refused": reason}` for a file left
    alone: anything mentorlog refuses to merge (whatever the refusal), a link, a pipe, a folder, a
    file of another mentorship while none of the partner's is there (once the partner's is, the
    folder is taken as shared by several mentorships, and the others' files are theirs). Each is
    said once per change of the file (its size, time and inode are remembered); a merge from
    another journal of the partner's role than the one merged until then adds
    `{"file", "notice": …}`."""
    reports: list[dict[str, Any]] = []
    pair6, mine = journal.pair.id[-6:], str(journal.pair.me)
    entries = folder_entries(folder)
    partner_there = any(e.pair6 == pair6 and e.role != mine for e in entries)
    for entry in entries:
        if entry.pair6 == pair6 and entry.role == mine:
            continue  # this journal's own bundle (and copies of it): written, never read
        if entry.pair6 != pair6 and partner_there:
            continue  # a folder that several mentorships share (a mentor's): the others' are theirs
        key = str(entry.path)
        if code is None and sync_store.sync_seen(journal.db, key) == entry.seen:
            continue
        seen = entry.seen
        report: dict[str, Any]
        if entry.pair6 != pair6:
            reason, apart = _another_mentorship(journal, entry, code)
            report = {"file": entry.path.name, "refused": reason, **({"apart": True} if apart else {})}
        elif entry.kind != "file":
            report = {
                "file": entry.path.name,
                "refused": f"It is {entry.kind}, not a file; mentorlog never follows or opens one in the "
                "sync folder.",
            }
        else:
            report, seen = _merge_one(journal, entry, now, code)
        with writing(journal.db):
            sync_store.note_sync_seen(journal.db, key, *seen)
        reports.append(report)
        if "notice" in report:
            reports.append({"file": report["file"], "notice": report.pop("notice")})
    return reports


def _merge_one(
    journal: Journal, entry: Entry, now: datetime, code: str | None
) -> tuple[dict[str, Any], tuple[int, int, int]]:
    """One partner file merged (all or nothing), or why it was not, and what was read of it."""
    from mentorlog.exchange import exchange
    from mentorlog.sealing.agefile import CodeNeeded
    from mentorlog.store.merge import cursor

    name = entry.path.name
    before = cursor.exchange_state(journal.db).partner_journal
    try:
        data, seen = read_partner_file(entry.path)
    except MentorlogError as error:
        return {"file": name, "refused": str(error)}, entry.seen
    except OSError as error:
        return {"file": name, "refused": f"It cannot be read ({error.strerror or error})."}, entry.seen
    try:
        report = exchange.merge(journal, entry.path, now, code=code, data=data, seen=seen, by_sync=True)
    except CodeNeeded:
        return {"file": name, "locked": True}, seen
    except MentorlogError as error:
        return {"file": name, "refused": str(error)}, seen
    after = cursor.exchange_state(journal.db).partner_journal
    result: dict[str, Any] = {**report, "file": name}
    if before and after != before:
        role = journal.pair.me.other
        result["notice"] = (
            f"It comes from another journal kept by the {role} of this mentorship than the one yours "
            f"exchanged with until now. If {report['from_name']} started a journal anew, all is well; if two "
            f"journals of the {role} write into this folder, {report['from_name']} keeps one of them."
        )
    return result, seen


def _another_mentorship(journal: Journal, entry: Entry, code: str | None) -> tuple[str, bool]:
    """Why a bundle of another pair in the folder is left alone, naming that pair when the file
    can be read (plain, or locked with the code given); and whether it names the same two people
    (the partner started a journal apart from this one)."""
    from mentorlog.exchange import exchange

    pair = journal.pair
    try:
        data, _ = read_partner_file(entry.path)
        from mentorlog.sealing import agefile

        if agefile.is_sealed(data):
            from mentorlog.exchange import pairing

            opened = pairing.open_bundle(None, data, code) if code is not None else None
            plaintext = opened.plaintext if opened is not None else None
        else:
            plaintext = data
    except (MentorlogError, OSError):
        plaintext = None
    if plaintext is not None:
        from mentorlog.exchange import bundle_read

        apart = bundle_read.pair_names(plaintext) == (pair.mentor, pair.mentee)
        return exchange.other_mentorship(journal, plaintext, entry.path), apart
    return (
        f"It belongs to another mentorship (its name says …{entry.pair6}, this one's is …{pair.id[-6:]}), "
        f"not {pair.mentee} & {pair.mentor}'s. If it is your partner's, the two of you started your journals "
        "apart: one of you starts anew from the other's bundle "
        f"(`mentorlog init --from {entry.path.parent} --code WORDS`).",
        False,
    )


class OwnNameTaken(Refused):
    """Something this journal cannot replace (a folder) stands where its bundle goes."""


def share_into(journal: Journal, folder: Path, now: datetime, everything: bool = False) -> dict[str, Any]:
    """This journal's bundle in the folder: only what the partner has not had yet, once they
    have said what they had (a full bundle until then). The name is replaced by a rename, never
    written through: a link there is replaced, not followed (`replaced` says so); `everything` as
    `share --all`."""
    from mentorlog.exchange import share
    from mentorlog.store.merge import cursor

    since = cursor.exchange_state(journal.db).partner_had or None
    target = folder / own_name(journal)
    try:
        info = os.lstat(target)
    except OSError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OwnNameTaken(
            "It is a folder where your bundle goes, so your bundle was not written; move it aside and "
            "run `mentorlog sync`."
        )
    shared = share.share(
        journal,
        target,
        now,
        since=since,
        auto_sync=sync_store.sync_auto(journal.db),
        in_folder=True,
        everything=everything,
    )
    if info is not None and not stat.S_ISREG(info.st_mode):
        shared["replaced"] = (
            f"It was {kind_of(info.st_mode)}; your bundle replaced it (nothing it pointed to was opened "
            "or changed)."
        )
    return shared


@contextlib.contextmanager
def auto_synced(
    journal: Journal, folder: Path, now: datetime, warn: Callable[[Any], None]
) -> Iterator[Journal]:
    """The journal for one command with automatic sync: the partner's changed files merged first,
    this journal's bundle written after the command if it changed something the partner has not
    had (`status` calls it a change not yet shared). A sync that fails never fails the command:
    `warn(message)` is told instead; a bad file is told once per change of it."""
    try:
        for report in merge_changed(journal, folder, now):
            if "added" not in report or report["added"] or report["updated"] or report["conflicts"]:
                warn(report)
    except MentorlogError as error:
        warn(f"Could not merge from the sync folder: {error}")
    joined = membership_store.read(journal.db)
    if joined is not None and joined["folder"]:  # the programme's events, when its bundle changed
        from mentorlog.programme.programme_received import auto_take

        auto_take(journal, now, warn)  # one `stat` when it did not
    clock, _ = sync_store.clocks(journal.db)
    yield journal
    after, shared_clock = sync_store.clocks(journal.db)
    changed = after != clock and bool(
        sync_store.unshared(journal.db, shared_clock, journal.pair.journal_id)[0]
    )
    if changed:
        try:
            shared = share_into(journal, folder, now)
        except OwnNameTaken as taken:
            warn({"file": own_name(journal), "refused": str(taken)})
        except (MentorlogError, OSError) as error:
            warn(f"Could not share into the sync folder {folder}: {error}")
        else:
            if shared.get("replaced"):
                warn({"file": own_name(journal), "notice": shared["replaced"]})
    if changed:  # something that may leave the journal changed: the programme's summary too
        from mentorlog.programme.membership import auto_summary

        auto_summary(journal, now, warn)


def join(
    spec: str | None,
    folder: Path,
    me: str | None,
    now: datetime,
    *,
    code: str | None = None,
    auto: bool | None = None,
) -> tuple[Journal, dict[str, Any] | None, dict[str, Any]]:
    """Start the partner's paired journal from their bundle in the sync folder (`init --from
    FOLDER`, or `sync FOLDER` with no journal yet), syncing through that folder as they do, and
    write this journal's first bundle there (it pairs the partner's journal with this one).
    Returns the journal, what is new in the bundle, and the sync set up: `folder`, `auto`,
    `partner` (first name) and `shared` (what was written, or None if it could not be)."""
    from mentorlog.exchange import exchange
    from mentorlog.exchange.pairing import partner_name

    journal, report = exchange.init_from(spec, folder, me, now, code=code, auto=auto)
    where = Path(sync_store.sync_folder(journal.db) or folder)
    try:
        shared: dict[str, Any] | None = share_into(journal, where, now)
    except (MentorlogError, OSError):
        shared = None  # the next `sync` says why
    if shared is not None:
        shared.pop("replaced", None)
    joined = {
        "folder": str(where),
        "auto": sync_store.sync_auto(journal.db),
        "partner": partner_name(journal),
        "shared": shared,
    }
    return journal, report, joined
