"""A pair's journal in a programme: joining with the code, what travels to the coordinator (the
summary, built here from what may leave the journal and nothing else), leaving, and the ratings
switch.

What a summary holds is decided here, in `summary`, and nowhere else: the two names and the
sender's role, the phase, the agreement's state, period, meetings and rhythm, each shared session's
planned day, state and held length, the milestones reached (their keys and days, never a goal's
title), the end, the last activity day, and the owner's feedback ratings only with
`programme share-ratings on`. No other text of the journal, and nothing private, is read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog.dates import stamp
from mentorlog.errors import InvalidInput, MentorlogError, NotFound, Refused
from mentorlog.journal.journal import Journal
from mentorlog.model import Audience
from mentorlog.programme import programme_format
from mentorlog.store import membership as membership_store
from mentorlog.store.journal import writing

MAX_KICKOFF = 64 * 1024


def current(journal: Journal) -> dict[str, Any] | None:
    return membership_store.read(journal.db)


def _joined(journal: Journal) -> dict[str, Any]:
    found = membership_store.read(journal.db)
    if found is None:
        raise NotFound(
            "This journal has not joined a programme. `mentorlog programme join FILE|FOLDER --code WORDS` "
            "joins one, with the file and the code from the coordinator."
        )
    return found


def read_kickoff(source: Path, code: str) -> dict[str, Any]:
    """The programme that the kick-off file at `source` (or in the folder) describes, opened with
    `code` and checked: its format, its signature by the key it carries, its keys' form."""
    from mentorlog.sealing import agefile, codes, signing

    words = codes.read_code(code)
    path = source / programme_format.KICKOFF_NAME if source.is_dir() else source
    if not path.is_file():
        raise NotFound(
            f"No programme file at {path}. The coordinator's folder holds {programme_format.KICKOFF_NAME}."
        )
    data_bytes = path.read_bytes()[: MAX_KICKOFF + 1]
    if len(data_bytes) > MAX_KICKOFF:
        raise InvalidInput(f"{path} is not a programme file: it is too large.")
    try:
        data = programme_format.open_with_code(data_bytes, words)
    except programme_format.BadFile as error:
        raise InvalidInput(f"{path} was not taken: {error}.") from None
    public = data.get("signing_key")
    if (
        data.get("format") != programme_format.KICKOFF_FORMAT
        or data.get("version") != programme_format.VERSION
        or not signing.valid_public(public)
        or not isinstance(data.get("recipient"), str)
        or not agefile.valid_recipient(data["recipient"])
        or not all(isinstance(data.get(key), str) for key in ("name", "coordinator", "starts_on", "ends_on"))
    ):
        raise InvalidInput(
            f"{path} is not a programme file of this mentorlog (format {programme_format.VERSION})."
        )
    if not isinstance(public, str) or not programme_format.signature_holds(data, public):
        raise InvalidInput(f"{path} was not taken: its signature does not hold (it was altered).")
    return {**data, "code": words}


def join(journal: Journal, source: Path, code: str, now: datetime) -> dict[str, Any]:
    """Join the programme of the kick-off file (at most one programme per journal)."""
    found = membership_store.read(journal.db)
    if found is not None and found["left_on"] is None:
        raise Refused(
            f"This journal is in the programme {found['name']!r} already; a journal is in one programme "
            "at most (`mentorlog programme leave` first)."
        )
    programme = read_kickoff(source, code)
    from mentorlog.exchange import keys

    with writing(journal.db):
        mine = keys.ensure(journal.db, now)
        assert mine.signing_public is not None
        membership_store.save(
            journal.db,
            {
                "name": programme["name"],
                "coordinator": programme["coordinator"],
                "recipient": programme["recipient"],
                "signing_public": programme["signing_key"],
                "token": programme_format.token(programme["code"], mine.signing_public),
                "folder": str(source.resolve()) if source.is_dir() else None,
                "joined_at": stamp(now),
                "left_on": None,
                "share_ratings": 0,
            },
        )
    return _joined(journal)


def leave(journal: Journal, now: datetime) -> dict[str, Any]:
    found = _joined(journal)
    if found["left_on"] is not None:
        raise Refused(f"This journal left the programme {found['name']!r} on {found['left_on']} already.")
    with writing(journal.db):
        membership_store.change(journal.db, left_on=now.date().isoformat())
    return _joined(journal)


