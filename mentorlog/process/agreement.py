"""The mentorship agreement: versions, their states, and who may move them.

Design: each version is one record with a number. The mentee proposes a draft, the mentor
approves it; from the first approval on, the pair is officially in a mentorship. `amend`
copies the approved version into a new draft; the approved version stays in force until the
amendment is approved.

Editing a proposed version takes it back to draft: only the mentee proposes and only the mentor
approves, so the mentor's edit of a proposal sends it back to the mentee, who proposes it again
(with the mentor's changes in it) before the mentor approves; the mentee's own edit withdraws her
proposal until she proposes again. Every change of state (made, proposed, sent back, approved) is
an `agreement_event` record, so the history is whole and travels to the partner's journal.
Refusals name who must do what, and `--as` lets one person act for the other at one laptop.

`terms()` is the one place that says what the pair agreed on (see `model.Terms`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from mentorlog.errors import InvalidInput, NotFound, Refused
from mentorlog.journal.journal import Journal
from mentorlog.model import (
    DEFAULT_CADENCE,
    DEFAULT_LENGTH,
    AgreementEvent,
    AgreementState,
    Audience,
    Cadence,
    Role,
    Terms,
    describe_cadence,
)
from mentorlog.process.agreement_fields import FIELD_NAMES, check_terms, clean, label
from mentorlog.store import agreement as agreement_store
from mentorlog.store import records
from mentorlog.store.journal import writing

if TYPE_CHECKING:
    from mentorlog.rows.process import (
        AgreementDiff,
        AgreementEdited,
        AgreementEventShown,
        AgreementRow,
        AgreementTerms,
        AgreementVersion,
        AgreementView,
        FieldChange,
        VersionInHistory,
    )

# --- reading -------------------------------------------------------------------------------------


_WHO_WHEN = ("proposed_at", "proposed_by", "approved_at", "approved_by", "created_at", "updated_at")


def describe(version: AgreementRow | None) -> AgreementVersion:
    """The agreement version as scripts see it: the same keys, all null, when there is none.
    The terms' keys come from the declarations (a test holds `AgreementVersion` to them)."""
    if version is None:
        return cast(
            "AgreementVersion",
            dict.fromkeys(("version", "state", "id", *FIELD_NAMES, "cadence_in_words", *_WHO_WHEN)),
        )
    row: Mapping[str, Any] = version
    data = {"version": version["version"], "state": version["state"], "id": version["id"]}
    data.update({name: row[name] for name in FIELD_NAMES})
    data["cadence_in_words"] = describe_cadence(
        version["cadence"], version["start_cadence"], version["start_meetings"]
    )
    for key in _WHO_WHEN:
        data[key] = row[key]
    return cast("AgreementVersion", data)


def show(journal: Journal, audience: Audience) -> AgreementView:
    """The latest version the audience may see, and the one in force."""
    latest = agreement_store.latest_agreement(journal.db, audience)
    in_force = agreement_store.agreement_in_force(journal.db, audience)
    data = cast("AgreementView", describe(latest))  # and the two keys that follow
    data["in_force_version"] = in_force["version"] if in_force else None
    data["officially_in_mentorship"] = in_force is not None
    return data


def history(journal: Journal) -> list[VersionInHistory]:
    """Every version, each with every change of its state (who, when, and what an edit changed)."""
    db = journal.db
    in_force = agreement_store.agreement_in_force(db, Audience.OWNER)
    by_version: dict[str, list[AgreementEventShown]] = {}
    for order, event in enumerate(agreement_store.events(db, Audience.OWNER)):
        by_version.setdefault(event["agreement_id"], []).append(
            {
                "order": order,
                "event": event["event"],
                "by": event["author"],
                "at": event["created_at"],
                "changed": event["changed"].split(", ") if event["changed"] else [],
            }
        )
    versions: list[VersionInHistory] = []
    for version in agreement_store.agreement_versions(db, Audience.OWNER):
        data = cast("VersionInHistory", describe(version))  # and the two keys that follow
        data["in_force"] = in_force is not None and version["id"] == in_force["id"]
        data["events"] = by_version.get(version["id"], [])
        versions.append(data)
    return versions


def terms(journal: Journal, audience: Audience) -> Terms:
    """What the pair agreed on: the approved version in force; before any approval the period
    given at `init` and the latest draft's other terms, marked provisional. Empty fields fall back
    to the period given at `init` and the guidance (monthly, 90 minutes). Only versions the
    audience may see count."""
    db = journal.db
    pair = journal.pair
    in_force = agreement_store.agreement_in_force(db, audience)
    source = in_force or agreement_store.latest_agreement(db, audience)
    start = (in_force["period_start"] if in_force else None) or pair.starts_on
    end = (in_force["period_end"] if in_force else None) or pair.ends_on
    assert start and end, "a pair always has its period"
    first, count = (source["start_cadence"], source["start_meetings"]) if source else (None, None)
    return Terms(
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        meetings=source["meetings"] if source else None,
        length_minutes=(source["length_minutes"] if source else None) or DEFAULT_LENGTH,
        cadence=Cadence((source["cadence"] if source else None) or DEFAULT_CADENCE),
        start_cadence=Cadence(first) if first and count else None,
        start_meetings=count if first and count else None,
        place=source["place"] if source else None,
        link=source["link"] if source else None,
        version=source["version"] if source else None,
        state=AgreementState(source["state"]) if source else None,
        provisional=in_force is None,
    )


