"""The shapes of the records and views that cross the layers: a row as the store reads it (one
key a column), and the dicts the use cases hand to render and to `--json` (one key a field of the
JSON, in its order). `mypy` checks every key read or written against them.

For the type checker only: modules import them under `if TYPE_CHECKING:` (with `from __future__
import annotations`), so none is built when a command starts; at run time a row is a plain dict.
"""

from __future__ import annotations

from typing import Any, TypedDict

# --- rows as stored -----------------------------------------------------------------------------


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


class RuleRow(Record):
    text: str
    kind: str
    days: int | None


# --- sessions, as the use cases hand them on ------------------------------------------------------


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


class AgendaTopic(TypedDict):
    id: str
    short_id: str
    text: str
    author: str
    proposed_at: str
    late: bool  # proposed later than the agreed days ahead
    carried_over: bool  # left by an earlier session
    visibility: str


class AgendaQuestion(TypedDict):
    id: str
    short_id: str
    text: str
    author: str
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


class AgendaGoal(TypedDict):
    id: str
    short_id: str
    number: int
    title: str
    progress: int | None
    due: str | None
    missing: list[str]  # the SMARTER parts the goal lacks
    overdue: bool


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