def share_ratings(journal: Journal, on: bool) -> dict[str, Any]:
    _joined(journal)
    with writing(journal.db):
        membership_store.change(journal.db, share_ratings=1 if on else 0)
    return _joined(journal)


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def summary(journal: Journal, now: datetime) -> dict[str, Any]:
    """Exactly what the next summary carries (before its signature)."""
    found = _joined(journal)
    pair = journal.pair
    data: dict[str, Any] = {
        "format": programme_format.SUMMARY_FORMAT,
        "version": programme_format.VERSION,
        "journal": pair.journal_id,
        "pair": pair.id,
        "role": str(pair.me),
        "signing_key": _keys(journal),
        "token": found["token"],
        "made_at": stamp(now),
        "mentor": pair.mentor,
        "mentee": pair.mentee,
        "left_on": found["left_on"],
        "phase": None,
        "agreement": None,
        "sessions": [],
        "milestones": [],
        "end": None,
        "last_activity": None,
        "ratings": None,
    }
    if found["left_on"] is not None:
        return data  # a journal that left sends that it left, and nothing more
    from mentorlog.process.agreement import terms
    from mentorlog.process.milestones import milestones

    agreed = terms(journal, Audience.PARTNER)
    data["phase"] = str(pair.phase)
    data["agreement"] = {
        "state": str(agreed.state) if agreed.state is not None else None,
        "start": agreed.start.isoformat(),
        "end": agreed.end.isoformat(),
        "meetings": agreed.meetings,
        "cadence": str(agreed.cadence),
    }
    data["sessions"] = [
        {
            "planned": _day(row["starts_at"]),
            "state": row["state"],
            "held_minutes": row["length_minutes"] if row["state"] == "held" else None,
        }
        for row in membership_store.sessions(journal.db)
    ]
    data["milestones"] = [
        {"key": row["key"].split(":")[0], "date": row["date"]}
        for row in milestones(journal, Audience.PARTNER)
        if row["reached"]
    ]
    if pair.ended_on:
        data["end"] = {"on": pair.ended_on, "kind": pair.end_kind}
    data["last_activity"] = _day(membership_store.last_activity(journal.db))
    if found["share_ratings"]:
        data["ratings"] = [
            {"session": _day(row["starts_at"]), "rating": row["rating"]}
            for row in membership_store.ratings(journal.db, str(pair.me))
        ]
    return data


def _keys(journal: Journal) -> str:
    from mentorlog.store import keys as keys_store

    found = keys_store.read(journal.db)
    if found is None or found.signing_public is None:
        return ""  # made when the summary is written
    return found.signing_public


def sealed_summary(journal: Journal, now: datetime) -> tuple[dict[str, Any], bytes]:
    """The summary, signed by this journal's key and sealed to the programme's."""
    from mentorlog.exchange import keys

    found = _joined(journal)
    with writing(journal.db):
        mine = keys.ensure(journal.db, now)
        data = summary(journal, now)
    assert mine.signing_key is not None
    data["signing_key"] = mine.signing_public
    signed = programme_format.signed(data, mine.signing_key)
    return signed, programme_format.seal_to(signed, found["recipient"])


def write_summary(
    journal: Journal, now: datetime, out: Path | None = None, force: bool = False
) -> dict[str, Any]:
    """Write the summary into the programme folder (or to `out`); says where."""
    from mentorlog.journal import files

    found = _joined(journal)
    if out is None and not found["folder"]:
        raise InvalidInput(
            "This journal joined from a file, so there is no programme folder to write into: "
            "`mentorlog programme share FILE` writes the summary for the coordinator."
        )
    data, sealed = sealed_summary(journal, now)
    if out is None:
        target = (
            Path(found["folder"])
            / f"{programme_format.SUMMARY_PREFIX}{journal.pair.journal_id}{programme_format.SUMMARY_SUFFIX}"
        )
        written = files.replace_in_folder(target, lambda handle: handle.write(sealed))
    else:
        written = files.write_private_stream(out, lambda handle: handle.write(sealed), replace_existing=force)
    return {"programme": found["name"], "written": str(written), "left_on": data["left_on"]}


def auto_summary(journal: Journal, now: datetime, warn: Callable[[Any], None]) -> None:
    """After a command that changed the journal, with automatic sync on: the summary written into
    the programme folder when this journal joined one by a folder and has not left (one read of
    the membership when it has not joined). A failure never fails the command: `warn` is told."""
    found = membership_store.read(journal.db)
    if found is None or not found["folder"] or found["left_on"] is not None:
        return
    try:
        write_summary(journal, now)
    except (MentorlogError, OSError) as error:
        warn(f"Could not write the summary for {found['name']}: {error}")