def current_values(journal: Journal) -> AgreementTerms:
    """The draft's fields for prompting (the pair's period and guidance when there is none)."""
    latest = agreement_store.latest_agreement(journal.db, Audience.OWNER)
    if latest is None:
        return cast(
            "AgreementTerms",
            {
                **dict.fromkeys(FIELD_NAMES),
                "period_start": journal.pair.starts_on,
                "period_end": journal.pair.ends_on,
                "cadence": str(DEFAULT_CADENCE),
                "length_minutes": DEFAULT_LENGTH,
            },
        )
    row: Mapping[str, Any] = latest
    return cast("AgreementTerms", {name: row[name] for name in FIELD_NAMES})


# --- writing -------------------------------------------------------------------------------------


def edit(
    journal: Journal,
    changes: dict[str, Any],
    now: datetime,
    acting_as: Role | None = None,
    date_order: str = "dmy",
) -> AgreementEdited:
    """Change fields of the draft (creating version 1 when there is none yet). Editing a proposed
    version takes it back to draft (an `agreement_event` says who and what changed)."""
    unknown = set(changes) - set(FIELD_NAMES)
    if unknown:
        raise InvalidInput(f"Unknown agreement fields: {', '.join(sorted(unknown))}.")
    cleaned = {
        name: clean(name, value, now, date_order) for name, value in changes.items() if value is not None
    }
    if "start_cadence" in cleaned and cleaned["start_cadence"] is None:
        cleaned["start_meetings"] = None
    db = journal.db
    writer = journal.writer(now, acting_as)
    reopened = False
    with writing(db):
        latest = agreement_store.latest_agreement(db, Audience.OWNER)
        if latest is not None and latest["state"] == AgreementState.APPROVED:
            raise Refused(
                f"Version {latest['version']} is approved and in force. "
                "`mentorlog agreement amend` starts a new version to edit."
            )
        if latest is None:
            values = {
                "version": 1,
                "state": AgreementState.DRAFT,
                **{k: v for k, v in current_values(journal).items() if v is not None},
                **{k: v for k, v in cleaned.items() if v is not None},
            }
            check_terms(values)
            new_id = records.insert(db, "agreement", writer, values)
            agreement_store.record_event(db, writer, new_id, AgreementEvent.DRAFTED)
            changed = sorted(cleaned)
        else:
            row: Mapping[str, Any] = latest
            changed = [name for name in FIELD_NAMES if name in cleaned and cleaned[name] != row[name]]
            values = {name: cleaned[name] for name in changed}
            check_terms({**row, **values})
            if values and latest["state"] == AgreementState.PROPOSED:
                values.update({"state": AgreementState.DRAFT, "proposed_at": None, "proposed_by": None})
                agreement_store.record_event(
                    db, writer, latest["id"], AgreementEvent.REOPENED, ", ".join(changed)
                )
                reopened = True
            if values:
                records.update(db, "agreement", latest["id"], writer, values)
    data = cast("AgreementEdited", show(journal, Audience.OWNER))  # and the three keys that follow
    data["changed"], data["reopened"], data["by"] = changed, reopened, str(writer.role)
    return data


def _advance(
    journal: Journal,
    now: datetime,
    acting_as: Role | None,
    *,
    to: AgreementState,
    by: Role,
    refusals: dict[str | None, str],
) -> AgreementView:
    """Move the latest version to `to` (`proposed` or `approved`), stamped with who and when.

    `refusals` holds the message for no agreement (None), for the wrong role ("role"), and for
    each state the version may not move from; each says who must do what.
    """
    writer = journal.writer(now, acting_as)
    db = journal.db
    with writing(db):
        latest = agreement_store.latest_agreement(db, Audience.OWNER)
        if latest is None:
            raise Refused(refusals[None])
        if writer.role is not by:
            raise Refused(refusals["role"])
        state = latest["state"]
        if (
            state == AgreementState.DRAFT
            and "sent back" in refusals
            and agreement_store.reopened(db, latest["id"])
        ):
            state = "sent back"
        if state in refusals:
            mentee = (journal.pair.mentee.split() or ["the mentee"])[0]
            raise Refused(refusals[state].format(version=latest["version"], mentee=mentee))
        values = {"state": to, f"{to}_at": writer.stamp, f"{to}_by": str(writer.role)}
        records.update(db, "agreement", latest["id"], writer, values)
        agreement_store.record_event(db, writer, latest["id"], AgreementEvent(str(to)))
    return show(journal, Audience.OWNER)


