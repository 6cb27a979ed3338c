"""Every record of a bundle checked to the value before anything is written, and read again for
the merge's writing pass (the format itself: exchange/bundle.py).

`check_records` checks each record against `fields.py` (every enum, date, stamp, number and text,
the record's own keys, role-gated acts, field versions) and refuses the whole bundle at the first
flaw with a message naming the table, the record and the field. `check_all` runs it over a whole
bundle without writing anything and returns a `Checked` bundle, whose `records()` the writing pass
reads: the same lines again (each block compared with the checking pass's digest of it), made into
the records that were checked without checking each value a second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from mentorlog import fields as schema
from mentorlog.dates import stamp as to_stamp
from mentorlog.exchange import bundle
from mentorlog.exchange.bundle import (
    CLOCK_SLACK,
    RECORD_KEYS,
    BadBundle,
    Envelope,
    newer,
    refuse,
)
from mentorlog.exchange.bundle_read import Ledger, Stream
from mentorlog.store.merge import model
from mentorlog.store.merge.model import MERGE_ORDER as ORDER
from mentorlog.store.merge.model import Record


class _Rules(NamedTuple):
    """How a table's records are checked, looked up once per table (not once per value)."""

    position: int  # the table's place in the bundle's order
    # field: (its domain's check, an act's stamp, a stored form that is not the bundle's: JSON as text)
    checks: dict[str, tuple[Callable[[Any], Any], bool, bool]]
    required: tuple[tuple[str, bool], ...]  # (field, free text) of the required fields
    gated: bool  # the table has role-gated acts (fields.ACT_ROLES)
    reformed: tuple[str, ...]  # the fields whose stored form is not the bundle's


# Domains whose check returns the value itself: its stored form is the bundle's.
_SAME_FORM = (schema.Text, schema.Choice, schema.Int, schema.Day, schema.Stamp, schema.Ref)
# (field, its check, the kind of value `_Known` keeps of it once found good)
_BOOKKEEPING_CHECKS: tuple[tuple[str, Callable[[Any], Any], str | None], ...] = tuple(
    (name, schema.BOOKKEEPING[name].domain.check, kind)
    for name, kind in (
        ("id", None), ("author", None), ("created_at", "stamp"), ("phase", None), ("updated_at", "stamp"),
        ("origin", "origin"),
    )
)  # fmt: skip


@cache
def _rules(table: str) -> _Rules:
    known = schema.TABLES[table]
    return _Rules(
        position=ORDER.index(table),
        checks={
            name: (spec.domain.check, spec.act_stamp, not isinstance(spec.domain, _SAME_FORM))
            for name, spec in known.items()
        },
        required=tuple((name, spec.text) for name, spec in known.items() if spec.required),
        gated=any(gated == table for gated, _ in schema.ACT_ROLES),
        reformed=tuple(name for name, spec in known.items() if not isinstance(spec.domain, _SAME_FORM)),
    )


class _Known:
    """Values already found good in this bundle, by kind (a stamp of the bookkeeping, an origin, a
    field's version), so that each is checked once: bounded, so that memory stays flat however
    large the bundle is."""

    LIMIT = 4096

    def __init__(self) -> None:
        self.sets: dict[str, set[str]] = {"stamp": set(), "origin": set(), "version": set()}
        self.forms: dict[tuple[str, str, tuple[str, ...]], Any] = {}

    def has(self, kind: str, value: object) -> bool:
        return isinstance(value, str) and value in self.sets[kind]

    def add(self, kind: str, value: str) -> None:
        values = self.sets[kind]
        if len(values) >= self.LIMIT:
            values.clear()
        values.add(value)

    def stored(self, table: str, name: str, value: Any, check: Callable[[Any], Any]) -> Any:
        """`check(value)`: the stored form of a JSON value; a list of words (tags) met before is
        not checked and encoded again."""
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return check(value)
        key = (table, name, tuple(value))
        form = self.forms.get(key)
        if form is None:
            form = check(value)
            if len(self.forms) >= self.LIMIT:
                self.forms.clear()
            self.forms[key] = form
        return form


