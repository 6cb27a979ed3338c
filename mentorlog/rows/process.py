"""The process records: the vision and the goals (`process/goals.py`), the agreement's versions
(`process/agreement.py`) and the rules (`process/rules.py`), as the store reads them and as the use
cases hand them to render and to `--json` (one key a field of the JSON, in its order)."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from mentorlog.rows.stored import Record

# --- the vision and the goals -------------------------------------------------------------------


class VisionRow(Record):
    text: str


class VisionShown(TypedDict):
    """`vision --json`: the latest vision, both null when there is none."""

    text: str | None
    updated_at: str | None


class GoalRow(Record):
    number: int
    title: str
    measure: str | None
    due: str | None  # a day, ISO
    why: str | None
    term: str | None
    status: str
    progress: int | None
    ended_on: str | None
    end_reason: str | None


class GoalOnDashboard(GoalRow):
    """A goal as the dashboard judges it: what the SMARTER check finds lacking, whether it is past
    its due date, and a short id when it is (the dashboard adds the three to the stored row)."""

    missing: list[str]
    overdue: bool
    short_id: str | None


class GoalRevisionRow(Record):
    goal_id: str
    before: dict[str, str | None]  # the revised fields, stored as JSON, read back as a dict
    after: dict[str, str | None]
    reason: str


class GoalRevisionSince(GoalRevisionRow):
    goal_title: str


class GoalProgressRow(Record):
    goal_id: str
    percent: int
    note: str | None


class GoalProgressSince(GoalProgressRow):
    goal_title: str


class GoalShown(TypedDict):
    """A goal as `goal list --json` lists it."""

    id: str
    short_id: str
    number: int
    title: str
    measure: str | None
    due: str | None
    why: str | None
    term: str | None
    status: str
    progress: int
    missing: list[str]  # the SMARTER parts the goal lacks
    phase: str
    author: str
    created_at: str
    overdue: NotRequired[bool]  # when the list is made for a day


class GoalInReport(GoalShown):
    """A goal in the there-and-then report: the SMARTER parts it meets, and when it ended."""

    met: list[str]
    ended_on: str | None
    ended_in_words: str


class Revision(TypedDict):
    before: dict[str, str | None]
    after: dict[str, str | None]
    reason: str
    at: str
    author: str


class ProgressShown(TypedDict):
    percent: int
    note: str | None
    at: str
    author: str


class GoalDetail(GoalShown):
    """`goal show --json` (and what each change of a goal answers with)."""

    revisions: list[Revision]
    progress_history: list[ProgressShown]
    ended_on: str | None
    end_reason: str | None
    warnings: NotRequired[list[str]]  # after `add` and `revise`: a due date in the past


class Lack(TypedDict):
    criterion: str
    advice: str
    fix: str


class Question(TypedDict):
    criterion: str
    question: str


class GoalCheck(TypedDict):
    """One goal in `goal check --json`."""

    id: str
    short_id: str
    number: int
    title: str
    missing: list[Lack]
    met: list[str]
    questions: list[Question]
