"""Taking a partner's bundle in: merge it, or start a journal from it (writing one is
exchange/share.py; what a merge did, as data, exchange/merge_report.py).

A bundle holds every shared record and every tombstone of its journal, never a private one
(exchange/bundle.py has the format). `merge` reads a bundle twice: first it checks every value
of every record without writing anything; then, in one write transaction, it joins each record
into the journal field by field (store/merge/), so that a bad bundle
changes nothing and a concurrent edit is never lost. The same field changed on both sides since
the last exchange is a conflict: the later change wins, and the merge reports it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog import __version__, crashpoints, paths
from mentorlog.dates import stamp
from mentorlog.errors import InvalidInput, MentorlogError, NotFound, Refused
from mentorlog.exchange import bundle, bundle_checks, bundle_envelope, bundle_read, pairing
from mentorlog.exchange.merge_report import report
from mentorlog.journal import validate
from mentorlog.journal.journal import Journal, open_journal
from mentorlog.model import Phase, Role
from mentorlog.store import pair as pair_store
from mentorlog.store import sync as sync_store
from mentorlog.store.db import Db
from mentorlog.store.journal import create_journal, writing
from mentorlog.store.merge import apply, cursor, model
from mentorlog.store.records import Writer, new_id


def read_file(path: Path) -> bytes:
    """A bundle's bytes, refused before reading when it is larger than a bundle may be."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise NotFound(f"No bundle at {path}. Your partner makes one with `mentorlog share`.")
    if path.stat().st_size > bundle.MAX_BYTES:
        raise InvalidInput(
            f"{path} is larger than {bundle.MAX_BYTES // 2**20} MiB, the most a bundle may be; "
            "nothing was merged."
        )
    return path.read_bytes()


def merge_files(
    spec: str | None, paths_: list[Path], now: datetime, *, code: str | None = None, unsigned_ok: bool = False
) -> list[dict[str, Any]]:
    """Merge each bundle in turn into the journal `spec` names, each on its own (all or nothing):
    one report each, with `file`; a file refused is `{"file", "refused": reason}` and never stops
    the next. A single file refused raises its refusal (nothing to report beside it)."""
    from mentorlog.journal.journal import opened
    from mentorlog.sealing.agefile import CodeNeeded

    try:
        with opened(spec) as journal:
            reports: list[dict[str, Any]] = []
            for path in paths_:
                try:
                    merged = merge(journal, path, now, code=code, unsigned_ok=unsigned_ok)
                    reports.append({**merged, "file": str(path)})
                except CodeNeeded:
                    raise
                except MentorlogError as refusal:
                    if len(paths_) == 1:
                        raise
                    reports.append({"file": str(path), "refused": str(refusal)})
            return reports
    except NotFound as missing:
        if not all(Path(p).expanduser().is_file() for p in paths_):
            raise
        raise NotFound(
            f"{missing} To start your journal from your partner's bundle instead: "
            f"`mentorlog init --from {paths_[0]}`."
        ) from None