def check_records(stream: Iterator[tuple[str, Any]], envelope: Envelope, now: datetime) -> Iterator[Record]:
    """Each raw record checked to the value (fields.py), yielded as a `Record`; raises `BadBundle`
    naming the table, record and field of the first flaw. The caller reads them all before writing
    (`check_all` does)."""
    personal = envelope.personal
    limit = to_stamp(now + CLOCK_SLACK)
    known = _Known()
    count = 0
    seen_ids: dict[str, str] = {}
    last_order = 0
    for table, raw in stream:
        count += 1
        if count > bundle.MAX_RECORDS:
            raise refuse(
                f"The bundle holds more than {bundle.MAX_RECORDS:,} records, the most a bundle may be."
            )
        if table not in schema.TABLES:
            raise newer(f"a kind of record it does not know ({table[:30]!r})")
        rules = _rules(table)
        if rules.position < last_order:
            raise refuse(f"The bundle is damaged: its {table} records are out of order.")
        last_order = rules.position
        record = _check_record(table, raw, personal, now, limit, rules, known)
        other = seen_ids.get(record.id)
        if other is not None:
            raise refuse(f"The bundle is damaged: the id {record.id} appears twice ({other} and {table}).")
        seen_ids[record.id] = table
        if table == "pair" and record.id != envelope.pair_id:
            raise refuse("The bundle is damaged: its pair record is not the mentorship it names.")
        yield record


class Checked:
    """A bundle whose every record has been checked (`check_all`): its records can be read again
    for the writing pass."""

    def __init__(self, stream: Stream, ledger: Ledger):
        self._stream = stream
        self._ledger = ledger

    @property
    def ledger(self) -> Ledger:
        """What the checking pass read: each block's digest, and the signature and its message."""
        return self._ledger

    def records(self) -> Iterator[Record]:
        """The records again, built without checking each value a second time: they come from the
        same lines as those checked (the ledger compares each block before its records are handed
        on, and refuses the bundle if one differs)."""
        self._ledger.comparing, self._ledger.position = True, 0
        known = _Known()
        for table, raw in self._stream.read(self._ledger):
            yield _checked_before(table, raw, known)


def check_all(stream: Stream, envelope: Envelope, now: datetime) -> Checked:
    """Every record of the bundle checked to the value (`check_records`), without writing
    anything; returns the bundle to be read again for the writing pass."""
    ledger = Ledger()
    for _ in check_records(stream.read(ledger), envelope, now):
        pass
    return Checked(stream, ledger)


def _checked_before(table: str, raw: dict[str, Any], known: _Known) -> Record:
    """A record whose lines `check_records` has checked, as the `Record` it made of them: the
    values in their stored form (tags and goal changes as JSON text, as the check gives them)."""
    fields = dict(raw["fields"])
    rules = _rules(table)
    for name in rules.reformed:
        value = fields.get(name)
        if value is not None:
            fields[name] = known.stored(table, name, value, rules.checks[name][0])
    return _record(table, raw, fields, raw.get("versions") or {}, raw.get("visibility", "shared"))


def _flaw(table: str, record_id: Any, name: str, reason: str) -> BadBundle:
    shown = record_id if schema.is_ulid(record_id) else "(no valid id)"
    return BadBundle(
        f"The bundle is refused: {table} {shown}, field {name}, {reason}.\n"
        "Nothing was merged; ask your partner for a new bundle."
    )


PERSONAL_KEYS = RECORD_KEYS | set(schema.OWNER_ONLY)  # what is declared not `shared`: exports only


