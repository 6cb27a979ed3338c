"""The coordinator takes summaries in (`programme merge FILE…`, `programme sync [FOLDER]`).

Trust as in the pair's exchange: each file is opened with the programme's key, its signature
checked, and every value checked (`check`) before anything is written; a journal is taken only
when it proves it was given the programme code (its token), and from then on only when signed by
the key pinned then. One bad file is named with its reason and never stops the others. The newest
summary of each journal wins by its own clock (`made_at`), so the journal converges whatever the
order of arrival, and taking a file again writes nothing. A summary saying the journal left
removes that journal's data: only its names, role and the day it left are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

from mentorlog import fields
from mentorlog.dates import from_stamp, stamp
from mentorlog.errors import InvalidInput
from mentorlog.model import AgreementState, Cadence, EndKind, Phase, Role, SessionState
from mentorlog.programme import programme_format
from mentorlog.programme.programme import Programme
from mentorlog.store import programme as programme_store

ID = re.compile(r"[0-9a-hjkmnp-tv-z]{26}")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
MAX_SESSIONS = 5000
MAX_MILESTONES = 100
MILESTONES = (
    "agreement-approved", "first-session-held", "here-and-now-mapped", "action-plan-set",
    "quarter-check-in", "goal-achieved", "final-reflection-done", "mentorship-completed",
)  # fmt: skip
KEYS = (
    "format", "version", "journal", "pair", "role", "signing_key", "token", "made_at", "mentor", "mentee",
    "left_on", "phase", "agreement", "sessions", "milestones", "end", "last_activity", "ratings", "signature",
)  # fmt: skip
# a day that has passed when the summary is made (the last activity, a held session, a rating, the
# day one left) may be the next day in the sender's zone, and a partner's clock a day ahead
PASSED = timedelta(days=2)


def _fail(where: str, why: str) -> NoReturn:
    raise programme_format.BadFile(f"{where}: {why}")


def _day(value: object, where: str, optional: bool = False, by: date | None = None) -> str | None:
    """A real day of the years fields.YEARS (and, given `by`, not after it)."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not DAY.fullmatch(value):
        _fail(where, "not a day (YYYY-MM-DD)")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        _fail(where, f"{value!r} is not a real day")
    if not fields.YEARS[0] <= day.year <= fields.YEARS[1]:
        _fail(where, f"{value} is outside the years {fields.YEARS[0]} to {fields.YEARS[1]}")
    if by is not None and day > by:
        _fail(where, f"{value} is after the summary was made ({(by - PASSED).isoformat()})")
    return value


