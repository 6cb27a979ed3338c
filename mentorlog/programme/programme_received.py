"""A pair's journal takes in its programme's events bundle (`programme-events.json`, written by
the coordinator: programme/programme_events.py) and shows the events in its agenda, status and
calendar.

Trust as in the pair's exchange: the bundle is taken only when signed by the programme key this
journal pinned when it joined with the code; every value is checked before anything is written,
and one bad value refuses the whole file, with its reason (a bad file never stops the others).
Only the events for this journal's owner (for all, or for their role) are kept, and only while
the mentorship goes on and the journal is in the programme. An event's newer `version` replaces
the copy kept (at the same version the copy whose content sorts later), so the journal converges
whatever the order of arrival, and taking a bundle again writes nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from mentorlog.dates import from_stamp, stamp
from mentorlog.errors import InvalidInput, MentorlogError
from mentorlog.journal.journal import Journal
from mentorlog.programme import programme_format
from mentorlog.store import membership as membership_store
from mentorlog.store import programme_events
from mentorlog.store.journal import writing

ID = re.compile(r"[0-9a-hjkmnp-tv-z]{26}")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
KEYS = ("format", "version", "programme", "made_at", "events", "signature")
WIRE_KEYS = ("id", "kind", "for", "starts_at", "length_minutes", "place", "link", "title", "state", "version")
KINDS = ("workshop", "consultation", "announcement")
AUDIENCES = ("all", "mentors", "mentees")
MAX_EVENTS = 1000
MAX_FILE = 1024 * 1024
AHEAD = timedelta(hours=24)
ANNOUNCEMENTS_SHOWN = 3


def _fail(where: str, why: str) -> None:
    raise programme_format.BadFile(f"{where}: {why}")


def _stamp(value: Any, where: str) -> str:
    if not isinstance(value, str) or not STAMP.fullmatch(value):
        _fail(where, "not a UTC timestamp")
    try:
        moment = from_stamp(value)
    except ValueError:
        raise programme_format.BadFile(f"{where}: not a real moment") from None
    if not 1900 <= moment.year <= 2200:
        _fail(where, "outside the years 1900 to 2200")
    return str(value)


def _text(value: Any, where: str, most: int, optional: bool = False) -> str | None:
    from mentorlog.journal import validate

    if value is None and optional:
        return None
    try:
        checked = validate.text(
            value if isinstance(value, str) else None, where, max_length=most, multiline=False
        )
    except InvalidInput as error:
        raise programme_format.BadFile(f"{where}: {error}") from None
    if checked != value:
        _fail(where, "not trimmed plain text")
    return checked


def _event(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict) or set(item) != set(WIRE_KEYS):
        _fail(where, f"must hold exactly {', '.join(WIRE_KEYS)}")
    if not isinstance(item["id"], str) or not ID.fullmatch(item["id"]):
        _fail(f"{where}.id", "not an event id")
    if item["kind"] not in KINDS:
        _fail(f"{where}.kind", f"not one of {', '.join(KINDS)}")
    if item["for"] not in AUDIENCES:
        _fail(f"{where}.for", f"not one of {', '.join(AUDIENCES)}")
    if item["state"] not in ("planned", "cancelled"):
        _fail(f"{where}.state", "not planned or cancelled")
    _stamp(item["starts_at"], f"{where}.starts_at")
    version, length = item["version"], item["length_minutes"]
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 1_000_000:
        _fail(f"{where}.version", "not a whole number from 1 to 1000000")
    announcement = item["kind"] == "announcement"
    if announcement:
        if length is not None or item["place"] is not None or item["link"] is not None:
            _fail(where, "an announcement has no length, place or link")
    elif isinstance(length, bool) or not isinstance(length, int) or not 15 <= length <= 600:
        _fail(f"{where}.length_minutes", "not a whole number from 15 to 600")
    _text(item["title"], f"{where}.title", 500)
    _text(item["place"], f"{where}.place", 500, optional=True)
    link = _text(item["link"], f"{where}.link", 500, optional=True)
    if link is not None and not link.lower().startswith(("https://", "http://")):
        _fail(f"{where}.link", "not a web address (https://…)")
    if item["place"] is not None and link is not None:
        _fail(where, "either a place or a link, not both")
    return dict(item)


def check(data: dict[str, Any], pinned_public: str, now: datetime) -> list[dict[str, Any]]:
    """The bundle's events, every value checked; raises BadFile naming the field and why."""
    from mentorlog.sealing import signing

    if set(data) != set(KEYS):
        _fail("bundle", f"must hold exactly {', '.join(KEYS)}")
    if data["format"] != programme_format.EVENTS_FORMAT or data["version"] != programme_format.VERSION:
        _fail("format", f"not a programme's events bundle of format {programme_format.VERSION}")
    if not signing.valid_public(pinned_public) or not programme_format.signature_holds(data, pinned_public):
        _fail(
            "signature",
            "not signed by the programme this journal joined (altered, or from another programme)",
        )
    _text(data["programme"], "programme", 200)
    if from_stamp(_stamp(data["made_at"], "made_at")) > now + AHEAD:
        _fail("made_at", "more than a day ahead of this machine's clock")
    events = data["events"]
    if not isinstance(events, list) or len(events) > MAX_EVENTS:
        _fail("events", f"not a list of at most {MAX_EVENTS}")
    checked = [_event(item, f"events[{i}]") for i, item in enumerate(events, start=1)]
    if len({item["id"] for item in checked}) != len(checked):
        _fail("events", "an event id is there twice")
    return checked


