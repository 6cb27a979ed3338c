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
    its due date, and a short id when it is the one past its date that the nudges name (the
    dashboard adds the three to the stored row)."""

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


class GoalTerms(TypedDict):
    """What a goal says (`process/goals.py: terms`), as every view of a goal shows it."""

    title: str
    measure: str | None
    due: str | None
    why: str | None
    term: str | None
    status: str


class _GoalId(TypedDict):
    id: str


class _GoalNamed(_GoalId):
    short_id: str
    number: int


class GoalShown(_GoalNamed, GoalTerms):
    """A goal as `goal list --json` lists it."""

    progress: int
    missing: list[str]  # the SMARTER parts the goal lacks
    phase: str
    author: str
    created_at: str


class GoalListed(GoalShown):
    """A goal as `goal list` lists it: whether it is overdue, when the list is made for a day."""

    overdue: NotRequired[bool]


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


class RevisionInJourney(TypedDict):
    """A goal's revision as the journey reports tell it: who, when (and in words), and what changed."""

    reason: str
    at: str
    on: str
    author: str
    changes: str  # `due: 2026-06-17 → 2027-01-14, title: … → …`


class GoalInJourney(_GoalId, GoalTerms):
    """A goal with its history, as the bridging-the-gap and final-reflection reports show it."""

    ended_on: str | None
    end_reason: str | None
    progress: int
    missing: list[str]
    due_in_words: str
    overdue: bool
    ended_in_words: str
    revisions: list[RevisionInJourney]
    progress_history: list[ProgressShown]


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


# --- the rules of the game ----------------------------------------------------------------------


class RuleShown(TypedDict):
    """A rule as `rule list --json` and `rule add --json` show it."""

    id: str
    short_id: str
    text: str
    kind: str
    days: int | None  # how many days before a session topics come (a rule of the kind `topics`)
    author: str
    deleted_at: str | None
    created_at: str


# --- the agreement's versions --------------------------------------------------------------------


class AgreementTerms(TypedDict):
    """The terms people write that code reads by name, in the order they fill them in
    (`fields/agreement.py`: FORM_ORDER), each of its declared kind (a test holds them to the
    declarations). A term added to the declarations is stored, checked, shown and printed without a
    line here; it gets one when code reads it by name."""

    period_start: str | None  # a day, ISO
    period_end: str | None
    meetings: int | None
    start_cadence: str | None
    start_meetings: int | None
    cadence: str | None
    length_minutes: int | None
    place: str | None
    link: str | None
    contact: str | None
    expect_mentor: str | None
    expect_mentee: str | None
    content_plan: str | None


class AgreementRow(Record, AgreementTerms):
    """A version as the store reads it (`fields/agreement.py`: AGREEMENT)."""

    version: int
    state: str
    proposed_at: str | None
    proposed_by: str | None
    approved_at: str | None
    approved_by: str | None


class AgreementEventRow(Record):
    agreement_id: str
    event: str
    changed: str | None  # the fields an edit changed, ", "-joined


class EventOfVersion(AgreementEventRow):
    version: int


class _VersionHead(TypedDict):
    version: int | None
    state: str | None
    id: str | None


class AgreementVersion(_VersionHead, AgreementTerms):
    """A version as scripts see it, in this order: every key null when there is none."""

    cadence_in_words: str | None
    proposed_at: str | None
    proposed_by: str | None
    approved_at: str | None
    approved_by: str | None
    created_at: str | None
    updated_at: str | None


class AgreementView(AgreementVersion):
    """`agreement show --json` (and `propose`, `approve`, `amend`): the latest version."""

    in_force_version: int | None
    officially_in_mentorship: bool


class AgreementEdited(AgreementView):
    """`agreement edit --json`: what the edit changed, whether it took a proposal back, who."""

    changed: list[str]
    reopened: bool
    by: str


class AgreementEventShown(TypedDict):
    order: int
    event: str
    by: str
    at: str
    changed: list[str]


class VersionInHistory(AgreementVersion):
    """One version in `agreement history --json`."""

    in_force: bool
    events: list[AgreementEventShown]


class AgreementInReport(AgreementView):
    """The agreement report's version: its table's rows (label, value) and its days in words."""

    rows: NotRequired[list[tuple[str, str]]]
    approved_on: NotRequired[str]
    proposed_on: NotRequired[str]


class VersionState(TypedDict):
    version: int
    state: str


# `from` is a keyword: these two are spelled as calls
Value = str | int | None
FieldChange = TypedDict("FieldChange", {"field": str, "label": str, "from": Value, "to": Value})
AgreementDiff = TypedDict(
    "AgreementDiff", {"from": VersionState, "to": VersionState, "changes": list[FieldChange]}
)
