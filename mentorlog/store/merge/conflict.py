"""What both sides changed, and what a bundle may never undo: an incoming record held against the
local row and against what the sender had of this journal (`Parties.sender_merges`).

- A conflict is a field both journals changed, each without knowing the other's change: the
  journal that made the losing change had not yet received the winning one when it made its own.
  The later change wins (the join); the conflict is reported, in words, by render/exchange.py.
- Three facts are never undone: an approved agreement version's terms, a held session, the
  ending of the mentorship. A bundle that changes them with a later change made knowing them is
  refused, naming the record and the field. A change made without knowing them (a move made
  before the held session arrived, a first-format bundle made before the ending) is honest: the
  join keeps the fact and says nothing.
"""

from __future__ import annotations

from typing import Any

from mentorlog import fields as schema
from mentorlog.store.merge import join, model
from mentorlog.store.merge.model import Merges, Parties, Record


def had_when(merges: Merges, version_stamp: str) -> str | None:
    """When (by the merging journal's clock) a change of `version_stamp` first arrived through
    these merges, or None if it never did. A change made after that moment was made knowing it."""
    arrived = [at for clock, at in merges if clock >= version_stamp]
    return min(arrived) if arrived else None


def _made_by(version: str, journal: str) -> bool:
    return model.split(version)[1] == journal


def _unaware(first: str, second: str, merges: Merges) -> bool:
    """Whether `second` was made without knowing `first` (the merges are its journal's)."""
    arrived = had_when(merges, model.split(first)[0])
    return arrived is None or model.split(second)[0] <= arrived


def found(
    record: Record, row: dict[str, Any], mine: model.Copy, theirs: model.Copy, outcome: model.Outcome,
    parties: Parties,
) -> list[model.Conflict]:  # fmt: skip
    """The fields of `record` both sides changed, each without knowing the other's change."""
    conflicts: list[model.Conflict] = []
    for name in outcome.taken:
        replaced, winning = mine.version_of(name), theirs.version_of(name)
        if (
            mine.values.get(name) != theirs.values.get(name)
            and _made_by(replaced, parties.my_journal)
            and _unaware(replaced, winning, parties.sender_merges)
        ):
            conflicts.append(
                model.Conflict(
                    record.table,
                    record.id,
                    name,
                    mine.values.get(name),
                    theirs.values.get(name),
                    "theirs",
                    row,
                )
            )
    for name in outcome.lost:
        arrived, kept = theirs.version_of(name), outcome.copy.version_of(name)
        if (
            _made_by(arrived, parties.sender_journal)
            and _made_by(kept, parties.my_journal)
            and model.split(arrived)[0] > parties.had_from_sender
            and _unaware(arrived, kept, parties.my_merges)
        ):
            conflicts.append(
                model.Conflict(
                    record.table, record.id, name, mine.values.get(name), theirs.values.get(name), "mine", row
                )
            )
    return conflicts


def never_undone(record: Record, row: dict[str, Any], parties: Parties) -> None:
    """Refuse a record that would undo a fact that is never undone: change an approved agreement
    version's terms (two approved copies of a version always agree: a change is a new version),
    take a held session back from held, or take the ending of the mentorship away."""
    approved = "approved"
    if record.table == "agreement" and row["state"] == approved and record.fields.get("state") == approved:
        for name in schema.approved_terms():
            if name in record.fields and record.fields[name] != row[name]:
                raise model.refuse(
                    record,
                    f"changes the {schema.TABLES['agreement'][name].words} ({name}) of version "
                    f"{row['version']}, which is approved and never changes (a change is a new version)",
                )
    if record.table == "session" and row["state"] == "held" and record.fields.get("state", "held") != "held":
        if _knowingly_newer(record, row, parties, "state"):
            raise model.refuse(
                record,
                f"changes the {schema.TABLES['session']['state'].words} (state) of session {row['number']} "
                f"from held to {record.fields['state']}; a held session is never undone",
            )
    if record.table == "pair" and row["ended_on"] is not None and "ended_on" in record.fields:
        if record.fields["ended_on"] is None and _knowingly_newer(record, row, parties, "ended_on"):
            raise model.refuse(
                record,
                f"takes away the {schema.TABLES['pair']['ended_on'].words} (ended_on) of the mentorship "
                f"on {row['ended_on']}; an ending is never undone",
            )


def _knowingly_newer(record: Record, row: dict[str, Any], parties: Parties, name: str) -> bool:
    """Whether the incoming `name` is a later change than this journal's, made by a journal that
    had this journal's value: this journal itself, or the sender after it had the value (or the
    sender made it)."""
    held = join.expand(record.table, row).version_of(name)
    incoming = record.versions.get(name, model.version(record.updated_at, record.origin))
    if incoming <= held:
        return False  # an older copy: the join keeps this journal's value
    stamp, origin = model.split(incoming)
    if origin == parties.my_journal:
        return True
    if origin != parties.sender_journal:
        return False
    held_stamp, held_by = model.split(held)
    arrived = had_when(parties.sender_merges, held_stamp)
    return held_by == parties.sender_journal or (arrived is not None and stamp > arrived)
