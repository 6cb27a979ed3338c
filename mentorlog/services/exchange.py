"""Local-first exchange between the mentee's and the mentor's journals (README: "Two journals").

A bundle is one JSON file: `{"format": "mentorlog-bundle", "version": 1, "pair_id", "from":
{"role", "journal_id"}, "exported_at", "records": {table: [row, …]}}` holding every shared record
and every tombstone (a removed record keeps its row, with `deleted_at` set), never a private one.

`merge` reads and validates the whole bundle first — format, version, pair, tables, columns,
types, sizes, references — and only then writes, in one transaction, with the merge rule of
`store.exchange`. A bundle that fails any check changes nothing. A personal `export` uses the
same shape with `"format": "mentorlog-export"` and private records included; it can start a
journal anew (`init --from`) but is never merged into a partner's journal.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog import __version__, crashpoints, paths
from mentorlog.dates import stamp
from mentorlog.errors import InvalidInput, NotFound, Refused
from mentorlog.model import Phase, Role
from mentorlog.services import files, validate
from mentorlog.services.journal import Journal, open_journal
from mentorlog.store import exchange as store
from mentorlog.store import pair as pairs
from mentorlog.store.journal import create_journal, writing
from mentorlog.store.records import Writer, new_id

BUNDLE = "mentorlog-bundle"
EXPORT = "mentorlog-export"
VERSION = 1
MAX_BYTES = 512 * 1024 * 1024
MAX_TEXT = 100_000
MAX_RECORDS = 5_000_000
ID = re.compile(r"[0-9a-hjkmnp-tv-z]{26}")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
ROLES = {r.value for r in Role}
PHASES = {p.value for p in Phase}


def build(journal: Journal, now: datetime, *, personal: bool = False) -> dict:
    """The bundle of everything shared (or, `personal`, the owner's whole journal)."""
    db = journal.db
    records = {
        table: list(store.iter_rows(db, table, shared_only=not personal)) for table in store.MERGE_ORDER
    }
    return {
        "format": EXPORT if personal else BUNDLE,
        "version": VERSION,
        "pair_id": journal.pair.id,
        "from": {"role": str(journal.pair.me), "journal_id": journal.pair.journal_id},
        "exported_at": stamp(now),
        "mentorlog_version": __version__,
        "records": records,
    }


def share(journal: Journal, out: Path | None, now: datetime) -> dict:
    bundle = build(journal, now)
    if out is None:
        out = Path(f"mentorlog-{journal.pair.me}-{now:%Y%m%d-%H%M}.json")
    written = files.write_private(out, json.dumps(bundle, ensure_ascii=False, separators=(",", ":")))
    counts = {t: len(rows) for t, rows in bundle["records"].items() if rows}
    removed = sum(1 for rows in bundle["records"].values() for r in rows if r.get("deleted_at"))
    private = store.private_count(journal.db)
    return {
        "path": str(written),
        "records": sum(counts.values()),
        "removed": removed,
        "private_left_out": private,
        "by_table": counts,
    }


# --- reading and checking a bundle ----------------------------------------------------------------


def load(path: Path) -> dict:
    path = Path(path).expanduser()
    if not path.is_file():
        raise NotFound(f"No bundle at {path}. Your partner makes one with `mentorlog share`.")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_BYTES // 2**20} MiB; that is no mentorlog bundle.")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{path} is not a mentorlog bundle (not UTF-8 text). Nothing was merged."
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{path} is not a complete mentorlog bundle (broken JSON at line {error.lineno}, "
            f"column {error.colno}; "
            "perhaps cut short). Ask for it again; nothing was merged."
        ) from None
    if not isinstance(data, dict) or data.get("format") not in (BUNDLE, EXPORT):
        raise InvalidInput(f"{path} is not a mentorlog bundle. Nothing was merged.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidInput(f"{path} has no valid bundle version. Nothing was merged.")
    if version > VERSION:
        raise InvalidInput(
            f"{path} was written by a newer mentorlog (bundle version {version}). Upgrade mentorlog "
            "(`pip install -U mentorlog`) to merge it; nothing was merged."
        )
    return data


def _bad(message: str) -> InvalidInput:
    return InvalidInput(f"The bundle is damaged: {message}. Nothing was merged; ask for a new one.")


def check(db, data: dict, *, allow_private: bool) -> dict[str, list[dict]]:
    """Every record of the bundle, checked against this journal's schema; raises on the first flaw."""
    pair_id = data.get("pair_id")
    sender = data.get("from")
    if not isinstance(pair_id, str) or not ID.fullmatch(pair_id):
        raise _bad("no valid pair id")
    if (
        not isinstance(sender, dict)
        or sender.get("role") not in ROLES
        or not isinstance(sender.get("journal_id"), str)
    ):
        raise _bad("no valid sender")
    records = data.get("records")
    if not isinstance(records, dict):
        raise _bad("no records")
    unknown = set(records) - set(store.MERGE_ORDER)
    if unknown:
        raise InvalidInput(
            f"The bundle holds records this mentorlog does not know ({', '.join(sorted(unknown))}); it was "
            "written by a newer mentorlog. Upgrade to merge it; nothing was merged."
        )
    checked: dict[str, list[dict]] = {}
    ids: dict[str, set[str]] = {}
    total = 0
    for table in store.MERGE_ORDER:
        rows = records.get(table, [])
        if not isinstance(rows, list):
            raise _bad(f"{table} is not a list")
        total += len(rows)
        if total > MAX_RECORDS:
            raise _bad("too many records")
        schema = store.columns(db, table)
        checked[table] = [_check_row(table, row, schema, allow_private) for row in rows]
        ids[table] = {row["id"] for row in checked[table]}
        if len(ids[table]) != len(checked[table]):
            raise _bad(f"{table} repeats an id")
    if [r["id"] for r in checked["pair"]] != [pair_id]:
        raise _bad("the pair record is missing or is not the bundle's pair")
    for table in store.MERGE_ORDER:
        for column, other in store.foreign_keys(db, table):
            wanted = {r[column] for r in checked[table] if r.get(column)} - ids[other]
            missing = wanted - store.existing_ids(db, other, sorted(wanted))
            if missing:
                raise _bad(f"a {table} refers to a {other} that is in neither journal")
    return checked


def _check_row(table: str, row, schema: dict[str, str], allow_private: bool) -> dict:
    if not isinstance(row, dict):
        raise _bad(f"a {table} record is not an object")
    extra = set(row) - set(schema)
    if extra:
        raise InvalidInput(
            f"The bundle's {table} records have fields this mentorlog does not know "
            f"({', '.join(sorted(extra))}); "
            "it was written by a newer mentorlog. Upgrade to merge it; nothing was merged."
        )
    clean: dict[str, Any] = {}
    for name, kind in schema.items():
        value = row.get(name)
        if value is None:
            clean[name] = None
            continue
        if kind == "INTEGER":
            if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2**53:
                raise _bad(f"{table}.{name} is not a whole number")
        elif not isinstance(value, str) or len(value) > MAX_TEXT:
            raise _bad(f"{table}.{name} is not text of a sensible length")
        clean[name] = value
    if not isinstance(clean["id"], str) or not ID.fullmatch(clean["id"]):
        raise _bad(f"a {table} record has no valid id")
    for name in ("created_at", "updated_at"):
        if not isinstance(clean[name], str) or not STAMP.fullmatch(clean[name]):
            raise _bad(f"{table}.{name} is not a timestamp")
    if clean["deleted_at"] is not None and not STAMP.fullmatch(clean["deleted_at"]):
        raise _bad(f"{table}.deleted_at is not a timestamp")
    if clean["author"] not in ROLES or clean["phase"] not in PHASES or not clean["origin"]:
        raise _bad(f"a {table} record has no valid author, phase or origin")
    if clean["visibility"] not in ("shared", "private"):
        raise _bad(f"a {table} record has no valid visibility")
    if clean["visibility"] == "private" and not allow_private:
        raise _bad(f"it holds a private {table}, which a bundle never does")
    return clean


# --- merging and starting from a bundle ---------------------------------------------------------------


def merge(journal: Journal, path: Path) -> dict:
    data = load(path)
    if data["format"] == EXPORT:
        raise Refused(
            f"{path} is a personal export (it holds private entries), not a bundle to merge. Your partner "
            "shares with `mentorlog share`; an export starts a journal anew with `mentorlog init --from`."
        )
    if data.get("pair_id") != journal.pair.id:
        other = _pair_names(data)
        raise Refused(
            f"This bundle belongs to another mentorship{other}, not {journal.pair.mentee} & "
            f"{journal.pair.mentor}. Nothing was merged."
        )
    checked = check(journal.db, data, allow_private=False)
    report: dict[str, Any] = {"added": 0, "updated": 0, "unchanged": 0, "by_table": {}}
    plans = {table: store.plan_rows(journal.db, table, rows) for table, rows in checked.items()}
    if any(new or newer for new, newer, _ in plans.values()):
        with writing(journal.db):
            store.defer_foreign_keys(journal.db)
            for table in store.MERGE_ORDER:
                new, newer, _ = plans[table]
                store.apply_rows(journal.db, table, new, newer)
    for table, (new, newer, same) in plans.items():
        report["added"] += len(new)
        report["updated"] += len(newer)
        report["unchanged"] += same
        if new or newer:
            report["by_table"][table] = {"added": len(new), "updated": len(newer)}
    journal.refresh()
    report["from"] = data["from"]["role"]
    return report


def _pair_names(data: dict) -> str:
    rows = (data.get("records") or {}).get("pair") or []
    if rows and isinstance(rows[0], dict):
        return f" ({rows[0].get('mentee')} & {rows[0].get('mentor')})"
    return ""


def init_from(spec: str | None, path: Path, me: str, now: datetime) -> Journal:
    """Start my journal from my partner's bundle (or from my own export), for the same pair."""
    role = validate.choice(me, Role, "role (--me)")
    data = load(path)
    personal = data["format"] == EXPORT
    sender = (data.get("from") or {}).get("role")
    if personal and sender != str(role):
        raise Refused(f"{path} is the {sender}'s own export; start it with `--me {sender}`.")
    if not personal and sender == str(role):
        raise Refused(
            f"{path} comes from the {sender}'s journal; your journal is the other role's "
            f"(`--me {Role(sender).other}`)."
        )
    target = paths.journal_path(spec)
    if target.exists():
        raise Refused(
            f"A journal already exists at {target}; nothing was changed. Choose another --journal NAME."
        )

    def build_journal(db):
        checked = check(db, data, allow_private=personal)
        writer = Writer(role=role, origin=new_id(now), phase=Phase.GETTING_STARTED, now=now)
        pairs.add_journal_row(db, writer, role, __version__)
        store.defer_foreign_keys(db)
        for table in store.MERGE_ORDER:
            store.apply_rows(db, table, checked[table], [])
        crashpoints.reached("init-from-build")

    create_journal(target, build_journal)
    return open_journal(spec)