def _check_record(
    table: str, raw: Any, personal: bool, now: datetime, limit: str, rules: _Rules, known: _Known
) -> Record:
    if not isinstance(raw, dict):
        raise refuse(f"The bundle is damaged: a {table} record is not an object.")
    record_id = raw.get("id")
    unknown = raw.keys() - (PERSONAL_KEYS if personal else RECORD_KEYS)
    if unknown:
        if owner_only := sorted(unknown & set(schema.OWNER_ONLY)):  # only a bundle (not personal) gets here
            raise _flaw(table, record_id, owner_only[0], "is in a bundle, which holds shared records only")
        raise newer(f"record fields it does not know ({', '.join(sorted(unknown))})")
    bookkeeping: dict[str, Any] = {}
    for name, check, kind in _BOOKKEEPING_CHECKS:
        value = raw.get(name)
        if kind is not None and known.has(kind, value):
            bookkeeping[name] = value
            continue
        if value is None:
            raise _flaw(table, record_id, name, "is missing")
        try:
            bookkeeping[name] = check(value)
        except ValueError as error:
            raise _flaw(table, record_id, name, str(error)) from None
        if kind is not None:
            known.add(kind, value)
    for name in ("created_at", "updated_at"):
        if bookkeeping[name] > limit:
            _stamp_not_ahead(table, record_id, name, bookkeeping[name], now)
    visibility = raw.get("visibility", "shared")
    if personal and visibility not in ("shared", "private"):
        raise _flaw(table, record_id, "visibility", f"is {visibility!r}, not shared or private")
    values = raw.get("fields")
    if not isinstance(values, dict):
        raise _flaw(table, record_id, "fields", "is not an object")
    checks = rules.checks
    checked: dict[str, Any] = {}
    for name, value in values.items():
        entry = checks.get(name)
        if entry is None:
            raise newer(f"a {table} field it does not know ({str(name)[:30]!r})")
        if value is None:
            checked[name] = None
            continue
        check, act_stamp, reformed = entry
        if reformed and isinstance(value, str):  # the stored form (JSON as text) is not a bundle's
            raise _flaw(table, record_id, name, "is text, not a JSON list or object")
        try:
            checked[name] = known.stored(table, name, value, check) if reformed else check(value)
        except ValueError as error:
            raise _flaw(table, record_id, name, str(error)) from None
        if act_stamp and value > limit:
            _stamp_not_ahead(table, record_id, name, value, now)
    removed = checked.get("deleted_at") is not None
    for name, text in rules.required:
        if removed and text:
            continue  # a tombstone travels without its words
        if checked.get(name) is None:
            raise _flaw(table, record_id, name, "is missing")
    if rules.gated:
        problem = schema.act_problem(table, {**checked, "author": bookkeeping["author"]})
        if problem:
            raise _flaw(table, record_id, problem.split(" ")[0], problem.split(" ", 1)[1])
    versions = raw.get("versions")
    if versions is None:
        versions = {}
    if not isinstance(versions, dict):
        raise _flaw(table, record_id, "versions", "is not an object")
    if versions:
        newest = model.version(bookkeeping["updated_at"], bookkeeping["origin"])
        for name, value in versions.items():
            if name not in checked:
                raise _flaw(
                    table, record_id, f"versions.{str(name)[:30]}", "names a field the record does not carry"
                )
            seen = known.has("version", value)
            if not (seen or model.is_version(value)) or value > newest:
                raise _flaw(table, record_id, f"versions.{name}", "is not a version older than the record's")
            if not seen:
                stamp = model.split(value)[0]
                if stamp > limit:
                    _stamp_not_ahead(table, record_id, f"versions.{name}", stamp, now)
                known.add("version", value)
    if table == "agreement" and checked.get("state") == "approved":
        _approved_terms_unchanged(record_id, checked, versions, bookkeeping)
    return _record(table, bookkeeping, checked, versions, visibility)


def _approved_terms_unchanged(
    record_id: Any, values: dict[str, Any], versions: dict[str, Any], book: dict[str, Any]
) -> None:
    """An approved version's terms are as they were when it was approved: none carries a version
    later than its approval (its state's), as none can be edited locally after it."""
    newest = model.version(book["updated_at"], book["origin"])
    approved = versions.get("state", newest)
    for name in schema.approved_terms():
        if name in values and versions.get(name, newest) > approved:
            raise _flaw(
                "agreement",
                record_id,
                name,
                f"changed after version {values.get('version')} was approved; an approved version never "
                "changes (a change is a new version)",
            )


def _record(
    table: str, book: dict[str, Any], fields: dict[str, Any], versions: dict[str, Any], visibility: str
) -> Record:
    """The `Record` both passes build: the checking pass from the values it checked, the writing
    pass from the same lines read again."""
    return Record(
        table=table,
        id=book["id"],
        author=book["author"],
        created_at=book["created_at"],
        phase=book["phase"],
        updated_at=book["updated_at"],
        origin=book["origin"],
        fields=fields,
        versions=dict(versions),
        visibility=visibility,
    )


def _stamp_not_ahead(table: str, record_id: Any, name: str, value: Any, now: datetime) -> None:
    if value > to_stamp(now + CLOCK_SLACK):
        raise BadBundle(
            f"The bundle is refused: {table} {record_id}, field {name}, is dated "
            f"{value[:16].replace('T', ' ')} UTC, more than a day ahead of this machine's clock "
            f"({to_stamp(now)[:16].replace('T', ' ')} UTC): one of the two clocks is wrong.\n"
            "Nothing was merged; check the date and time on both machines, then share again."
        )