def _mine(journal: Journal) -> tuple[str, str]:
    return ("all", f"{journal.pair.me}s")


def _content(item: dict[str, Any]) -> str:
    import json

    return json.dumps([item.get(key) for key in WIRE_KEYS[1:]], ensure_ascii=False)


def _replaces(item: dict[str, Any], kept: dict[str, Any] | None) -> bool:
    if kept is None:
        return True
    if item["version"] != kept["version"]:
        return bool(item["version"] > kept["version"])
    import hashlib

    ours = {**kept, "for": kept["audience"]}
    mine, theirs = _content(item), _content(ours)
    return (
        mine != theirs and hashlib.sha256(mine.encode()).digest() > hashlib.sha256(theirs.encode()).digest()
    )


def take(journal: Journal, raw: bytes, now: datetime) -> dict[str, Any]:
    """One events bundle taken in (all or nothing): how many events are new, updated, unchanged."""
    import json

    membership = membership_store.read(journal.db)
    if membership is None:
        raise InvalidInput(
            "This journal has not joined a programme, so it takes no programme's events: "
            "`mentorlog programme join FILE|FOLDER --code WORDS` first."
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise programme_format.BadFile("it is not a programme's events bundle (not JSON)") from None
    if not isinstance(data, dict):
        raise programme_format.BadFile("it is not a programme's events bundle (not a JSON object)")
    items = check(data, membership["signing_public"], now)
    result = {"programme": membership["name"], "added": 0, "updated": 0, "unchanged": 0, "skipped": None}
    if membership["left_on"] is not None or journal.pair.ended:
        result["skipped"] = (
            "this journal left the programme" if membership["left_on"] else "the mentorship ended"
        )
        return result
    mine = _mine(journal)
    with writing(journal.db):
        for item in items:
            kept = programme_events.received_one(journal.db, item["id"])
            if item["for"] not in mine:
                if kept is not None:  # now for the other role: no longer this journal's
                    programme_events.drop_received(journal.db, item["id"])
                    result["updated"] += 1
                continue
            if not _replaces(item, kept):
                result["unchanged"] += 1
                continue
            row = {**item, "audience": item["for"], "received_at": stamp(now)}
            programme_events.put_received(journal.db, row)
            result["added" if kept is None else "updated"] += 1
    return result


def merge_files(journal: Journal, paths: list[Path], now: datetime) -> dict[str, Any]:
    """`programme merge FILE…` in a pair's journal: each bundle taken in, a bad one named."""
    taken: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for path in paths:
        try:
            taken.append(
                {"file": str(path), **take(journal, programme_format.read_regular(path, MAX_FILE), now)}
            )
        except programme_format.BadFile as error:
            refused.append({"file": str(path), "reason": str(error)})
    return {"taken": taken, "refused": refused}


def from_folder(journal: Journal, now: datetime, changed_only: bool = False) -> dict[str, Any] | None:
    """The bundle in the programme folder this journal joined by, taken in (None: no folder or no
    bundle there yet, or with `changed_only` unchanged since last time: one `stat`)."""
    from mentorlog.store import sync as sync_store

    membership = membership_store.read(journal.db)
    if membership is None or not membership["folder"]:
        return None
    path = Path(membership["folder"]) / programme_format.EVENTS_NAME
    try:
        info = os.lstat(path)
    except OSError:
        return None
    seen = (info.st_size, info.st_mtime_ns, info.st_ino)
    if changed_only and sync_store.sync_seen(journal.db, str(path)) == seen:
        return None
    try:
        result: dict[str, Any] = {
            "file": str(path),
            **take(journal, programme_format.read_regular(path, MAX_FILE), now),
            "refused": None,
        }
    except programme_format.BadFile as error:
        result = {"file": str(path), "programme": membership["name"], "added": 0, "updated": 0}
        result |= {"unchanged": 0, "skipped": None, "refused": str(error)}
    with writing(journal.db):
        sync_store.note_sync_seen(journal.db, str(path), *seen)
    return result


def folder_report(journal: Journal, now: datetime) -> dict[str, Any]:
    """`from_folder` as `sync --json` says it, the same keys whatever the state: no `file` when
    the journal joined no programme by a folder, or no events bundle is there yet."""
    found = from_folder(journal, now)
    if found is not None:
        return found
    membership = membership_store.read(journal.db)
    why = "no programme's events in its folder yet" if membership and membership["folder"] else None
    found = {"file": None, "programme": membership["name"] if membership else None, "added": 0}
    found |= {"updated": 0, "unchanged": 0, "refused": None}
    return found | {"skipped": why or "this journal joined no programme by a folder"}


def auto_take(journal: Journal, now: datetime, warn: Callable[[Any], None]) -> None:
    """With automatic sync: the programme's bundle taken in when it changed; never fails a command."""
    try:
        result = from_folder(journal, now, changed_only=True)
    except (MentorlogError, OSError) as error:
        warn(f"Could not take the programme's events in: {error}")
        return
    if result is not None and result["refused"]:
        warn(f"Left alone the programme's events {result['file']}: {result['refused']}")


# --- what the journal's views show -----------------------------------------------------------


def shown(journal: Journal, now: datetime, since: datetime | None) -> list[dict[str, Any]]:
    """The programme's events for this journal's owner from `since` (None: every one),
    announcements included, as scripts see them; none once the mentorship ended or the journal
    left the programme."""
    membership = membership_store.read(journal.db)
    if membership is None or membership["left_on"] is not None or journal.pair.ended:
        return []
    rows = programme_events.received(journal.db, _mine(journal), stamp(since) if since is not None else None)
    return [_describe(row, membership["name"], now) for row in rows]


def _describe(row: dict[str, Any], programme: str, now: datetime) -> dict[str, Any]:
    starts = from_stamp(row["starts_at"]).astimezone(now.tzinfo)
    ends = starts + timedelta(minutes=row["length_minutes"]) if row["length_minutes"] else None
    return {
        "id": row["id"],
        "programme": programme,
        "kind": row["kind"],
        "for": row["audience"],
        "title": row["title"],
        "starts_at": starts.isoformat(timespec="seconds"),
        "ends_at": ends.isoformat(timespec="seconds") if ends else None,
        "length_minutes": row["length_minutes"],
        "place": row["place"],
        "link": row["link"],
        "state": row["state"],
        "version": row["version"],
    }


def for_views(journal: Journal, now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(events ahead, the latest announcements) for `agenda` and `status`."""
    ahead = shown(journal, now, now - timedelta(hours=2))
    events = [item for item in ahead if item["kind"] != "announcement"]
    recent = shown(journal, now, now - timedelta(days=30))
    announced = [item for item in recent if item["kind"] == "announcement" and item["state"] == "planned"]
    return events, announced[-ANNOUNCEMENTS_SHOWN:]
