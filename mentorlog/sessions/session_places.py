"""Where a session meets and for how long, when it is planned or edited: what its command says
(`--place`, `--online URL`, `--length`), or else what the agreement says (the approved version's
terms, or before any approval the latest draft's)."""

from __future__ import annotations

from typing import Any

from mentorlog.errors import InvalidInput
from mentorlog.journal import validate
from mentorlog.journal.journal import Journal
from mentorlog.model import DEFAULT_LENGTH, Audience, SessionMode
from mentorlog.store import agreement as agreement_store

ONLINE_WORDS = ("online", "on-line", "video")  # a place the agreement gives that means online


def length_of(value: int | None, journal: Journal) -> int:
    """The length a command gives (in the limits the field declares), or the agreement's, or the default."""
    if value is None:
        db = journal.db
        latest = agreement_store.agreement_in_force(db, Audience.OWNER) or agreement_store.latest_agreement(
            db, Audience.OWNER
        )
        agreed = latest["length_minutes"] if latest else None
        return agreed or DEFAULT_LENGTH
    return minutes(value)


def minutes(value: int) -> int:
    """A session's length as a person gave it, in the limits its field declares (planned, edited
    or held alike)."""
    given: int = validate.value("session", "length_minutes", value, "session length in minutes")
    return given


def where(place: str | None, online: str | None, journal: Journal) -> dict[str, Any]:
    """The session's `mode`, `place` and `link`: in person at `place`, online at `online`, or
    (neither given) where the agreement says."""
    if place and online:
        raise InvalidInput("A session is either in person (--place) or online (--online URL), not both.")
    if online:
        return {
            "mode": SessionMode.ONLINE,
            "link": validate.value("session", "link", online, "link"),
            "place": None,
        }
    if place is None:
        return _agreed_where(journal)
    return {
        "mode": SessionMode.IN_PERSON,
        "place": validate.optional_value("session", "place", place, "place"),
        "link": None,
    }


def _agreed_where(journal: Journal) -> dict[str, Any]:
    """Where a session meets when its command names no place: the agreement's place and link (the
    approved version's, or before any approval the latest draft's). A link with no place, or a
    place that says online, makes an online session."""
    from mentorlog.process.agreement import terms

    agreed = terms(journal, Audience.OWNER)
    place = " ".join((agreed.place or "").split()) or None  # the agreement's, on one line
    link = " ".join((agreed.link or "").split()) or None
    if (link and not place) or (place and place.casefold().startswith(ONLINE_WORDS)):
        return {"mode": SessionMode.ONLINE, "link": link, "place": place}
    return {"mode": SessionMode.IN_PERSON, "place": place, "link": None}
