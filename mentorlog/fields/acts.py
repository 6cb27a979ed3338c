"""Role-gated acts: the role a value must carry, by table and field (only the mentee proposes an
agreement, only the mentor approves it, the other role confirms a session, a reflection answer is
its owner's). A bundle's record and a whole row are checked alike (`act_problem`); the bundle's
JSON Schema asks the same rules (`services/bundle_schema.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mentorlog.model import REFLECTION_OWNERS, AgreementEvent, ReflectionKey, Role


def _other_than_proposer(row: dict[str, Any]) -> str | None:
    proposer = row.get("proposed_by")
    return None if proposer is None else str(Role(proposer).other)


EVENT_ROLES = {str(AgreementEvent.PROPOSED): str(Role.MENTEE), str(AgreementEvent.APPROVED): str(Role.MENTOR)}


def _event_role(row: dict[str, Any]) -> str | None:
    return EVENT_ROLES.get(row.get("event") or "")


def _answer_owner(row: dict[str, Any]) -> str | None:
    """The role whose question the answer's key is (None: either's). A removed answer is exempt:
    it is shown nowhere, and one given before the questions had owners travels as a tombstone."""
    key = row.get("key")
    if (
        row.get("deleted_at") is not None
        or not isinstance(key, str)
        or key not in ReflectionKey._value2member_map_
    ):
        return None
    owner = REFLECTION_OWNERS[ReflectionKey(key)]
    return None if owner is None else str(owner)


# `author` is gated too: checking a row of these tables needs its author among its fields.
ACT_ROLES: dict[tuple[str, str], Callable[[dict[str, Any]], str | None]] = {
    ("agreement", "proposed_by"): lambda row: str(Role.MENTEE),
    ("agreement", "approved_by"): lambda row: str(Role.MENTOR),
    ("agreement_event", "author"): _event_role,
    ("session", "confirmed_by"): _other_than_proposer,
    ("reflection", "author"): _answer_owner,
}


def act_problem(table: str, row: dict[str, Any]) -> str | None:
    """Why a row's role-gated acts are not by a role that may do them, or None.

    `row` holds the record's fields and its `author` (a bundle's checked record, or a whole row).
    """
    for (gated_table, name), wanted in ACT_ROLES.items():
        if gated_table != table or row.get(name) is None:
            continue
        role = wanted(row)
        if role is not None and row[name] != role:
            return f"{name} is {row[name]}, but only the {role} may do that"
    return None
