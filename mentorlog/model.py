"""The domain's vocabulary: roles, phases, visibility and the records' plain shapes.

Standard library only, so every layer can import it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"

    @property
    def other(self) -> Role:
        return Role.MENTEE if self is Role.MENTOR else Role.MENTOR


class Phase(StrEnum):
    GETTING_STARTED = "getting-started"
    HERE_AND_NOW = "here-and-now"
    THERE_AND_THEN = "there-and-then"
    BRIDGING_THE_GAP = "bridging-the-gap"
    FINAL_REFLECTION = "final-reflection"

    @property
    def title(self) -> str:
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


class Visibility(StrEnum):
    SHARED = "shared"
    PRIVATE = "private"


@dataclass(frozen=True)
class Pair:
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

    def name_of(self, role: Role) -> str:
        return self.mentor if role is Role.MENTOR else self.mentee


@dataclass(frozen=True)
class Nudge:
    """A gentle reminder shown by `status` and the agenda; `code` is stable for scripts."""

    code: str
    message: str
