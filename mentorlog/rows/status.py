"""The dashboard (`status --json`) and the morning view (`journals --json`), as the use cases
hand them to render and to `--json`."""

from __future__ import annotations

from typing import Any, TypedDict

from mentorlog.rows.sessions import GoalInBrief, NextSession, NudgeData


class PairShown(TypedDict):
    mentor: str
    mentee: str
    me: str
    programme: str | None
    starts_on: str | None
    ends_on: str | None


class Ended(TypedDict):
    on: str | None
    kind: str | None
    reason: str | None


class AgreementShown(TypedDict):
    state: str | None
    version: int | None


class Period(TypedDict):
    start: str
    end: str
    provisional: bool  # before an agreement is approved


class ExchangeShown(TypedDict):
    partner_bundle_at: str | None
    last_shared_clock: str | None
    shared_at: str | None
    merged_at: str | None
    unshared_changes: int
    oldest_unshared_at: str | None
    partner_has_until: str | None
    not_yet_had: int
    sync_folder: str | None


class Counts(TypedDict):
    goals_active: int
    goals_achieved: int
    actions_open: int
    actions_overdue: int
    rules: int
    assessments: int
    sessions_held: int
    sessions_planned: int
    sessions_cancelled: int
    notes: int
    contacts: int
    goals_overdue: int


class LastContact(TypedDict):
    on: str | None
    via: str | None
    text: str
    visibility: str


class StatusGoal(GoalInBrief):
    id: str
    short_id: str


class StatusAction(TypedDict):
    id: str
    number: int
    text: str
    owner: str
    due: str | None
    short_id: str
    mine: bool
    overdue: bool


class Status(TypedDict):
    """`status --json`, which the terminal view and the morning view read too."""

    pair: PairShown
    journal: str
    phase: str
    ended: Ended | None
    milestones: list[dict[str, Any]]
    suggestion: str | None
    agreement: AgreementShown
    agreement_in_force: int | None
    period: Period
    next_session: NextSession | None
    exchange: ExchangeShown
    counts: Counts
    last_contact: LastContact | None
    goals: list[StatusGoal]
    actions: list[StatusAction]
    nudges: list[NudgeData]
    programme_events: list[dict[str, Any]]
    programme_announcements: list[dict[str, Any]]


# --- the morning view (`journals --json`) -----------------------------------------------------------


class MorningSession(TypedDict):
    number: int
    starts_at: str
    weekday: str
    date: str
    time: str
    state: str
    under_way: bool


class Step(TypedDict):
    """A nudge of the owner's, its commands naming the journal; `command`: the last one in it."""

    code: str
    message: str
    command: str | None


class Waiting(TypedDict):
    count: int
    first: Step | NudgeData | None


class LastExchange(TypedDict):
    shared_at: str | None
    merged_at: str | None
    from_partner_at: str | None
    unshared_changes: int
    sync_folder: str | None


class MorningSummary(TypedDict):
    """The morning view's part of one journal's dashboard."""

    partner: str
    phase: str
    ended: str | None
    next_session: MorningSession | None
    waiting_for_me: Waiting
    waiting_for_partner: Waiting
    last_exchange: LastExchange


class MorningEntry(TypedDict):
    """One journal of the morning view; a journal that cannot be read has only its `problem`."""

    name: str
    path: str
    mentor: str | None
    mentee: str | None
    phase: str | None
    me: str | None
    problem: str | None
    partner: str | None
    ended: str | None
    next_session: MorningSession | None
    waiting_for_me: Waiting
    waiting_for_partner: Waiting
    last_exchange: LastExchange | None
