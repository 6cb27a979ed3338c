"""The coordinator's side towards the pairs: events (workshops, consultations) and short
announcements planned in the programme journal, and the signed events bundle that carries them to
the pairs' journals (programme/programme_received.py takes it in there).

An event is never deleted: a change or a cancellation gives it one more `version`, and the bundle
always holds every event, so a pair's journal that missed a bundle catches up with the next one and
the newer copy of an event wins wherever it arrives. With automatic sync on (`programme sync FOLDER
--auto on`), every coordinator's command takes the summaries in first and publishes the bundle
after, when the events changed since it was last published.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import datetime, time, tzinfo
from pathlib import Path
from typing import Any

from mentorlog.dates import from_stamp, parse_moment, stamp
from mentorlog.errors import InvalidInput, MentorlogError, NotFound, Refused
from mentorlog.journal import validate
from mentorlog.programme import programme_format
from mentorlog.programme.programme import Programme
from mentorlog.store import programme_events as programme_events_store
from mentorlog.store.journal import writing

KINDS = ("workshop", "consultation")
AUDIENCES = ("all", "mentors", "mentees")
DEFAULT_TIME = time(10, 0)
DEFAULT_LENGTH = 90
MAX_TITLE = 200
MAX_ANNOUNCEMENT = 500
WIRE_KEYS = ("id", "kind", "for", "starts_at", "length_minutes", "place", "link", "title", "state", "version")


def _audience(value: str) -> str:
    if value not in AUDIENCES:
        raise InvalidInput(f"--for takes {', '.join(AUDIENCES)}, not {value!r}.")
    return value


def _where(place: str | None, online: str | None) -> tuple[str | None, str | None]:
    if place is not None and online is not None:
        raise InvalidInput("An event is either in a place (--place) or online (--online URL), not both.")
    if online is not None:
        link = validate.text(online, "link", max_length=500, multiline=False)
        if not link.lower().startswith(("https://", "http://")):
            raise InvalidInput(f"The link {link!r} is not a web address; give one that starts with https://.")
        return None, link
    return validate.optional_text(place, "place", max_length=500, multiline=False), None


def _moment(when: str, now: datetime) -> str:
    starts = parse_moment(when, now, DEFAULT_TIME)
    if starts < now:
        raise InvalidInput(
            f"{starts:%a %Y-%m-%d %H:%M} has passed; an event is planned ahead (e.g. 'next tue 17:00')."
        )
    return stamp(starts)


def plan(
    programme: Programme,
    kind: str,
    when: str,
    now: datetime,
    *,
    audience: str,
    place: str | None = None,
    online: str | None = None,
    title: str | None = None,
    length: int | None = None,
) -> dict[str, Any]:
    """A workshop or a consultation, for all, the mentors or the mentees, ahead of now."""
    if kind not in KINDS:
        raise InvalidInput(f"The programme plans a workshop or a consultation, not {kind!r}.")
    audience = _audience(audience)
    place_, link = _where(place, online)
    length = validate.number(length or DEFAULT_LENGTH, "length in minutes (--length)", 15, 600)
    title = (
        validate.text(title, "title", max_length=MAX_TITLE, multiline=False)
        if title is not None
        else f"{kind.capitalize()} for {audience if audience != 'all' else 'everyone'}"
    )
    return _made(programme, now, kind, audience, _moment(when, now), length, place_, link, title)


def announce(programme: Programme, text: str, now: datetime, *, audience: str = "all") -> dict[str, Any]:
    """A short announcement to the pairs (one line)."""
    checked = validate.text(text, "announcement", max_length=MAX_ANNOUNCEMENT, multiline=False)
    return _made(programme, now, "announcement", _audience(audience), stamp(now), None, None, None, checked)


def _made(programme: Programme, now: datetime, *values: Any) -> dict[str, Any]:
    """A new event (its values in the order of the bundle's keys from `kind` to `title`), stored."""
    from mentorlog.store.records import new_id

    row = dict(zip(programme_events_store.EVENT_COLUMNS[1:8], values, strict=True))
    row |= {"id": new_id(now), "state": "planned", "version": 1, "created_at": stamp(now)}
    row["updated_at"] = row["created_at"]
    with writing(programme.db):
        programme_events_store.put_planned(programme.db, row)
    return describe(row, now.tzinfo)


def find(programme: Programme, typed: str) -> dict[str, Any]:
    """The event whose id starts or ends with what was typed (`programme events` lists them)."""
    prefix = typed.strip().lower()
    found = (
        programme_events_store.planned_matching(programme.db, prefix)
        if len(prefix) >= 4 and prefix.isalnum()
        else []
    )
    if len(found) != 1:
        why = "No event" if not found else "More than one event"
        raise NotFound(f"{why} has an id like {typed!r}; `mentorlog programme events` lists their ids.")
    return found[0]


def change(
    programme: Programme,
    typed: str,
    now: datetime,
    *,
    when: str | None = None,
    place: str | None = None,
    online: str | None = None,
    title: str | None = None,
    length: int | None = None,
) -> dict[str, Any]:
    """Move an event, or change its place, link, title or length; the pairs' copies follow."""
    row = find(programme, typed)
    if row["state"] == "cancelled":
        raise Refused("That event is cancelled; plan a new one with `mentorlog programme plan`.")
    if row["kind"] == "announcement":
        raise Refused("An announcement is not changed; announce again with `mentorlog programme announce`.")
    if when is None and place is None and online is None and title is None and length is None:
        raise InvalidInput("Say what changes: WHEN, --place, --online, --title or --length.")
    updated = dict(row)
    if when is not None:
        updated["starts_at"] = _moment(when, now)
    if place is not None or online is not None:
        updated["place"], updated["link"] = _where(place, online)
    if title is not None:
        updated["title"] = validate.text(title, "title", max_length=MAX_TITLE, multiline=False)
    if length is not None:
        updated["length_minutes"] = validate.number(length, "length in minutes (--length)", 15, 600)
    return _bump(programme, updated, now)


def cancel(programme: Programme, typed: str, now: datetime) -> dict[str, Any]:
    row = find(programme, typed)
    if row["state"] == "cancelled":
        raise Refused("That event is cancelled already.")
    return _bump(programme, {**row, "state": "cancelled"}, now)


def _bump(programme: Programme, row: dict[str, Any], now: datetime) -> dict[str, Any]:
    row = {**row, "version": row["version"] + 1, "updated_at": stamp(now)}
    with writing(programme.db):
        programme_events_store.put_planned(programme.db, row)
    return describe(row, now.tzinfo)


def describe(row: dict[str, Any], tz: tzinfo | None) -> dict[str, Any]:
    """An event as `programme events --json` and the other commands print it (local times)."""

    def local(value: str) -> str:
        return from_stamp(value).astimezone(tz).isoformat(timespec="seconds")

    return {**wire(row), "starts_at": local(row["starts_at"]), "updated_at": local(row["updated_at"])}


def wire(row: dict[str, Any]) -> dict[str, Any]:
    """An event as the bundle carries it."""
    return {key: row["audience" if key == "for" else key] for key in WIRE_KEYS}


def events(programme: Programme, now: datetime) -> list[dict[str, Any]]:
    return [describe(row, now.tzinfo) for row in programme_events_store.planned(programme.db)]


# --- the bundle ---------------------------------------------------------------------------------


def _fingerprint(items: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()


def bundle(programme: Programme, now: datetime) -> dict[str, Any]:
    """The events bundle, signed by the programme's key."""
    row = programme.row
    data = {
        "format": programme_format.EVENTS_FORMAT,
        "version": programme_format.VERSION,
        "programme": row["name"],
        "made_at": stamp(now),
        "events": [wire(event) for event in programme_events_store.planned(programme.db)],
    }
    return programme_format.signed(data, row["signing_key"])


def publish(
    programme: Programme, now: datetime, out: Path | None = None, force: bool = False
) -> dict[str, Any]:
    """Write the events bundle into the programme folder (or to `out`); says where and how many."""
    from mentorlog.journal import files

    data = bundle(programme, now)
    text = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
    if out is None:
        folder = programme.row["folder"]
        if not folder:
            raise InvalidInput(
                "No programme folder yet: `mentorlog programme sync FOLDER` names it, or "
                "`mentorlog programme share FILE` writes the events to a file."
            )
        written = files.replace_in_folder(
            Path(folder) / programme_format.EVENTS_NAME, lambda handle: handle.write(text)
        )
    else:
        written = files.write_private_stream(out, lambda handle: handle.write(text), replace_existing=force)
    with writing(programme.db):
        programme_events_store.set_published(programme.db, _fingerprint(data["events"]))
    return {"written": str(written), "events": len(data["events"])}


def publish_if_changed(programme: Programme, now: datetime) -> dict[str, Any] | None:
    """Publish into the folder when the events changed since the last time, or the file is gone."""
    folder = programme.row["folder"]
    if not folder:
        return None
    current = _fingerprint([wire(event) for event in programme_events_store.planned(programme.db)])
    if (
        programme_events_store.settings(programme.db)["published"] == current
        and (Path(folder) / programme_format.EVENTS_NAME).is_file()
    ):
        return None
    return publish(programme, now)


def set_auto(programme: Programme, auto: bool) -> None:
    with writing(programme.db):
        programme_events_store.set_auto(programme.db, auto)


def auto_on(programme: Programme) -> bool:
    return bool(programme_events_store.settings(programme.db)["auto"])


@contextlib.contextmanager
def auto_synced(programme: Programme, now: datetime, warn: Callable[[str], None]) -> Iterator[Programme]:
    """The programme journal for one coordinator's command: with automatic sync on and a folder,
    the summaries in the folder taken in first and the events bundle published after, when it
    changed. A failure never fails the command: `warn` is told."""
    on = auto_on(programme) and bool(programme.row["folder"])
    if on:
        from mentorlog.programme import programme_intake

        try:
            taken = programme_intake.sync(programme, None, now, changed_only=True)
            for refused in taken["refused"]:
                warn(f"Left alone {refused['file']}: {refused['reason']}")
        except MentorlogError as error:
            warn(f"Could not take the summaries in: {error}")
    yield programme
    if on:
        try:
            publish_if_changed(programme, now)
        except (MentorlogError, OSError) as error:
            warn(f"Could not publish the programme's events: {error}")
