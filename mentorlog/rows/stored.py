"""Rows as the store reads them: one key a column (store/migrations/ makes the tables)."""

from __future__ import annotations

from typing import TypedDict


class Record(TypedDict):
    """The columns every record has (store/migrations/tables.py)."""

    id: str
    created_at: str
    updated_at: str
    author: str
    origin: str | None
    phase: str
    visibility: str
    deleted_at: str | None
    versions: str | None


class Slot(TypedDict):
    """What the items waiting for a session are found by: the session's id and start ("" and the
    end of time for the next session, when none is planned)."""

    id: str
    starts_at: str


class SessionRow(Record):
    starts_at: str  # UTC stamp
    length_minutes: int | None
    mode: str
    place: str | None
    link: str | None
    kind: str
    state: str
    proposed_by: str | None
    confirmed_by: str | None
    held_at: str | None
    cancel_reason: str | None
    number: int
    held_phase: str | None


class TopicRow(Record):
    text: str
    session_id: str | None
    status: str
    discussed_at: str | None


class WaitingTopic(TopicRow):
    """An open topic waiting for the next session, with the session it was left by, if any."""

    left_at: str | None
    left_number: int | None


class FeedbackRow(Record):
    session_id: str
    rating: int | None
    worked: str | None
    improve: str | None


class NoteRow(Record):
    text: str
    kind: str
    session_id: str | None
    tags: list[str]  # stored as a JSON array, read back as a list
    via: str | None
    occurred_on: str | None
    asked_at: str | None


class ActionRow(Record):
    text: str
    owner: str
    due: str | None
    goal_id: str | None
    status: str
    done_at: str | None
    number: int


class ActionInPlan(ActionRow):
    """An action in the final reflection's action plan."""

    overdue: bool
    done_on: str | None  # the day it was done, in words


class RuleRow(Record):
    text: str
    kind: str
    days: int | None
