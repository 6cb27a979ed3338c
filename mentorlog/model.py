"""The domain's vocabulary: roles, phases, visibility, the states and kinds of every record, the
programme's guidance (session length, cadences, how early topics come), and the records' plain shapes.

Standard library only, so every layer can import it cheaply.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple, TypeVar

_Class = TypeVar("_Class")

if TYPE_CHECKING:
    _StrEnum = StrEnum

    def _enum(cls: _Class) -> _Class:
        return cls

else:
    import enum

    if hasattr(enum, "_simple_enum"):  # the standard library's quick maker of its own enums: the
        _StrEnum, _enum = object, enum._simple_enum(StrEnum)  # same enums in half the time (Speed)
    else:  # pragma: no cover - an interpreter without it makes them the usual way
        _StrEnum, _enum = StrEnum, lambda cls: cls


@_enum
class Role(_StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"

    @property
    def other(self) -> Role:
        return Role.MENTEE if self is Role.MENTOR else Role.MENTOR


@_enum
class Phase(_StrEnum):
    GETTING_STARTED = "getting-started"
    HERE_AND_NOW = "here-and-now"
    THERE_AND_THEN = "there-and-then"
    BRIDGING_THE_GAP = "bridging-the-gap"
    FINAL_REFLECTION = "final-reflection"

    @property
    def label(self) -> str:
        """The phase as people read it: `Here and now`."""
        return PHASE_TITLES[self]

    @property
    def next(self) -> Phase | None:
        order = list(Phase)
        i = order.index(self)
        return order[i + 1] if i + 1 < len(order) else None


PHASE_TITLES = {
    Phase.GETTING_STARTED: "Getting started",
    Phase.HERE_AND_NOW: "Here and now",
    Phase.THERE_AND_THEN: "There and then",
    Phase.BRIDGING_THE_GAP: "Bridging the gap",
    Phase.FINAL_REFLECTION: "Final reflection",
}


@_enum
class Visibility(_StrEnum):
    SHARED = "shared"
    PRIVATE = "private"


@_enum
class Audience(_StrEnum):
    """Who a read of the journal is for (`store/audience.py` decides what each may see)."""

    OWNER = "owner"  # the journal's owner: private entries too (own views, `--include-private`)
    PARTNER = "partner"  # anything that leaves the journal: bundles, reports, agenda, calendar

    @classmethod
    def asked(cls, include_private: bool) -> Audience:
        """The owner when they asked for their private entries, else what may leave."""
        return cls.OWNER if include_private else cls.PARTNER


# --- the states and kinds that scripts rely on (README, "States and keys") -------------------


@_enum
class AgreementState(_StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    APPROVED = "approved"


@_enum
class AgreementEvent(_StrEnum):
    """A change of an agreement version's state, kept as a record of its own (`agreement_event`)."""

    DRAFTED = "drafted"  # a version was started (the first draft, or an amendment)
    PROPOSED = "proposed"  # the mentee proposed it
    REOPENED = "reopened"  # a proposed version was edited: back to draft (sent back, when the mentor edits)
    APPROVED = "approved"  # the mentor approved it