def merge(
    journal: Journal,
    path: Path,
    now: datetime,
    *,
    code: str | None = None,
    unsigned_ok: bool = False,
    by_sync: bool = False,
    data: bytes | None = None,
    seen: tuple[int, int, int] | None = None,
) -> dict[str, Any]:
    """Merge the partner's bundle: opened (exchange/pairing.py), every value checked, its signature
    checked against the partner's pinned key (exchange/authenticity.py), then one transaction.
    `unsigned_ok` takes a plain file without the partner's signature (`merge --unsigned`);
    `by_sync`, a file found in the sync folder, is never taken unsigned. `data` and `seen`: the
    file's bytes and its size, time and inode, when the caller read it already (sync reads its
    folder without following links)."""
    if data is None:
        seen = _file_state(path)
        data = read_file(path)
    opened = pairing.open_bundle(journal, data, code)
    raw, stream = bundle_read.parse(opened.plaintext)
    envelope = bundle_envelope.check_envelope(raw, now, _sent(journal))
    pair = journal.pair
    if envelope.personal:
        raise Refused(
            f"{path} is a personal export (it holds private entries), not a bundle to merge. Your partner "
            "shares with `mentorlog share`; an export starts a journal anew with `mentorlog init --from`."
        )
    if envelope.pair_id != pair.id:
        raise Refused(other_mentorship(journal, opened.plaintext, path))
    if envelope.sender_journal == pair.journal_id:
        raise Refused(f"{path} is your own bundle (made by this journal); send it to your partner instead.")
    if envelope.sender_role == pair.me:
        raise Refused(
            f"This bundle comes from a journal kept by the {pair.me}, like yours; merge the "
            f"{pair.me.other}'s bundle instead. Nothing was merged."
        )
    checked = bundle_checks.check_all(stream, envelope, now)  # every value checked before anything is written
    # who made it, before anything is written (and again inside the transaction)
    pairing.judge(journal, envelope, opened, checked.ledger, unsigned_ok=unsigned_ok, by_sync=by_sync)
    db = journal.db
    crashpoints.reached("merge-waiting")
    with writing(db):
        verdict = pairing.judge(
            journal, envelope, opened, checked.ledger, unsigned_ok=unsigned_ok, by_sync=by_sync, db=db
        )
        state = cursor.exchange_state(db)
        known = state.partner_journal == envelope.sender_journal
        parties = model.Parties(
            me=str(pair.me),
            my_journal=pair.journal_id,
            sender_role=str(envelope.sender_role),
            sender_journal=envelope.sender_journal,
            had_from_sender=state.had_from_partner if known else "",
            my_merges=cursor.merges(db, envelope.sender_journal),
            sender_merges=list(envelope.merged),
        )
        result = apply.apply(db, checked.records(), parties, now)
        cursor.note_merged(
            db,
            partner_journal=envelope.sender_journal,
            newest=max(result.newest, envelope.clock),
            clock=envelope.clock,
            partner_had=envelope.seen,
            made_at=envelope.exported_at,
            brought=result.written,
            at=stamp(now),
        )
        paired = pairing.note_bundle(db, envelope, opened, verdict, now)
        _remember_file(db, path, seen)
    journal.refresh()
    return {
        **report(journal, envelope, result, now),
        "protection": opened.protection,
        "paired": paired == "paired",
        "signature": {
            **verdict.as_dict(),
            "first_use": verdict.first_use,
            "vouched": verdict.unsigned and unsigned_ok,
        },
    }


def _sent(journal: Journal) -> bundle_envelope.Sent:
    """What this journal has said to its partner: a bundle's cursors are held against it (the
    cursors only move forward, so what is read before the merge's transaction still holds in it)."""
    state = cursor.exchange_state(journal.db)
    return bundle_envelope.Sent(
        shared=state.shared_clock or state.clock, had=state.had_from_partner, partner=state.partner_journal
    )


def _file_state(path: Path) -> tuple[int, int, int] | None:
    """A bundle file's size, time and inode before it is read (None when it cannot be read)."""
    try:
        return sync_store.file_seen(path.expanduser())
    except OSError:
        return None


def _remember_file(db: Db, path: Path, seen: tuple[int, int, int] | None) -> None:
    """Remember the file just merged as sync remembers the partner's files in its folder, so that
    a later `sync` of that folder does not open it again: the mentor who started his journal from
    the mentee's file in the folder, with the code, is not asked for the code once more."""
    if seen is not None:
        sync_store.note_sync_seen(db, str(path.expanduser().resolve()), *seen)


def other_mentorship(journal: Journal, data: bytes | bundle.Lines, path: Path) -> str:
    """Why a bundle of another pair is refused, and what to do when it is the same two people
    who each started a journal with `init` (two mentorships, to mentorlog)."""
    pair = journal.pair
    names = bundle_read.pair_names(data)
    if names == (pair.mentor, pair.mentee):
        return (
            f"This bundle is {pair.mentee} & {pair.mentor}'s, but from a journal started apart from "
            "yours (each of you ran `init`), so mentorlog keeps them apart. Start one journal "
            "from the other's bundle instead: here, keep a copy (`mentorlog backup`), remove "
            f"{journal.path}, and run `mentorlog init --from {path}`. Nothing was merged."
        )
    shown = f": {names[1]} and {names[0]}," if names else ","
    return (
        f"This bundle belongs to another mentorship{shown} not {pair.mentee} & {pair.mentor}'s. "
        "Nothing was merged."
    )


