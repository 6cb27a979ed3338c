"""How two copies of a record join into one, every field carrying its own version (model.py).

Design (after cr-sqlite's column CRDTs). The record's `updated_at` and
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
from typing import Any

from mentorlog import fields as schema
from mentorlog.store.merge import model


def expand(table: str, row: dict[str, Any], carried: Iterable[str] | None = None) -> model.Copy:
    """The copy held by a stored row (or a bundle record): every versioned field with its version.

    `carried` names the fields the row holds (all of them unless given); the others are UNKNOWN.
    """
    names = schema.versioned(table)
    held = set(names if carried is None else carried)
    newest = model.version(row["updated_at"], row["origin"])
    older = decode_map(row.get("versions"))
    values = {name: row.get(name) for name in names if name in held}
    versions = {name: older.get(name, newest) for name in names if name in held}
    return model.Copy(values, versions)


def decode_map(raw: Any) -> dict[str, str]:
    if not raw:
        return {}
    if isinstance(raw, str):
        raw = json.loads(raw)
    return dict(raw)


def compact(copy: model.Copy) -> tuple[str, str, str | None]:
    """(updated_at, origin, versions JSON or None) for storing `copy`: the newest version is the
    record's, and the map keeps only the fields that are older."""
    newest = max(copy.versions.values())
    stamp, origin = model.split(newest)
    older = {name: v for name, v in sorted(copy.versions.items()) if v != newest}
    return stamp, origin, json.dumps(older, separators=(",", ":")) if older else None


def _key(copy: model.Copy, name: str) -> tuple[str, str]:
    return copy.version_of(name), _value_key(copy.values.get(name))


def _value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _group_key(table: str, group: str, copy: model.Copy, names: list[str]) -> tuple[Any, ...]:
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


def _approved(table: str, copy: model.Copy) -> bool:
    return table == "agreement" and copy.values.get("state") == "approved" and "state" in copy.versions


def join(table: str, mine: model.Copy, theirs: model.Copy) -> model.Outcome:
    """Join the incoming copy `theirs` into `mine` (see the module's rules)."""
    specs = schema.TABLES[table]
    joined = model.Copy(dict(mine.values), dict(mine.versions))
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
        return model.Outcome(joined, taken, lost)

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
                if mine.version_of(name) == model.UNKNOWN:
                    take(name)  # a field this copy never had (it came as a tombstone)
                else:
                    keep(name)
    return model.Outcome(joined, taken, lost)
