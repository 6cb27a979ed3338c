"""Sessions and the agenda as the use cases hand them to render and to `--json`."""

from __future__ import annotations

from typing import Any, TypedDict

from mentorlog.model import Role


class Planning(TypedDict, total=False):
    """What `plan` and `schedule` take besides the time: where and how long (else the agreement's),
    the kind, who acts, how numeric dates read, and whether a past or a later session is meant."""

    length: int | None
    place: str | None
    online: str | None
    kind: str | None
    acting_as: Role | None
    date_order: str
    past: bool
    beyond_agreement: bool


class Place(TypedDict):
    """Where a session meets: `mode` online or in person, and the link or the place."""

    mode: str
    place: str | None
    link: str | None


class SessionData(TypedDict):
    """A session as scripts see it (`session list --json`), its start in the local zone."""

    number: int
    id: str
    starts_at: str
    length_minutes: int | None
    mode: str
    place: str | None
    link: str | None
    state: str
    phase: str
    kind: str
    proposed_by: str | None
    cancel_reason: str | None


class SessionTopic(TypedDict):
    id: str
    text: str
    status: str
    author: str
    visibility: str


class SessionFeedback(TypedDict):
    author: str
    rating: int | None
    worked: str | None
    improve: str | None


class SessionShown(SessionData):
    """`session show`: the session, the phase it was held in, its topics and feedback."""

    held_phase: str | None
    topics: list[SessionTopic]
    feedback: list[SessionFeedback]


class SessionHeld(SessionData):
    """`session held`: the session, how many topics it discussed, whether it was held already."""

    topics_discussed: int
    already_held: bool


class SessionEdited(SessionData):
    changed: list[str]  # the fields `session edit` changed


class NextSession(SessionData):
    """The dashboard's session: the one under way, or the next one planned."""

    under_way: bool
    days_until: int
    topics: int  # the open topics waiting for it


# --- the agenda ---------------------------------------------------------------------------------


class AgendaSession(SessionData):
    when: str  # in words, the local day and time
    days_until: int
    position: int  # "meeting X of Y"
    planned: int
    agreed: bool  # Y is the agreement's number of meetings


class AgendaItem(TypedDict):
    """What the agenda lists of a topic or a question first."""

    id: str
    short_id: str
    text: str
    author: str


class AgendaTopic(AgendaItem):
    proposed_at: str
    late: bool  # proposed later than the agreed days ahead
    carried_over: bool  # left by an earlier session
    visibility: str


class AgendaQuestion(AgendaItem):
    created_at: str
    visibility: str


class AgendaAction(TypedDict):
    id: str
    short_id: str
    number: int
    text: str
    owner: str
    due: str | None
    overdue: bool
    visibility: str


class GoalInBrief(TypedDict):
    """A goal as the agenda and the dashboard list it (after its id and short id)."""

    number: int
    title: str
    progress: int | None
    due: str | None
    missing: list[str]  # the SMARTER parts the goal lacks
    overdue: bool


class AgendaGoal(GoalInBrief):
    id: str
    short_id: str


class Contact(TypedDict):
    text: str
    via: str | None
    on: str | None
    author: str
    visibility: str


class Said(TypedDict):
    """A lesson or a decision."""

    text: str
    author: str
    visibility: str


class ActionDone(TypedDict):
    text: str
    owner: str
    done_at: str | None


class ProgressMade(TypedDict):
    goal: str
    percent: int
    note: str | None
    at: str
    author: str
    visibility: str


class GoalRevised(TypedDict):
    goal: str
    changes: str
    reason: str
    at: str
    author: str
    visibility: str


class SinceLast(TypedDict):
    """What happened since the last session held (or the start)."""

    last_session: int | None
    since: str
    contacts: list[Contact]
    lessons: list[Said]
    decisions: list[Said]
    actions_done: list[ActionDone]
    goal_progress: list[ProgressMade]
    goal_revisions: list[GoalRevised]


class TimeSlot(TypedDict):
    minutes: int
    what: str


class NudgeData(TypedDict):
    code: str
    message: str


class Agenda(TypedDict):
    """`agenda --format json`: the same keys whether a session is planned or not."""

    session: AgendaSession | None
    topics: list[AgendaTopic]
    actions: list[AgendaAction]
    questions: list[AgendaQuestion]
    goals: list[AgendaGoal]
    since_last: SinceLast
    prompts: list[str]
    phase: str
    time_plan: list[TimeSlot]
    nudges: list[NudgeData]
    include_private: bool
    programme_events: list[dict[str, Any]]
    message: str | None
