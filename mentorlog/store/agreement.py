"""Queries for the agreement's versions (live ones only), newest or in force."""

from __future__ import annotations

from mentorlog.model import AgreementState
from mentorlog.store.records import LIVE, rows


def agreement_versions(db) -> list[dict]:
    return rows(db, f"select * from agreement where {LIVE} order by version")


def latest_agreement(db) -> dict | None:
    found = rows(db, f"select * from agreement where {LIVE} order by version desc limit 1")
    return found[0] if found else None


def agreement_in_force(db) -> dict | None:
    """The latest approved version: it stays in force while an amendment is drafted."""
    found = rows(
        db,
        f"select * from agreement where {LIVE} and state = ? order by version desc limit 1",
        [AgreementState.APPROVED],
    )
    return found[0] if found else None
