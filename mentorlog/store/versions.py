"""Field versions: how every field of a record carries its own version, and how two copies of a
record join into one.

Design (after cr-sqlite's column CRDTs): a version is `"STAMP ORIGIN"` — the hybrid-logical-clock
stamp of the write (UTC, milliseconds) and the id of the journal that made it — so versions
compare as text: later stamp first, then the larger origin. The record's `updated_at` and
`origin` are its newest version; its `versions` column (JSON) lists only the fields whose version
is older than that, so a record written once carries no map at all, and so do the rows of journals
and bundles made before field versions existed.

Joining two copies is a join in the lattice sense — commutative, associative and idempotent — so
two journals that have seen the same edits hold the same record whatever the order of exchanges:

- each field takes the copy with the greater version (equal versions with different values, which
  only a damaged bundle can make, are settled by the value itself);
- fields of one group (fields.py) move together: the copy whose newest field in the group is newer
  gives all of them (equally new: the copy whose fields are newer one by one, then the values, so
  that a group a tombstone brought only in part is made whole by the next copy with its words);
- three facts are never undone by an older-looking change: an ended mentorship (the pair's
  `ending` group with a day beats one without), a held session (its `schedule` group with state
  `held` beats any other state), and an approved agreement version (it is immutable: an approved
  copy gives every field).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mentorlog import fields as schema

UNKNOWN = ""  # the version of a field a copy does not carry (a tombstone's text): below every other


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


def expand(table: str, row: dict[str, Any], carried: Iterable[str] | None = None) -> Copy:
    """The copy held by a stored row (or a bundle record): every versioned field with its version.

    `carried` names the fields the row holds (all of them unless given); the others are UNKNOWN.
    """
    names = schema.versioned(table)
    held = set(names if carried is None else carried)
    newest = version(row["updated_at"], row["origin"])
    older = decode_map(row.get("versions"))
    values = {name: row.get(name) for name in names if name in held}
    versions = {name: older.get(name, newest) for name in names if name in held}
    return Copy(values, versions)


def decode_map(raw: Any) -> dict[str, str]:
    if not raw:
        return {}
    if isinstance(raw, str):
        raw = json.loads(raw)
    return dict(raw)


def compact(copy: Copy) -> tuple[str, str, str | None]:
    """(updated_at, origin, versions JSON or None) for storing `copy`: the newest version is the
    record's, and the map keeps only the fields that are older."""
    newest = max(copy.versions.values())
    stamp, origin = split(newest)
    older = {name: v for name, v in sorted(copy.versions.items()) if v != newest}
    return stamp, origin, json.dumps(older, separators=(",", ":")) if older else None


@dataclass
class Outcome:
    """What joining an incoming copy into the local one does to each field."""

    copy: Copy  # the joined copy
    taken: list[str]  # fields whose value or version comes from the incoming copy
    lost: list[str]  # fields where the incoming copy carried a different value that lost

    @property
    def changed(self) -> bool:
        return bool(self.taken)


def _key(copy: Copy, name: str) -> tuple[str, str]:
    return copy.version_of(name), _value_key(copy.values.get(name))


def _value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _group_key(table: str, group: str, copy: Copy, names: list[str]) -> tuple[Any, ...]:
    newest = max(copy.version_of(n) for n in names)
    values = tuple(_value_key(copy.values.get(n)) for n in names)
    absorbing = False
    if table == "pair" and group == "ending":
        absorbing = copy.values.get("ended_on") is not None and "ended_on" in copy.versions
    elif table == "session" and group == "schedule":
        absorbing = copy.values.get("state") == "held"
    # Same newest version: the copy whose fields are newer one by one (a group split by a tombstone,
    # which carries no words, holds an older field), then the values themselves.
    versions = tuple(copy.version_of(n) for n in names)
    return (absorbing, newest, versions, values)


def _approved(table: str, copy: Copy) -> bool:
    return table == "agreement" and copy.values.get("state") == "approved" and "state" in copy.versions


def join(table: str, mine: Copy, theirs: Copy) -> Outcome:
    """Join the incoming copy `theirs` into `mine` (see the module's rules)."""
    specs = schema.TABLES[table]
    joined = Copy(dict(mine.values), dict(mine.versions))
    taken: list[str] = []
    lost: list[str] = []

    def take(name: str) -> None:
        if name not in theirs.versions:
            return
        joined.values[name] = theirs.values.get(name)
        joined.versions[name] = theirs.versions[name]
        if mine.version_of(name) != theirs.versions[name] or mine.values.get(name) != theirs.values.get(name):
            taken.append(name)

    def keep(name: str) -> None:
        if name in theirs.versions and theirs.values.get(name) != mine.values.get(name):
            lost.append(name)

    if _approved(table, mine) != _approved(table, theirs):
        winner_is_theirs = _approved(table, theirs)
        for name in schema.versioned(table):
            take(name) if winner_is_theirs else keep(name)
        return Outcome(joined, taken, lost)

    groups: dict[str, list[str]] = {}
    for name in schema.versioned(table):
        group = specs[name].group
        if group is None:
            if _key(theirs, name) > _key(mine, name):
                take(name)
            else:
                keep(name)
        else:
            groups.setdefault(group, []).append(name)
    for group, names in groups.items():
        carried = [n for n in names if n in theirs.versions]
        if not carried:
            continue
        if _group_key(table, group, theirs, names) > _group_key(table, group, mine, names):
            for name in names:
                take(name)
        else:
            for name in carried:
                if mine.version_of(name) == UNKNOWN:
                    take(name)  # a field this copy never had (it came as a tombstone)
                else:
                    keep(name)
    return Outcome(joined, taken, lost)
