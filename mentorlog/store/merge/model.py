"""The merge's records and outcomes, and the version every field carries (no SQL, no rules).

A version is `"STAMP ORIGIN"`: the hybrid-logical-clock stamp of the write (UTC, milliseconds)
and the id of the journal that made it, so versions compare as text: later stamp first, then the
larger origin. UNKNOWN is the version of a field a copy does not carry (a tombstone's words): it
is below every other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mentorlog import fields as schema
from mentorlog.errors import InvalidInput

# Tables in an order that writes every record after the records it refers to.
MERGE_ORDER = (
    "pair", "agreement", "agreement_event", "rule", "vision", "goal", "goal_revision", "goal_progress",
    "assessment", "outcome", "action", "option", "session", "topic", "feedback", "note", "reflection",
)  # fmt: skip
UNKNOWN = ""


def version(stamp: str, origin: str) -> str:
    return f"{stamp} {origin}"


def split(value: str) -> tuple[str, str]:
    stamp, _, origin = value.partition(" ")
    return stamp, origin


def is_version(value: object) -> bool:
    if not isinstance(value, str):
        return False
    stamp, origin = split(value)
    return schema.is_stamp(stamp) and schema.is_ulid(origin)


@dataclass
class Copy:
    """One copy of a record's versioned fields: values and the version of each field."""

    values: dict[str, Any]
    versions: dict[str, str] = field(default_factory=dict)

    def version_of(self, name: str) -> str:
        return self.versions.get(name, UNKNOWN)


@dataclass
class Outcome:
    """What joining an incoming copy into the local one does to each field."""

    copy: Copy  # the joined copy
    taken: list[str]  # fields whose value or version comes from the incoming copy
    lost: list[str]  # fields where the incoming copy carried a different value that lost

    @property
    def changed(self) -> bool:
        return bool(self.taken)


@dataclass
class Record:
    """One checked record as it travels: bookkeeping, the fields it carries, their versions."""

    table: str
    id: str
    author: str
    created_at: str
    phase: str
    updated_at: str
    origin: str
    fields: dict[str, Any]
    versions: dict[str, str] = field(default_factory=dict)  # only the fields older than the record
    visibility: str = "shared"

    @property
    def removed(self) -> bool:
        return self.fields.get("deleted_at") is not None

    def copy(self) -> Copy:
        newest = version(self.updated_at, self.origin)
        return Copy(dict(self.fields), {name: self.versions.get(name, newest) for name in self.fields})


Merges = list[tuple[str, str]]  # (the other journal's clock in a bundle merged, own clock after it)


@dataclass(frozen=True)
class Parties:
    """Who takes part in a merge: this journal, the sender, and what each had of the other."""

    me: str  # this journal's owner's role
    my_journal: str
    sender_role: str
    sender_journal: str
    had_from_sender: str = ""  # the newest of the sender's changes merged here before (clock)
    my_merges: Merges = field(default_factory=list)  # this journal's merges of the sender's bundles
    sender_merges: Merges = field(default_factory=list)  # the sender's merges of this journal's bundles
    # a journal started anew from the partner's bundle (`init --from`): the records written as this
    # journal's owner's come back as theirs (a lost journal rebuilt), wherever they were made
    restoring: bool = False


@dataclass
class Change:
    """A record the merge added or changed, for the what's-new summary."""

    table: str
    id: str
    new: bool
    fields: list[str]
    before: dict[str, Any]
    after: dict[str, Any]
    author: str
    origin: str


@dataclass
class Conflict:
    """The same field changed on both sides since they last exchanged; the later change won."""

    table: str
    id: str
    field: str
    mine: Any
    theirs: Any
    winner: str  # "theirs" or "mine"
    row: dict[str, Any]


@dataclass(frozen=True)
class Renumbered:
    """A session of this journal given a new number: the partner had made one with its number first."""

    session_id: str
    old: int
    new: int
    kept_by: str  # the session that keeps the number
    numbered_by: str  # the journal that had given the renumbered session its number
    table: str = "session"  # or a goal, outcome, option or action


@dataclass
class Result:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    kept_private: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    more_changes: int = 0
    newest: str = ""
    renumbered: list[Renumbered] = field(default_factory=list)
    # records in this journal's owner's name that the sender's journal made (`--as` at their laptop)
    for_me: list[tuple[str, str]] = field(default_factory=list)
    renumbered_plan: list[Renumbered] = field(default_factory=list)  # goals, outcomes, options, actions

    @property
    def written(self) -> bool:
        return bool(self.added or self.updated)


@dataclass
class ExchangeState:
    """What this journal knows of its exchanges (the local `journal` row)."""

    clock: str
    partner_journal: str | None
    had_from_partner: str  # the partner's clock in the last bundle merged whole
    partner_had: str  # this journal's clock as the partner last said they had it
    partner_bundle_at: str | None  # when the partner made the last bundle merged
    shared_clock: str  # this journal's clock at its last share
    shared_at: str | None = None  # when this journal last wrote a bundle (its wall clock, UTC)
    merged_at: str | None = None  # when it last merged a bundle of the partner's that moved something


class Refusal(InvalidInput):
    """A bundle that breaks an ownership rule; the merge's transaction is rolled back."""


def refuse(record: Record, what: str) -> Refusal:
    return Refusal(
        f"The bundle is refused: {record.table} {record.id} {what}.\n"
        "Nothing was merged; ask your partner for a new bundle."
    )