@_enum
class SessionState(_StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"


OPEN_SESSION_STATES = (SessionState.PROPOSED, SessionState.CONFIRMED)


@_enum
class SessionMode(_StrEnum):
    IN_PERSON = "in-person"
    ONLINE = "online"


@_enum
class SessionKind(_StrEnum):
    ONE_TO_ONE = "one-to-one"
    WORKSHOP = "workshop"
    CONSULTATION = "consultation"


@_enum
class GoalStatus(_StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


@_enum
class GoalTerm(_StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


@_enum
class ActionStatus(_StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@_enum
class TopicStatus(_StrEnum):
    OPEN = "open"
    DISCUSSED = "discussed"


@_enum
class NoteKind(_StrEnum):
    NOTE = "note"
    QUESTION = "question"
    IDEA = "idea"
    DECISION = "decision"
    LESSON = "lesson"
    CONTACT = "contact"


@_enum
class ContactVia(_StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    MESSAGE = "message"
    VIDEO = "video"
    IN_PERSON = "in-person"
    OTHER = "other"


@_enum
class RuleKind(_StrEnum):
    RESPECT = "respect"
    CONFIDENTIALITY = "confidentiality"
    OFF_LIMITS = "off-limits"
    COMMUNICATION = "communication"
    TOPICS = "topics"  # how many days before a session its topics are proposed (the rule's `days`)
    OTHER = "other"


@_enum
class Area(_StrEnum):
    """The here-and-now areas: the six of the mapping, then strengths and improvements."""

    PERSONAL = "personal"
    PROFESSIONAL = "professional"
    KNOWLEDGE = "knowledge"
    SKILLS = "skills"
    RESOURCES = "resources"
    NETWORK = "network"
    STRENGTHS = "strengths"
    IMPROVEMENTS = "improvements"


SIX_AREAS = (Area.PERSONAL, Area.PROFESSIONAL, Area.KNOWLEDGE, Area.SKILLS, Area.RESOURCES, Area.NETWORK)


@_enum
class Cadence(_StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    EVERY_3_WEEKS = "every-3-weeks"
    MONTHLY = "monthly"


CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14, Cadence.EVERY_3_WEEKS: 21, Cadence.MONTHLY: 30}
DEFAULT_CADENCE = Cadence.MONTHLY


@_enum
class EndKind(_StrEnum):
    COMPLETED = "completed"
    EARLY = "early"


@_enum
class ReflectionKey(_StrEnum):
    INSIGHTS = "insights"
    LIKED = "liked"
    LEARNED_ABOUT_MYSELF = "learned-about-myself"
    SAME_OR_DIFFERENT = "same-or-different"
    UNMET_GOALS = "unmet-goals"
    WISHES = "wishes"
    SUPPORT_NEEDED = "support-needed"
    FINAL_SUGGESTIONS = "final-suggestions"
    STAY_IN_TOUCH = "stay-in-touch"


# Whose question each reflection key is: the mentee's own (her goals, wishes, the support she will
# need), the mentor's (final suggestions and comments), or both (None). `reflect` asks each person
# only their questions, and a merge refuses an answer by someone who may not give it.
REFLECTION_OWNERS: dict[ReflectionKey, Role | None] = {
    ReflectionKey.INSIGHTS: None,
    ReflectionKey.LIKED: None,
    ReflectionKey.LEARNED_ABOUT_MYSELF: None,
    ReflectionKey.SAME_OR_DIFFERENT: None,
    ReflectionKey.UNMET_GOALS: Role.MENTEE,
    ReflectionKey.WISHES: Role.MENTEE,
    ReflectionKey.SUPPORT_NEEDED: Role.MENTEE,
    ReflectionKey.FINAL_SUGGESTIONS: Role.MENTOR,
    ReflectionKey.STAY_IN_TOUCH: None,
}


def may_answer(role: Role | str, key: ReflectionKey | str) -> bool:
    """Whether `role` answers the reflection question `key`."""
    owner = REFLECTION_OWNERS.get(ReflectionKey(key))
    return owner is None or owner == role


# --- the programme's guidance: what the nudges and the agenda hold a mentorship to ------------

GUIDANCE_MINUTES = (60, 120)  # a session's suggested length
DEFAULT_LENGTH = 90  # minutes, when neither the session nor the agreement says
TOPIC_DAYS_AHEAD = 3  # topics are proposed at least this many days before a session
INACTIVE_AFTER_CADENCE_DAYS = 14  # `inactive`: no session held for the cadence plus this


CADENCE_WORDS = {
    Cadence.WEEKLY: "every week",
    Cadence.FORTNIGHTLY: "every 2 weeks",
    Cadence.EVERY_3_WEEKS: "every 3 weeks",
    Cadence.MONTHLY: "monthly",
}


def describe_cadence(
    cadence: str | None, start_cadence: str | None = None, start_meetings: int | None = None
) -> str:
    """The rhythm in words: `every 2 weeks for the first 3 meetings, then monthly`."""
    later = CADENCE_WORDS[Cadence(cadence or DEFAULT_CADENCE)]
    if not start_cadence or not start_meetings:
        return later
    return f"{CADENCE_WORDS[Cadence(start_cadence)]} for the first {start_meetings} meetings, then {later}"


def guidance_problem(length: int) -> bool:
    """Whether a session's length lies outside the programme's guidance."""
    low, high = GUIDANCE_MINUTES
    return not low <= length <= high


# The records below are NamedTuples, not frozen dataclasses: as immutable and as typed, and made
# without generating code at import (three dataclasses cost every command about 3 ms of start-up).


class Pair(NamedTuple):
    """The mentorship this journal records, and whose journal it is (`me`)."""

    id: str
    mentor: str
    mentee: str
    me: Role
    programme: str | None
    starts_on: str | None  # ISO date
    ends_on: str | None  # ISO date
    phase: Phase
    journal_id: str
    ended_on: str | None = None  # ISO date, once the mentorship is officially ended
    end_kind: str | None = None  # completed, early
    end_reason: str | None = None

    @property
    def ended(self) -> bool:
        return self.ended_on is not None


class Terms(NamedTuple):
    """What the pair agreed on, in one place: the approved version in force, or, before any
    approval, the period given at `init` with the latest draft's other terms (`provisional`).

    Fields the agreement leaves empty fall back to the guidance (90 minutes, monthly).
    """

    start: date  # first day of the mentorship
    end: date  # last day of the mentorship
    meetings: int | None  # how many meetings were agreed (None: not said)
    length_minutes: int  # a session's length
    cadence: Cadence  # the rhythm (after the start phase, when there is one)
    start_cadence: Cadence | None  # the rhythm of the start phase
    start_meetings: int | None  # how many meetings the start phase lasts
    place: str | None
    link: str | None  # an online meeting link
    version: int | None  # the agreement version these come from (None: no agreement written yet)
    state: AgreementState | None  # that version's state
    provisional: bool  # True until a version is approved

    def cadence_after(self, held: int) -> Cadence:
        """The rhythm that leads to the next meeting once `held` meetings were held: the start
        phase's until `start_meetings` were held, then the later one."""
        if self.start_cadence is not None and self.start_meetings and held < self.start_meetings:
            return self.start_cadence
        return self.cadence

    def days_after(self, held: int) -> int:
        """Days expected between meetings once `held` meetings were held."""
        return CADENCE_DAYS[self.cadence_after(held)]

    @property
    def cadence_in_words(self) -> str:
        return describe_cadence(self.cadence, self.start_cadence, self.start_meetings)


class Nudge(NamedTuple):
    """A gentle reminder shown by `status` and the agenda; `code` is stable for scripts."""

    code: str
    message: str