def propose_agreement(journal: Journal, now: datetime, acting_as: Role | None = None) -> AgreementView:
    """The mentee submits the draft to the mentor."""
    return _advance(
        journal,
        now,
        acting_as,
        to=AgreementState.PROPOSED,
        by=Role.MENTEE,
        refusals={
            None: "There is no agreement yet. Write it with `mentorlog agreement edit`.",
            "role": "Only the mentee proposes the agreement. The mentee runs `mentorlog agreement propose` "
            "(at one laptop: `mentorlog --as mentee agreement propose`).",
            AgreementState.PROPOSED: "Version {version} is already proposed; the mentor approves it with "
            "`mentorlog agreement approve`.",
            AgreementState.APPROVED: "Version {version} is already approved. To change it, "
            "`mentorlog agreement amend` starts a new version.",
        },
    )


def approve_agreement(journal: Journal, now: datetime, acting_as: Role | None = None) -> AgreementView:
    """The mentor approves the proposed version; from then on the pair is in a mentorship."""
    return _advance(
        journal,
        now,
        acting_as,
        to=AgreementState.APPROVED,
        by=Role.MENTOR,
        refusals={
            None: "There is no agreement yet. The mentee writes it (`mentorlog agreement edit`) "
            "and proposes it (`mentorlog agreement propose`).",
            "role": "Only the mentor approves the agreement. The mentor runs `mentorlog agreement approve` "
            "(at one laptop: `mentorlog --as mentor agreement approve`).",
            AgreementState.DRAFT: "Version {version} is a draft that was never proposed: the mentee "
            "proposes it first with `mentorlog agreement propose`.",
            "sent back": "Version {version} went back to {mentee} as a draft when it was edited; {mentee} "
            "proposes it again (`mentorlog agreement propose`), then it can be approved.",
            AgreementState.APPROVED: "Version {version} is already approved; nothing changed.",
        },
    )


def amend_agreement(journal: Journal, now: datetime, acting_as: Role | None = None) -> AgreementView:
    writer = journal.writer(now, acting_as)
    db = journal.db
    with writing(db):
        latest = agreement_store.latest_agreement(db, Audience.OWNER)
        if latest is None:
            raise Refused("There is no agreement to amend yet. Write it with `mentorlog agreement edit`.")
        if latest["state"] != AgreementState.APPROVED:
            raise Refused(
                f"Version {latest['version']} is still a {latest['state']}; edit it with "
                "`mentorlog agreement edit` rather than amending."
            )
        row: Mapping[str, Any] = latest
        values = {name: row[name] for name in FIELD_NAMES}
        values.update({"version": latest["version"] + 1, "state": AgreementState.DRAFT})
        new_id = records.insert(db, "agreement", writer, values)
        agreement_store.record_event(db, writer, new_id, AgreementEvent.DRAFTED)
    return show(journal, Audience.OWNER)


# --- comparing two versions ----------------------------------------------------------------------


def _numbered(journal: Journal, number: int) -> AgreementRow:
    found = agreement_store.version_numbered(journal.db, number)
    if found is None:
        latest = agreement_store.latest_agreement(journal.db, Audience.OWNER)
        known = f"versions are numbered 1–{latest['version']}" if latest else "there is no agreement yet"
        raise NotFound(f"No version {number}: {known} (`mentorlog agreement history`).")
    return found


def diff(journal: Journal, first: int | None = None, second: int | None = None) -> AgreementDiff:
    """What changed between two versions, field by field. With no versions: the one in force
    against the latest draft or proposal (or, with nothing else to compare, the latest against the
    one before it); with one: that version against the latest."""
    db = journal.db
    latest = agreement_store.latest_agreement(db, Audience.OWNER)
    if latest is None:
        raise Refused("There is no agreement yet. Write it with `mentorlog agreement edit`.")
    if first is None:
        in_force = agreement_store.agreement_in_force(db, Audience.OWNER)
        if in_force is not None and in_force["id"] != latest["id"]:
            old, new = in_force, latest
        elif latest["version"] > 1:
            old, new = _numbered(journal, latest["version"] - 1), latest
        else:
            raise Refused(
                "Version 1 is the only version: there is nothing to compare it with yet "
                "(`mentorlog agreement show` shows it)."
            )
    else:
        old = _numbered(journal, first)
        new = _numbered(journal, second) if second is not None else latest
        if old["id"] == new["id"]:
            raise InvalidInput(
                f"That compares version {old['version']} with itself; give two versions: "
                f"`mentorlog agreement diff 1 {latest['version']}`."
            )
    before: Mapping[str, Any] = old
    after: Mapping[str, Any] = new
    changes: list[FieldChange] = [
        {"field": name, "label": label(name), "from": before[name], "to": after[name]}
        for name in FIELD_NAMES
        if before[name] != after[name]
    ]
    return {
        "from": {"version": old["version"], "state": old["state"]},
        "to": {"version": new["version"], "state": new["state"]},
        "changes": changes,
    }
