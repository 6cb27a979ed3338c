"""Queries for the agreement's versions (live ones only), newest or in force, and the changes of
their states (`agreement_event`), which travel as records of their own so that the history
survives merges."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from mentorlog.model import AgreementEvent, AgreementState, Audience
from mentorlog.store import records
from mentorlog.store.audience import shown
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Writer, rows

if TYPE_CHECKING:
    from mentorlog.rows.process import AgreementRow, EventOfVersion

# Among versions of one number (two amendments started at once on both sides both survive a
# merge), the one made last counts.
ORDER = "version desc, created_at desc, id desc"


def agreement_versions(db: Db, audience: Audience) -> list[AgreementRow]:
    where = f"{LIVE} and {shown(audience, 'agreement')}"
    sql = f"select * from agreement where {where} order by version, created_at, id"
    return cast("list[AgreementRow]", rows(db, sql))


def latest_agreement(db: Db, audience: Audience) -> AgreementRow | None:
    found = rows(
        db,
        f"select * from agreement where {LIVE} and {shown(audience, 'agreement')} order by {ORDER} limit 1",
    )
    return cast("AgreementRow", found[0]) if found else None


def agreement_in_force(db: Db, audience: Audience) -> AgreementRow | None:
    """The latest approved version: it stays in force while an amendment is drafted."""
    found = rows(
        db,
        f"select * from agreement where {LIVE} and {shown(audience, 'agreement')} and state = ? "
        f"order by {ORDER} limit 1",
        [AgreementState.APPROVED],
    )
    return cast("AgreementRow", found[0]) if found else None


def version_numbered(db: Db, number: int) -> AgreementRow | None:
    if not records.storable(number):
        return None
    found = rows(
        db, f"select * from agreement where {LIVE} and version = ? order by {ORDER} limit 1", [number]
    )
    return cast("AgreementRow", found[0]) if found else None


def record_event(
    db: Db, writer: Writer, agreement_id: str, event: AgreementEvent, changed: str | None = None
) -> None:
    records.insert(
        db, "agreement_event", writer, {"agreement_id": agreement_id, "event": event, "changed": changed}
    )


def reopened(db: Db, agreement_id: str) -> bool:
    """Whether the version was taken back to draft after a proposal (and not proposed since)."""
    found = rows(
        db,
        f"select event from agreement_event where {LIVE} and agreement_id = ? and event in (?, ?) "
        "order by updated_at desc, id desc limit 1",
        [agreement_id, AgreementEvent.PROPOSED, AgreementEvent.REOPENED],
    )
    return bool(found) and found[0]["event"] == AgreementEvent.REOPENED


def events(db: Db, audience: Audience) -> list[EventOfVersion]:
    """Every state change of every live version, in the order they happened: by the hybrid clock's
    stamp (`updated_at`; an event is never changed), which puts a change made after merging
    another after it, whatever the two machines' clocks say."""
    found = rows(
        db,
        "select e.*, a.version from agreement_event e join agreement a on a.id = e.agreement_id "
        f"where e.{LIVE} and a.{LIVE} and {shown(audience, 'agreement_event', 'e')} "
        "order by e.updated_at, e.id",
    )
    return cast("list[EventOfVersion]", found)


# --- the schema step that brought the events --------------------------------------------------


def _derived_id(stamp: str, key: str) -> str:
    """A ULID for `stamp` whose random part comes from `key`: both journals of a pair make the same
    one for the same past event, so the two copies are one record after a merge."""
    from mentorlog.dates import from_stamp

    ms = int(from_stamp(stamp).timestamp() * 1000)
    import hashlib  # only the schema step that fills in past events needs it

    return records.ulid(ms, int.from_bytes(hashlib.sha256(key.encode()).digest()[:10], "big"))


def record_past_events(db: Db) -> int:
    """The state changes each version's stamps still show (made, proposed, approved), as events.

    Every journal of the pair makes the same records from the same version (ids, stamps, authors,
    and the pair's id as origin), so they merge as one. Returns how many were made.
    """
    pair = db.execute("select id from pair limit 1").fetchone()
    if pair is None:
        return 0
    made = 0
    for version in rows(db, "select * from agreement"):
        past = [(AgreementEvent.DRAFTED, version["created_at"], version["author"])]
        if version["proposed_at"]:
            past.append((AgreementEvent.PROPOSED, version["proposed_at"], version["proposed_by"]))
        if version["approved_at"]:
            past.append((AgreementEvent.APPROVED, version["approved_at"], version["approved_by"]))
        for event, stamp, author in past:
            if not author:
                continue
            db.execute(
                "insert or ignore into agreement_event (id, created_at, updated_at, author, origin, phase, "
                "visibility, deleted_at, agreement_id, event, changed, versions) "
                "values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, null, null)",
                [
                    _derived_id(stamp, f"{version['id']} {event}"),
                    stamp,
                    stamp,
                    author,
                    pair[0],
                    version["phase"],
                    version["visibility"],
                    version["id"],
                    str(event),
                ],
            )
            made += 1
    return made
