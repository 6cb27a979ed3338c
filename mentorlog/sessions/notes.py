"""Quick notes, contacts between sessions, the timeline and search.

A note is private unless `--shared`. A question (`-q`) is parked for the next session's agenda
and counts as asked when that session is held. A note written during a session's time belongs
to that session. This is the hot path of "a note in a blink": it reads two indexed rows and
writes one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from mentorlog import fields
from mentorlog.dates import from_stamp, parse_date, parse_moment, parse_when, stamp
from mentorlog.errors import InvalidInput, Refused
from mentorlog.journal import ids, validate
from mentorlog.journal.journal import Journal
from mentorlog.model import OPEN_SESSION_STATES, Audience, ContactVia, NoteKind, Role, Visibility
from mentorlog.store import notes as notes_store
from mentorlog.store import records, written_for_me
from mentorlog.store import sessions as sessions_store
from mentorlog.store.journal import writing
from mentorlog.store.records import Row

if TYPE_CHECKING:
    from mentorlog.rows.stored import SessionRow

DURING_SLACK = timedelta(minutes=30)
MAX_TAGS = 20


def _tags(tags: list[str] | None) -> list[str]:
    cleaned = []
    for tag in tags or []:
        tag = validate.text(tag, "tag", max_length=fields.TAG_LENGTH, multiline=False).lstrip("#").lower()
        if " " in tag or not tag:
            raise InvalidInput(f"The tag {tag!r} has a space; tags are single words like `funding`.")
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise InvalidInput(f"{len(cleaned)} tags; {MAX_TAGS} is the most.")
    return cleaned


def _numbered(journal: Journal, number: int) -> SessionRow:
    """Session `number`; the sessions use case loads only when a session is named, so that a
    quick note does not pay for it (README, "Speed")."""
    from mentorlog.sessions import sessions

    return sessions.get(journal, number)


def _session_for(journal: Journal, number: int | None, kind: str, now: datetime) -> SessionRow | None:
    """The session a note belongs to: the one given, the one under way; a question is parked for
    the next session, even when written during (or after) one: that one has been asked already."""
    if number is not None:
        session = _numbered(journal, number)
        if kind == NoteKind.QUESTION and session["state"] not in OPEN_SESSION_STATES:
            raise Refused(
                f"Session {number} is {session['state']}; a question is parked for a coming session "
                "(leave out --session for the next one)."
            )
        return session
    db = journal.db
    if kind == NoteKind.QUESTION:
        return sessions_store.next_session(db, stamp(now), Audience.OWNER)
    # ten hours of elapsed time (the clock's own zone is not read for it: see dates.LocalZone)
    current = sessions_store.session_during(db, stamp(now.astimezone(UTC) - timedelta(hours=10)), stamp(now))
    if current is not None:
        end = from_stamp(current["starts_at"]) + timedelta(minutes=current["length_minutes"] or 0)
        if now <= end + DURING_SLACK:
            return current
    return None


def add_note(
    journal: Journal,
    text: str,
    now: datetime,
    *,
    kind: str = NoteKind.NOTE,
    shared: bool = False,
    session: int | None = None,
    tags: list[str] | None = None,
    acting_as: Role | None = None,
    on: str | None = None,
    at: str | None = None,
    date_order: str = "dmy",
) -> Row:
    """A note; `on` (a day) or `at` (a moment) dates it when it was written down later: its
    `created_at` is that moment (a day: its noon, or now today) and its `occurred_on` that day."""
    written = [k for k in NoteKind if k is not NoteKind.CONTACT]
    kind = validate.choice(
        kind.strip().lower(), NoteKind, "kind of note", among=written, hint=" (contacts: `mentorlog contact`)"
    )
    text = validate.value("note", "text", text, "note")
    values = {"text": text, "kind": kind, "tags": json.dumps(_tags(tags))}
    when = dated(on, at, now, date_order)
    if when is not None:
        values["occurred_on"] = when.date().isoformat()
    return _insert(journal, values, now, shared, session, acting_as, when=when)


NOON = time(12, 0)  # the time of a note dated to a day: the same day in every zone's UTC date


def moment_of(text: str, now: datetime, date_order: str = "dmy") -> datetime:
    """The moment `text` names (the date grammar); a day alone is its noon, or now when that day is
    today and its noon is still to come."""
    given = parse_when(text, now, date_order=date_order)
    moment = parse_moment(text, now, NOON, date_order=date_order)
    if given.time is None and given.day == now.date():
        return min(moment, now)
    return moment


def dated(on: str | None, at: str | None, now: datetime, date_order: str = "dmy") -> datetime | None:
    """The moment a note is dated to (`--on DAY` or `--at WHEN`), read by the date grammar; never
    ahead of now (a note records what happened)."""
    if on is not None and at is not None:
        raise InvalidInput("Give --on DAY or --at WHEN, not both.")
    if on is None and at is None:
        return None
    if at is not None:
        when = moment_of(at, now, date_order)
    else:
        day = parse_date(str(on), now, date_order=date_order)
        when = datetime.combine(day, NOON, now.tzinfo)
        if day == now.date():
            when = min(when, now)  # today: its noon may be still to come
    if when > now:
        shown = f"{when:%Y-%m-%d %H:%M}" if at is not None else when.date().isoformat()
        raise InvalidInput(
            f"{shown} is ahead: a note is dated to a moment that has come (today or earlier). "
            "A question for a coming session needs no date: `mentorlog note -q …`."
        )
    return when


def add_contact(
    journal: Journal,
    text: str,
    via: str,
    now: datetime,
    *,
    on: str | None = None,
    shared: bool = False,
    acting_as: Role | None = None,
    date_order: str = "dmy",
) -> Row:
    way = validate.choice(via.strip().lower(), ContactVia, "way of contact")
    values = {
        "text": validate.value("note", "text", text, "contact"),
        "kind": NoteKind.CONTACT,
        "via": way,
        "tags": "[]",
        "occurred_on": (parse_date(on, now, date_order=date_order) if on else now.date()).isoformat(),
    }
    return _insert(journal, values, now, shared, None, acting_as)


def _insert(
    journal: Journal,
    values: Row,
    now: datetime,
    shared: bool,
    session: int | None,
    acting_as: Role | None,
    when: datetime | None = None,
) -> Row:
    with writing(journal.db):
        during = now if when is None or values["kind"] == NoteKind.QUESTION else when
        found = (
            _session_for(journal, session, values["kind"], during)
            if values["kind"] != NoteKind.CONTACT
            else None
        )
        values["session_id"] = found["id"] if found else None
        note_id = records.insert(
            journal.db,
            "note",
            journal.writer(now, acting_as),
            values,
            visibility=Visibility.SHARED if shared else Visibility.PRIVATE,
            created_at=stamp(when) if when is not None else None,
        )
    row = notes_store.decode(records.get(journal.db, "note", note_id))
    numbers = {found["id"]: sessions_store.session_number(journal.db, found)} if found else {}
    return describe(row, ids.shorten(journal.db, [row]), numbers)  # as `log --json` shows it


def describe(
    row: Row, short: dict[str, str], numbers: dict[str, int], theirs: set[str] | frozenset[str] = frozenset()
) -> Row:
    """An entry as `log --json` and `search --json` show it (stable keys for scripts); `theirs`:
    the ids the partner's journal wrote in the owner's name."""
    return {
        "id": row["id"],
        "short_id": short.get(row["id"]),
        "kind": row["kind"],
        "text": row["text"],
        "author": row["author"],
        "visibility": row["visibility"],
        "session": numbers.get(row.get("session_id") or ""),
        "phase": row["phase"],
        "created_at": row["created_at"],
        "tags": row.get("tags") or [],
        "via": row.get("via"),  # contacts: how, and on which day; null for other entries
        "occurred_on": row.get("occurred_on"),
        "written_by_partner": row["id"] in theirs,
    }


def _numbers(journal: Journal, rows: list[Row]) -> dict[str, int]:
    wanted = {r["session_id"] for r in rows if r.get("session_id")}
    return (
        {
            s["id"]: s["number"]
            for s in sessions_store.numbered_sessions(journal.db, Audience.OWNER)
            if s["id"] in wanted
        }
        if wanted
        else {}
    )


def timeline(
    journal: Journal,
    now: datetime,
    *,
    limit: int | None = 20,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    session: int | None = None,
    tag: str | None = None,
    date_order: str = "dmy",
) -> list[Row]:
    if limit is None:
        limit = -1  # SQLite: no limit (the full export)
    else:
        validate.number(limit, "number of entries (-n)", 1, 100_000)
    if kind is not None:
        kind = validate.choice(kind, NoteKind, "kind of note")

    def start_of(text: str) -> datetime:
        return datetime.combine(parse_date(text, now, date_order=date_order), datetime.min.time(), now.tzinfo)

    rows = notes_store.timeline(
        journal.db,
        limit=limit,
        since=stamp(start_of(since)) if since else None,
        until=stamp(start_of(until) + timedelta(days=1)) if until else None,
        kind=kind,
        session_id=_numbered(journal, session)["id"] if session is not None else None,
        tag=tag.lstrip("#").lower() if tag else None,
    )
    short = ids.shorten(journal.db, rows)
    numbers = _numbers(journal, rows)
    theirs = written_for_me.among(journal.db, [r["id"] for r in rows])
    return [describe(r, short, numbers, theirs) for r in rows]


def search(journal: Journal, query: str, limit: int = 20, *, fts: bool = False) -> list[Row]:
    """Full-text search for the words as typed, or in FTS5's query syntax with `fts`."""
    query = validate.text(query, "search", max_length=500, multiline=False)
    validate.number(limit, "number of matches (-n)", 1, 10_000)
    rows = notes_store.search(journal.db, query, limit, fts=fts)
    short = ids.shorten(journal.db, rows)
    numbers = _numbers(journal, rows)
    theirs = written_for_me.among(journal.db, [r["id"] for r in rows])
    return [describe(r, short, numbers, theirs) for r in rows]