def _choice(value: object, kind: type[StrEnum], where: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in kind._value2member_map_:
        _fail(where, f"{str(value)[:40]!r} is not one of {', '.join(kind._value2member_map_)}")
    return value


def _int(value: object, low: int, high: int, where: str, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        _fail(where, f"not a whole number from {low} to {high}")
    return value


def _object(value: object, keys: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(keys):
        _fail(where, f"must hold exactly {', '.join(keys)}")
    return value


def _list(value: object, most: int, where: str, optional: bool = False) -> list[Any]:
    if value is None and optional:
        return []
    if not isinstance(value, list) or len(value) > most:
        _fail(where, f"not a list of at most {most}")
    return value


def _name(value: object, where: str) -> None:
    """A name as a journal holds it: what `validate.name` keeps, unchanged (no blanks or invisible
    characters at its ends)."""
    from mentorlog.journal import validate

    try:
        kept = validate.name(value if isinstance(value, str) else None, f"{where}'s name")
    except InvalidInput as error:
        _fail(where, str(error))
    if kept != value:
        _fail(where, "not as a journal holds a name (blanks or invisible characters at its ends)")


def check(
    data: dict[str, Any],
    programme: dict[str, Any],
    pinned: dict[str, Any] | None,
    key_owner: Callable[[str], str | None],
    now: datetime,
    role_holder: Callable[[str, str], str | None] = lambda pair, role: None,
) -> dict[str, Any]:
    """The summary's values, every one checked; raises BadFile naming the field and why.
    `key_owner(key)`: the journal that joined with a signing key; `role_holder(pair, role)`: the
    journal in the programme (not left) that holds that role of that pair."""
    from mentorlog.sealing import signing

    if set(data) != set(KEYS):
        extra = sorted(set(data) - set(KEYS)) or sorted(set(KEYS) - set(data))
        _fail("summary", f"unexpected or missing keys ({', '.join(extra)[:200]})")
    if data["format"] != programme_format.SUMMARY_FORMAT or data["version"] != programme_format.VERSION:
        _fail("format", f"not a summary of format {programme_format.VERSION}")
    for key in ("journal", "pair"):
        if not isinstance(data[key], str) or not ID.fullmatch(data[key]):
            _fail(key, "not a journal id")
    _choice(data["role"], Role, "role")
    public = data["signing_key"]
    if not signing.valid_public(public):
        _fail("signing_key", "not an ssh-ed25519 public key")
    if not programme_format.signature_holds(data, public):
        _fail("signature", "does not hold: the summary was altered, or not signed by its journal")
    if not isinstance(data["token"], str) or data["token"] != programme_format.token(
        programme["code"], public
    ):
        _fail("token", "this journal did not join the programme (it was not given the code)")
    if pinned is not None:
        if public != pinned["signing_public"]:
            _fail("signing_key", "not the key this journal joined with")
        if data["pair"] != pinned["pair_id"]:
            _fail("pair", "this journal's pair changed")
        if data["role"] != pinned["role"]:
            _fail("role", "this journal's role changed")
    else:
        if key_owner(public) is not None:
            _fail("signing_key", "another journal joined with this key")
        if role_holder(data["pair"], data["role"]) is not None:
            _fail(
                "role",
                f"the pair's {data['role']} joined with another journal, which must leave first",
            )
    if not isinstance(data["made_at"], str) or not STAMP.fullmatch(data["made_at"]):
        _fail("made_at", "not a UTC timestamp")
    try:
        made = from_stamp(data["made_at"])
    except ValueError:
        _fail("made_at", "not a real moment")
    if not fields.YEARS[0] <= made.year <= fields.YEARS[1]:
        _fail("made_at", f"{data['made_at']} is outside the years {fields.YEARS[0]} to {fields.YEARS[1]}")
    if made > now + fields.CLOCK_SLACK:
        _fail("made_at", f"{data['made_at']} is more than a day ahead of this machine's clock")
    by = made.date() + PASSED
    for key in ("mentor", "mentee"):
        _name(data[key], key)
    _day(data["left_on"], "left_on", optional=True, by=by)
    if data["left_on"] is not None:
        if any(data[key] not in (None, []) for key in ("phase", "agreement", "sessions", "milestones", "end",
                                                         "last_activity", "ratings")):  # fmt: skip
            _fail("left_on", "a journal that left sends nothing but that it left")
        return data
    _choice(data["phase"], Phase, "phase")
    agreement = _object(data["agreement"], ("state", "start", "end", "meetings", "cadence"), "agreement")
    _choice(agreement["state"], AgreementState, "agreement.state", optional=True)
    if str(_day(agreement["start"], "agreement.start")) >= str(_day(agreement["end"], "agreement.end")):
        _fail("agreement.end", "must come after the start")
    _int(agreement["meetings"], 1, 1000, "agreement.meetings", optional=True)
    _choice(agreement["cadence"], Cadence, "agreement.cadence")
    for i, session in enumerate(_list(data["sessions"], MAX_SESSIONS, "sessions"), start=1):
        where = f"sessions[{i}]"
        _object(session, ("planned", "state", "held_minutes"), where)
        _day(session["planned"], f"{where}.planned")
        held = _choice(session["state"], SessionState, f"{where}.state") == SessionState.HELD
        if held:
            _day(session["planned"], f"{where}.planned", by=by)
        _int(session["held_minutes"], 1, 24 * 60, f"{where}.held_minutes", optional=not held)
        if not held and session["held_minutes"] is not None:
            _fail(f"{where}.held_minutes", "only a held session has a held length")
    for i, milestone in enumerate(_list(data["milestones"], MAX_MILESTONES, "milestones"), start=1):
        _object(milestone, ("key", "date"), f"milestones[{i}]")
        if milestone["key"] not in MILESTONES:
            _fail(f"milestones[{i}].key", "not a milestone")
        _day(milestone["date"], f"milestones[{i}].date")
    if data["end"] is not None:
        _object(data["end"], ("on", "kind"), "end")
        _day(data["end"]["on"], "end.on")
        _choice(data["end"]["kind"], EndKind, "end.kind")
    _day(data["last_activity"], "last_activity", optional=True, by=by)
    for i, rating in enumerate(_list(data["ratings"], MAX_SESSIONS, "ratings", optional=True), start=1):
        _object(rating, ("session", "rating"), f"ratings[{i}]")
        _day(rating["session"], f"ratings[{i}].session", by=by)
        _int(rating["rating"], 1, 5, f"ratings[{i}].rating")
    return data


def _body(data: dict[str, Any]) -> str:
    kept = {key: data[key] for key in KEYS if key not in ("format", "version", "token", "signature")}
    if data["left_on"] is not None:
        kept = {
            key: data[key] for key in ("journal", "pair", "role", "mentor", "mentee", "left_on", "made_at")
        }
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def take(programme: Programme, sources: list[Path], now: datetime) -> dict[str, Any]:
    """Take each summary file in; what was taken, what was unchanged, what was refused and why."""
    from mentorlog.store.journal import writing

    row = programme.row
    taken: list[dict[str, Any]] = []
    unchanged = 0
    refused: list[dict[str, Any]] = []
    for path in sources:
        try:
            data = check_file(programme, row, path, now)
        except programme_format.BadFile as error:
            refused.append({"file": str(path), "reason": str(error)})
            continue
        with writing(programme.db):
            existing = programme_store.summary_of(programme.db, data["journal"])
            body = _body(data)
            if existing is not None and not _newer(data["made_at"], data["left_on"], body, existing):
                unchanged += 1
                continue
            programme_store.put_summary(
                programme.db,
                {
                    "journal_id": data["journal"],
                    "pair_id": data["pair"],
                    "signing_public": data["signing_key"],
                    "role": data["role"],
                    "made_at": data["made_at"],
                    "received_at": stamp(now),
                    "body": body,
                    "left_on": data["left_on"],
                },
            )
        name = data["mentor"] if data["role"] == Role.MENTOR else data["mentee"]
        taken.append({"file": str(path), "name": name, "role": data["role"], "left_on": data["left_on"]})
    return {"taken": taken, "unchanged": unchanged, "refused": refused}


def _newer(made_at: str, left_on: str | None, body: str, existing: dict[str, Any]) -> bool:
    """Whether a summary replaces the one kept: a later `made_at`; at the same moment, the one that
    says the journal left, else the body that sorts later (either order ends alike)."""
    previous: str = existing["made_at"]
    if made_at != previous:
        return made_at > previous
    if (left_on is None) != (existing["left_on"] is None):
        return left_on is not None
    return hashlib.sha256(body.encode()).digest() > hashlib.sha256(existing["body"].encode()).digest()


def check_file(programme: Programme, row: dict[str, Any], path: Path, now: datetime) -> dict[str, Any]:
    data = programme_format.open_sealed(
        programme_format.read_regular(path, programme_format.MAX_FILE), row["identity"]
    )
    journal_id = data.get("journal")
    pinned = programme_store.summary_of(programme.db, journal_id) if isinstance(journal_id, str) else None
    return check(
        data, row, pinned, lambda key: programme_store.journal_with_key(programme.db, key), now,
        lambda pair, role: programme_store.journal_in_role(programme.db, pair, role),
    )  # fmt: skip


def sync(
    programme: Programme, folder: Path | None, now: datetime, changed_only: bool = False
) -> dict[str, Any]:
    """Take in every summary in the programme folder (given, or remembered from before); with
    `changed_only` (automatic sync), only those changed since they were last taken in."""
    row = programme.row
    chosen = folder or (Path(row["folder"]) if row["folder"] else None)
    if chosen is None:
        raise InvalidInput(
            "No programme folder yet: `mentorlog programme sync FOLDER` names it (remembered)."
        )
    if not chosen.is_dir():
        raise InvalidInput(f"The folder {chosen} does not exist; check the name or create it.")
    if folder is not None and str(folder.resolve()) != row["folder"]:
        from mentorlog.store.journal import writing

        with writing(programme.db):
            programme_store.set_folder(programme.db, str(folder.resolve()))
    sources = sorted(
        chosen / entry
        for entry in os.listdir(chosen)
        if entry.startswith(programme_format.SUMMARY_PREFIX)
        and entry.endswith(programme_format.SUMMARY_SUFFIX)
    )
    if changed_only:
        return _take_changed(programme, sources, now) | {"folder": str(chosen)}
    result = take(programme, sources, now)
    result["folder"] = str(chosen)
    return result


def _take_changed(programme: Programme, sources: list[Path], now: datetime) -> dict[str, Any]:
    from mentorlog.store import programme_events
    from mentorlog.store.journal import writing

    known = programme_events.seen(programme.db)
    found = {}
    for path in sources:
        with contextlib.suppress(OSError):
            info = os.lstat(path)
            found[path] = (info.st_size, info.st_mtime_ns, info.st_ino)
    changed = [path for path, seen in found.items() if known.get(str(path)) != seen]
    result = take(programme, changed, now)
    if changed:
        with writing(programme.db):
            for path in changed:
                programme_events.note_seen(programme.db, str(path), found[path])
    return result
