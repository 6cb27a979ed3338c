"""What this journal knows of its exchanges (the `journal` row and the merge log): how far each
journal had the other's changes, moved after a merge or a share, never back."""

from __future__ import annotations

from typing import Any

from mentorlog.store.db import Db
from mentorlog.store.merge.model import ExchangeState, Merges


def exchange_state(db: Db) -> ExchangeState:
    row = next(
        db.query(
            "select clock, partner_journal, had_from_partner, partner_had, partner_bundle_at, shared_clock, "
            "shared_at, merged_at from journal limit 1"
        )
    )
    return ExchangeState(
        clock=row["clock"] or "",
        partner_journal=row["partner_journal"],
        had_from_partner=row["had_from_partner"] or "",
        partner_had=row["partner_had"] or "",
        partner_bundle_at=row["partner_bundle_at"],
        shared_clock=row["shared_clock"] or "",
        shared_at=row["shared_at"],
        merged_at=row["merged_at"],
    )


def merges(db: Db, partner_journal: str) -> Merges:
    """This journal's merges of the partner's bundles that brought something: (their clock, ours)."""
    return [
        (row[0], row[1])
        for row in db.execute(
            "select partner_clock, at from merge_log where partner_journal = ? order by at", [partner_journal]
        )
    ]


def note_merged(
    db: Db,
    *,
    partner_journal: str,
    newest: str,
    clock: str,
    partner_had: str | None,
    made_at: str,
    brought: bool,
    at: str | None = None,
) -> None:
    """After a merge (of a bundle whose cursors were checked: exchange/bundle.py, so it holds
    every change of the sender's this journal has not had): the clock moves past every stamp
    seen, the cursors move forward (never back, unless the partner's journal is another one now:
    they are about that journal), and a merge that brought something is logged; nothing is
    written when nothing moves, so merging a bundle again writes nothing; `at` (when it merged) is
    kept when something moved."""
    state = exchange_state(db)
    values: dict[str, Any] = {}
    if newest > state.clock:
        values["clock"] = newest
    if brought:
        db.execute(
            "insert into merge_log (partner_journal, partner_clock, at) values (?, ?, ?)",
            [partner_journal, clock, max(newest, state.clock)],
        )
    another = state.partner_journal != partner_journal
    if another:
        values["partner_journal"] = partner_journal
    if another or clock > state.had_from_partner:
        values["had_from_partner"] = clock
    if another and (partner_had or "") != state.partner_had:
        values["partner_had"] = partner_had
    elif partner_had and partner_had > state.partner_had:
        values["partner_had"] = partner_had
    if made_at > (state.partner_bundle_at or ""):
        values["partner_bundle_at"] = made_at
    if (values or brought) and at is not None:
        values["merged_at"] = at
    if values:
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        db.execute(f"update journal set {assignments}", list(values.values()))


def note_shared(db: Db, clock: str, at: str | None = None) -> None:
    """A bundle written (at `at`, UTC) holding this journal's changes up to `clock`."""
    if clock > exchange_state(db).shared_clock:
        db.execute("update journal set shared_clock = ?", [clock])
    if at is not None:
        db.execute("update journal set shared_at = ?", [at])
