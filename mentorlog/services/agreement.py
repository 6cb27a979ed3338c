"""The mentorship agreement: versions, their states, and who may move them.

Design: each version is one record with a number. The mentee proposes a draft, the mentor
approves it; from the first approval on, the pair is officially in a mentorship. `amend`
copies the approved version into a new draft; the approved version stays in force until the
amendment is approved. Editing a proposed version sends it back to draft. Refusals name who
must do what, and `--as` lets one person act for the other at one laptop.
"""

from __future__ import annotations

from datetime import datetime

from mentorlog.dates import parse_date
from mentorlog.errors import InvalidInput, Refused
from mentorlog.model import DEFAULT_CADENCE, DEFAULT_LENGTH, AgreementState, Cadence, Role
from mentorlog.services import validate
from mentorlog.services.journal import Journal
from mentorlog.store import agreement as agreement_store
from mentorlog.store import records
from mentorlog.store.journal import writing

# (field, label, kind) in the order people fill them in.
FIELDS = (
    ("period_start", "Start of the mentorship", "date"),
    ("period_end", "End of the mentorship", "date"),
    ("meetings", "Number of meetings", "int"),
    ("cadence", "Cadence (weekly, fortnightly, every-3-weeks, monthly)", "cadence"),
    ("length_minutes", "Session length in minutes", "int"),
    ("place", "Where you meet", "text"),
    ("contact", "Contact between sessions", "text"),
    ("expect_mentor", "What the mentee expects of the mentor", "text"),
    ("expect_mentee", "What the mentor expects of the mentee", "text"),
    ("content_plan", "A rough content plan", "text"),
)
FIELD_NAMES = tuple(name for name, _, _ in FIELDS)


def _clean(field: str, kind: str, value, now: datetime):
    if value is None:
        return None
    if kind == "date":
        return parse_date(str(value), now).isoformat()
    if kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"The {field.replace('_', ' ')} must be a whole number, not {value!r}."
            ) from None
        limits = {"meetings": (1, 100), "length_minutes": (15, 480)}[field]
        return validate.number(number, field.replace("_", " "), *limits)
    if kind == "cadence":
        return validate.choice(str(value), Cadence, "cadence")
    return validate.optional_text(str(value), field.replace("_", " "), max_length=5000)


def describe(version: dict | None) -> dict:
    """The agreement version as scripts see it."""
    if version is None:
        return {"version": None, "state": None}
    data = {"version": version["version"], "state": version["state"], "id": version["id"]}
    data.update({name: version[name] for name in FIELD_NAMES})
    for key in ("proposed_at", "proposed_by", "approved_at", "approved_by", "created_at", "updated_at"):
        data[key] = version[key]
    return data


def show(journal: Journal) -> dict:
    latest = agreement_store.latest_agreement(journal.db)
    in_force = agreement_store.agreement_in_force(journal.db)
    data = describe(latest)
    data["in_force_version"] = in_force["version"] if in_force else None
    data["officially_in_mentorship"] = in_force is not None
    return data


def history(journal: Journal) -> list[dict]:
    in_force = agreement_store.agreement_in_force(journal.db)
    versions = []
    for version in agreement_store.agreement_versions(journal.db):
        data = describe(version)
        data["in_force"] = in_force is not None and version["id"] == in_force["id"]
        versions.append(data)
    return versions


def edit(journal: Journal, changes: dict, now: datetime, acting_as: Role | None = None) -> dict:
    """Change fields of the draft (creating version 1 when there is none yet)."""
    kinds = {name: kind for name, _, kind in FIELDS}
    unknown = set(changes) - set(kinds)
    if unknown:
        raise InvalidInput(f"Unknown agreement fields: {', '.join(sorted(unknown))}.")
    cleaned = {name: _clean(name, kinds[name], value, now) for name, value in changes.items()}
    db = journal.db
    writer = journal.writer(now, acting_as)
    with writing(db):
        latest = agreement_store.latest_agreement(db)
        if latest is not None and latest["state"] == AgreementState.APPROVED:
            raise Refused(
                f"Version {latest['version']} is approved and in force. "
                "`mentorlog agreement amend` starts a new version to edit."
            )
        if latest is None:
            pair = journal.pair
            values = {
                "version": 1,
                "state": AgreementState.DRAFT,
                "period_start": pair.starts_on,
                "period_end": pair.ends_on,
                "cadence": DEFAULT_CADENCE,
                "length_minutes": DEFAULT_LENGTH,
                **{k: v for k, v in cleaned.items() if v is not None},
            }
            _check_period(values)
            records.insert(db, "agreement", writer, values)
        else:
            values = {k: v for k, v in cleaned.items()}
            merged = {**latest, **values}
            _check_period(merged)
            if latest["state"] == AgreementState.PROPOSED:
                values.update({"state": AgreementState.DRAFT, "proposed_at": None, "proposed_by": None})
            if values:
                records.update(db, "agreement", latest["id"], writer, values)
    return show(journal)


def _check_period(values: dict) -> None:
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end <= start:
        raise InvalidInput(f"The agreement's end ({end}) must come after its start ({start}).")


def _advance(
    journal: Journal, now: datetime, acting_as: Role | None, *, to: str, by: Role, refusals: dict
) -> dict:
    """Move the latest version to `to` (`proposed` or `approved`), stamped with who and when.

    `refusals` holds the message for no agreement (None), for the wrong role ("role"), and for
    each state the version may not move from; each says who must do what.
    """
    writer = journal.writer(now, acting_as)
    db = journal.db
    with writing(db):
        latest = agreement_store.latest_agreement(db)
        if latest is None:
            raise Refused(refusals[None])
        if writer.role is not by:
            raise Refused(refusals["role"])
        if latest["state"] in refusals:
            raise Refused(refusals[latest["state"]].format(version=latest["version"]))
        values = {"state": to, f"{to}_at": writer.stamp, f"{to}_by": str(writer.role)}
        records.update(db, "agreement", latest["id"], writer, values)
    return show(journal)


def propose_agreement(journal: Journal, now: datetime, acting_as: Role | None = None) -> dict:
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


def approve_agreement(journal: Journal, now: datetime, acting_as: Role | None = None) -> dict:
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
            AgreementState.APPROVED: "Version {version} is already approved; nothing changed.",
        },
    )


def amend_agreement(journal: Journal, now: datetime, acting_as: Role | None = None) -> dict:
    writer = journal.writer(now, acting_as)
    db = journal.db
    with writing(db):
        latest = agreement_store.latest_agreement(db)
        if latest is None:
            raise Refused("There is no agreement to amend yet. Write it with `mentorlog agreement edit`.")
        if latest["state"] != AgreementState.APPROVED:
            raise Refused(
                f"Version {latest['version']} is still a {latest['state']}; edit it with "
                "`mentorlog agreement edit` rather than amending."
            )
        values = {name: latest[name] for name in FIELD_NAMES}
        values.update({"version": latest["version"] + 1, "state": AgreementState.DRAFT})
        records.insert(db, "agreement", writer, values)
    return show(journal)


def current_values(journal: Journal) -> dict:
    """The draft's fields for prompting (the pair's period and guidance when there is none)."""
    latest = agreement_store.latest_agreement(journal.db)
    if latest is None:
        return {
            "period_start": journal.pair.starts_on,
            "period_end": journal.pair.ends_on,
            "cadence": DEFAULT_CADENCE,
            "length_minutes": DEFAULT_LENGTH,
        }
    return {name: latest[name] for name in FIELD_NAMES}