# --- starting a journal from a bundle -------------------------------------------------------


def init_from(
    spec: str | None,
    path: Path,
    me: str | None,
    now: datetime,
    *,
    code: str | None = None,
    auto: bool | None = None,
) -> tuple[Journal, dict[str, Any] | None]:
    """Start my journal from my partner's bundle (my role is the other one), or from my own
    export (my role is the export's); returns the journal and, from a bundle, what is new in it
    for me (as `merge` reports it).

    `path` may be the sync folder both partners see: the partner's bundle there is read (never
    through a link), the folder is remembered as this journal's sync folder, and automatic sync
    is on when the partner's bundle says theirs is (or as `auto` says)."""
    from mentorlog.exchange import sync_folder

    folder: Path | None = None
    seen: tuple[int, int, int] | None
    if Path(path).expanduser().is_dir():
        folder = Path(path).expanduser().resolve()
        path = sync_folder.bundle_in_folder(
            folder, None if me is None else validate.choice(me, Role, "role (--me)")
        )
        data, seen = sync_folder.read_partner_file(path)
    else:
        seen = _file_state(path)
        data = read_file(path)
    opened = pairing.open_bundle(None, data, code)
    raw, stream = bundle_read.parse(opened.plaintext)
    envelope = bundle_envelope.check_envelope(raw, now)
    personal = envelope.personal
    inferred = envelope.sender_role if personal else envelope.sender_role.other
    role = inferred if me is None else validate.choice(me, Role, "role (--me)")
    if role is not inferred:
        if personal:
            raise Refused(
                f"{path} is the {envelope.sender_role}'s own export; start it with `--me {inferred}`."
            )
        raise Refused(
            f"{path} comes from the {envelope.sender_role}'s journal, so yours is the {inferred}'s "
            f"(`--me {inferred}`, or leave --me out)."
        )
    target = paths.journal_path(spec)
    if target.exists():
        raise Refused(
            f"A journal already exists at {target}; nothing was changed. Choose another --journal NAME."
        )
    checked = bundle_checks.check_all(stream, envelope, now)
    verdict = pairing.judge(None, envelope, opened, checked.ledger)
    journal_id = envelope.sender_journal if personal else new_id(now)
    merged: list[model.Result] = []

    def build_journal(db: Db) -> None:
        writer = Writer(role=role, origin=journal_id, phase=Phase.GETTING_STARTED, now=now)
        pair_store.add_journal_row(db, writer, role, __version__, clock=envelope.clock)
        parties = model.Parties(
            me=str(role),
            my_journal=journal_id,
            sender_role=str(envelope.sender_role),
            sender_journal="" if personal else envelope.sender_journal,
            restoring=not personal,
        )
        apply.defer_foreign_keys(db)
        result = apply.apply(db, checked.records(), parties, now)
        if "pair" not in result.added:
            raise InvalidInput(f"{path} holds no mentorship (no pair record); nothing was created.")
        pairing.start_keys(db, envelope, opened, verdict, now)
        crashpoints.reached("init-from-build")
        merged.append(result)
        if not personal:
            cursor.note_merged(
                db,
                partner_journal=envelope.sender_journal,
                newest=max(result.newest, envelope.clock),
                clock=envelope.clock,
                partner_had=None,
                made_at=envelope.exported_at,
                brought=True,
                at=stamp(now),
            )
            _remember_file(db, path, seen)
        if folder is not None:
            sync_store.set_sync(db, str(folder), envelope.auto_sync if auto is None else auto)

    create_journal(target, build_journal)
    journal = open_journal(spec)
    if personal:
        return journal, None
    return journal, {**report(journal, envelope, merged[0], now), "protection": opened.protection}
