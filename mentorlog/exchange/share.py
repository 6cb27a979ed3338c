"""Sharing: this journal's bundle for the partner (sealed for their journal, or with the pairing
code, or plain), or the owner's whole journal as a personal export. The format is
exchange/bundle.py; what may leave is store/exchange.py (the partner's audience)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from mentorlog import __version__
from mentorlog.dates import stamp
from mentorlog.exchange import bundle, pairing
from mentorlog.journal import files
from mentorlog.journal.journal import Journal
from mentorlog.store import exchange
from mentorlog.store.journal import writing
from mentorlog.store.merge import cursor, model


def _records(journal: Journal, *, personal: bool, since: str | None = None) -> Iterator[dict[str, Any]]:
    for table in model.MERGE_ORDER:
        for row in exchange.shareable_rows(journal.db, table, personal=personal, since=since):
            yield bundle.record_json(table, row, personal=personal)


def _envelope(
    journal: Journal,
    now: datetime,
    *,
    personal: bool,
    recipient: str | None = None,
    since: str | None = None,
    signing_key: str | None = None,
    sealed_to: str | None = None,
    cursors: bool = True,
) -> bundle.Envelope:
    state = cursor.exchange_state(journal.db)
    cursors = cursors and not personal
    return bundle.Envelope(
        format=bundle.EXPORT if personal else bundle.BUNDLE,
        version=bundle.VERSION,
        pair_id=journal.pair.id,
        sender_role=journal.pair.me,
        sender_journal=journal.pair.journal_id,
        exported_at=stamp(now),
        clock=state.clock or stamp(now),
        seen=(state.had_from_partner or None) if cursors else None,
        merged=tuple(cursor.merges(journal.db, state.partner_journal))
        if cursors and state.partner_journal
        else (),
        since=since,
        mentorlog_version=__version__,
        recipient=recipient,
        signing_key=signing_key,
        sealed_to=sealed_to,
    )


def write_bundle(
    journal: Journal,
    out: IO[bytes],
    now: datetime,
    *,
    personal: bool = False,
    recipient: str | None = None,
    since: str | None = None,
    sealed_to: str | None = None,
    auto_sync: bool = False,
    cursors: bool = True,
) -> int:
    """Write the journal's bundle (or, `personal`, the owner's whole journal) to `out`; a sealed
    bundle carries this journal's public key (`recipient`) and says how it is sealed (`sealed_to`:
    the partner's key, `code`, or None for plain); with `since`, only the records changed after
    that stamp of this journal's clock (what the partner has not had yet). A bundle is signed with
    this journal's signing key; a personal export is not (it never goes to the partner). Without
    `cursors`, it claims nothing about what either journal has had of the other's."""
    secret = public = None
    if not personal:
        secret, public = pairing.signing_keys(journal, now)
    envelope = _envelope(
        journal, now, personal=personal, recipient=recipient, since=since, signing_key=public,
        sealed_to=sealed_to, cursors=cursors,
    )  # fmt: skip
    if auto_sync and not personal:
        envelope = replace(envelope, auto_sync=True)
    records = _records(journal, personal=personal, since=since)
    return bundle.write(out, envelope, records, signing_key=secret)


def share(
    journal: Journal,
    out: Path | None,
    now: datetime,
    *,
    plain: bool = False,
    since: str | None = None,
    auto_sync: bool = False,
    in_folder: bool = False,
    everything: bool = False,
    replace_existing: bool = True,
) -> dict[str, Any]:
    """Write the bundle for the partner, sealed for their journal (or with the pairing code) unless
    `plain`; returns what it holds and how it is protected. `in_folder`: `out` is in the sync
    folder, replaced by a rename whatever stands there (journal/files.py: replace_in_folder);
    `auto_sync`: the bundle says this journal syncs automatically, so that a journal started from
    it does too. `everything` (`share --all`) writes every shared record and claims nothing about
    what either journal has had of the other's (no `seen`, `merged` or `since`): the partner takes
    it whatever happened to the cursors. An existing file at `out` is replaced only when
    `replace_existing` (`share --force`)."""
    if everything:
        since = None
    seal = None if plain else pairing.seal_for_partner(journal, now)
    if out is None:  # names no one: a role and a time (and a count, for a second one that minute)
        stem, suffix = f"mentorlog-{journal.pair.me}-{now:%Y%m%d-%H%M}", "json" if plain else "age"
        out = Path(f"{stem}.{suffix}")
        count = 1
        while out.exists() or out.is_symlink():
            count += 1
            out = Path(f"{stem}-{count}.{suffix}")
    counted: dict[str, int] = {}

    def produce(handle: IO[bytes]) -> None:
        with pairing.sealed(handle, seal) as sink:
            counted["records"] = write_bundle(
                journal,
                sink,
                now,
                recipient=seal.own_recipient if seal else None,
                since=since,
                sealed_to=seal.sealed_to if seal else None,
                auto_sync=auto_sync,
                cursors=not everything,
            )

    if in_folder:
        written = files.replace_in_folder(out, produce)
    else:
        written = files.write_private_stream(out, produce, replace_existing=replace_existing)
    with writing(journal.db):
        cursor.note_shared(journal.db, cursor.exchange_state(journal.db).clock, stamp(now))
    return {
        "path": str(written),
        "records": counted["records"],
        "private_left_out": exchange.private_count(journal.db),
        **pairing.share_report(journal, seal),
    }
