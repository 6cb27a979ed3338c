"""What is new from the partner, in words, after `merge`, `sync` and `init --from`.

The merge hands over what it changed (store/merge/model.py: `Change`, `Conflict`, `Renumbered`);
this module says what that means for the owner of this journal, grouped, most urgent first, each
item with the exact command to run next: what waits for the owner ("3 sessions wait for your
confirmation: `mentorlog session confirm 4-6`"), then what the partner did ("Tomaž confirmed
session 4"). It never tells the owner to do the partner's part. The same items are the JSON of
`merge --json` (`news`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorlog.dates import from_stamp
from mentorlog.model import AgreementState, NoteKind, Role, SessionState
from mentorlog.services.journal import Journal
from mentorlog.store import records
from mentorlog.store import sessions as session_store
from mentorlog.store.merge import model as merge_model
from mentorlog.words import plural


@dataclass(frozen=True)
class Item:
    code: str  # stable, for scripts
    message: str  # a sentence for the owner, ending with the command to run, if any
    command: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "command": self.command}


def first_name(journal: Journal, role: Role | str) -> str:
    name = journal.pair.mentor if str(role) == Role.MENTOR else journal.pair.mentee
    return name.split()[0] if name.split() else str(role)


def numbers_text(numbers: Iterable[int]) -> str:
    """`4`, `4 6`, `4-6`, `2 4-6`: how `session confirm` takes them."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return " ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def when(row: dict[str, Any], now: datetime) -> str:
    moment = from_stamp(row["starts_at"]).astimezone(now.tzinfo)
    return f"{moment:%a} {moment.day} {moment:%b} {moment:%H:%M}"


def _quoted(text: Any, limit: int = 50) -> str:
    words = " ".join(str(text or "").split())
    return f"'{words if len(words) <= limit else words[: limit - 1] + '…'}'"


def whats_new(journal: Journal, result: merge_model.Result, sender_role: Role, now: datetime) -> list[Item]:
    """Every item the merge brought, for this journal's owner."""
    db = journal.db
    me, partner = journal.pair.me, sender_role
    name = first_name(journal, partner)
    by_table: dict[str, list[merge_model.Change]] = defaultdict(list)
    for change in result.changes:
        by_table[change.table].append(change)
    items: list[Item] = []
    items += _agreement(db, by_table["agreement"], me, name)
    items += _sessions(db, by_table["session"], me, partner, name, now)
    items += _renumbered(db, result.renumbered, name, journal.pair.journal_id, now)
    items += _renumbered_plan(result.renumbered_plan, name, journal.pair.journal_id)
    items += _topics_and_questions(db, by_table["topic"], by_table["note"], name)
    items += _actions(by_table["action"], me, partner, name)
    items += _feedback(db, by_table["feedback"], name)
    items += _pair(by_table["pair"], name)
    items += _goals(by_table["goal"], name)
    items += _in_my_name(result.for_me, name)
    in_my_name = {record_id for _, record_id in result.for_me}
    rest: dict[str, list[merge_model.Change]] = defaultdict(list)
    for table, changes in by_table.items():
        rest[table] = [c for c in changes if c.id not in in_my_name]
    items += _the_rest(rest, name)
    if result.more_changes:
        items.append(
            Item(
                "more",
                f"…and {plural(result.more_changes, 'more change')}: `mentorlog log`.",
                "mentorlog log",
            )
        )
    return items


def _row(db, table: str, record_id: str) -> dict[str, Any]:
    return records.get(db, table, record_id) or {}


def _agreement(db, changes: list[merge_model.Change], me: Role, name: str) -> list[Item]:
    items = []
    for change in changes:
        row = _row(db, "agreement", change.id)
        version, state = row.get("version"), row.get("state")
        state_changed = change.new or "state" in change.fields
        if state == AgreementState.PROPOSED and state_changed and me is Role.MENTOR:
            items.append(
                Item(
                    "agreement-proposed",
                    f"{name} proposed the agreement, version {version}: read it with "
                    "`mentorlog agreement show`, "
                    "then approve it with `mentorlog agreement approve`.",
                    "mentorlog agreement approve",
                )
            )
        elif state == AgreementState.APPROVED and state_changed:
            if me is Role.MENTOR and row.get("approved_by") == Role.MENTOR:
                items.append(
                    Item(
                        "agreement-approved",
                        f"{name} approved the agreement, version {version}, for you at their laptop; "
                        "it is in "
                        "force: `mentorlog agreement show`.",
                        "mentorlog agreement show",
                    )
                )
            else:
                items.append(
                    Item(
                        "agreement-approved",
                        f"{name} approved the agreement, version {version}; it is in force: "
                        "`mentorlog agreement show`.",
                        "mentorlog agreement show",
                    )
                )
        elif state == AgreementState.DRAFT and change.new:
            items.append(
                Item(
                    "agreement-amended",
                    f"{name} started version {version} of the agreement: see what changes with "
                    "`mentorlog agreement diff`.",
                    "mentorlog agreement diff",
                )
            )
        elif state == AgreementState.DRAFT and state_changed and me is Role.MENTEE:
            items.append(
                Item(
                    "agreement-returned",
                    f"{name} sent version {version} of the agreement back with changes: "
                    "`mentorlog agreement show`, "
                    "then propose it again with `mentorlog agreement propose`.",
                    "mentorlog agreement propose",
                )
            )
        elif not change.new:
            fields = ", ".join(f.replace("_", " ") for f in change.fields if f not in ("versions",))
            items.append(
                Item(
                    "agreement-changed",
                    f"{name} changed the agreement, version {version} ({fields}): "
                    "`mentorlog agreement show`.",
                    "mentorlog agreement show",
                )
            )
    return items


def _sessions(
    db, changes: list[merge_model.Change], me: Role, partner: Role, name: str, now: datetime
) -> list[Item]:
    waiting, confirmed, items = [], [], []
    for change in changes:
        row = _row(db, "session", change.id)
        if not row or row.get("deleted_at"):
            continue
        number, state = row["number"], row["state"]
        schedule = change.new or bool({"starts_at", "state"} & set(change.fields))
        if state == SessionState.PROPOSED and row["proposed_by"] == partner and schedule:
            if not change.new and "starts_at" in change.fields:
                items.append(
                    Item(
                        "session-moved",
                        f"{name} moved session {number} to {when(row, now)}: confirm it with "
                        f"`mentorlog session confirm {number}`.",
                        f"mentorlog session confirm {number}",
                    )
                )
            else:
                waiting.append(row)
        elif state == SessionState.CONFIRMED and "state" in change.fields and row["confirmed_by"] == partner:
            confirmed.append(row)
        elif state == SessionState.CANCELLED and "state" in change.fields:
            reason = f" ({row['cancel_reason']})" if row.get("cancel_reason") else ""
            items.append(
                Item(
                    "session-cancelled",
                    f"{name} cancelled session {number}{reason}: `mentorlog session list --all`.",
                    "mentorlog session list --all",
                )
            )
        elif state == SessionState.HELD and "state" in change.fields:
            given = session_store.has_feedback_from(db, row["id"], str(me))
            hint = "" if given else f": give your feedback with `mentorlog feedback {number} --rating 1-5`"
            items.append(
                Item(
                    "session-held",
                    f"{name} marked session {number} held{hint}.",
                    None if given else f"mentorlog feedback {number} --rating 5",
                )
            )
        elif not change.new and set(change.fields) & {"length_minutes", "place", "link", "mode", "kind"}:
            what = ", ".join(f.replace("_minutes", "").replace("_", " ") for f in change.fields)
            items.append(
                Item(
                    "session-changed",
                    f"{name} changed session {number} ({what}): `mentorlog session show {number}`.",
                    f"mentorlog session show {number}",
                )
            )
    if waiting:
        numbers = numbers_text(r["number"] for r in waiting)
        if len(waiting) == 1:
            message = f"Session {numbers} ({when(waiting[0], now)}) waits for your confirmation"
        else:
            message = f"{plural(len(waiting), 'session')} wait for your confirmation"
        items.insert(
            0,
            Item(
                "sessions-to-confirm",
                f"{message}: `mentorlog session confirm {numbers}`.",
                f"mentorlog session confirm {numbers}",
            ),
        )
    if len(confirmed) == 1:
        row = confirmed[0]
        items.append(
            Item("session-confirmed", f"{name} confirmed session {row['number']} ({when(row, now)}).", None)
        )
    elif confirmed:
        numbers = numbers_text(r["number"] for r in confirmed)
        items.append(Item("session-confirmed", f"{name} confirmed sessions {numbers}.", None))
    return items


def _renumbered(
    db, renumbered: list[merge_model.Renumbered], name: str, my_journal: str, now: datetime
) -> list[Item]:
    items = []
    for moved in renumbered:
        session = _row(db, "session", moved.session_id)
        mine = moved.numbered_by == my_journal
        whose, other = ("yours", f"{name}'s") if mine else (f"{name}'s", "yours")
        items.append(
            Item(
                "session-renumbered",
                f"You and {name} both planned a session {moved.old}; {other} keeps the number and {whose} "
                f"({when(session, now)}) is now session {moved.new}: `mentorlog session show {moved.new}`.",
                f"mentorlog session show {moved.new}",
            )
        )
    return items


def _renumbered_plan(renumbered: list[merge_model.Renumbered], name: str, my_journal: str) -> list[Item]:
    """A goal, outcome, option or action given the next free number (both made one at once)."""
    items = []
    for moved in renumbered:
        kind = moved.table
        whose, other = ("yours", f"{name}'s") if moved.numbered_by == my_journal else (f"{name}'s", "yours")
        items.append(
            Item(
                f"{kind}-renumbered",
                f"You and {name} both added a {kind} {moved.old}; {other} keeps the number and {whose} "
                f"is now {kind} {moved.new}: `mentorlog {kind} list`.",
                f"mentorlog {kind} list",
            )
        )
    return items


def _for_session(db, changes: list[merge_model.Change]) -> dict[int | None, int]:
    counts: dict[int | None, int] = defaultdict(int)
    for change in changes:
        session_id = change.after.get("session_id")
        session = _row(db, "session", session_id) if session_id else {}
        counts[session.get("number")] += 1
    return counts


def _topics_and_questions(
    db, topics: list[merge_model.Change], notes: list[merge_model.Change], name: str
) -> list[Item]:
    items = []
    new_topics = [
        c for c in topics if c.new and c.after.get("status") == "open" and not c.after.get("deleted_at")
    ]
    questions = [
        c
        for c in notes
        if c.new
        and c.after.get("kind") == NoteKind.QUESTION
        and not c.after.get("asked_at")
        and not c.after.get("deleted_at")
    ]
    for what, code, found in (
        ("topic", "topics-proposed", new_topics),
        ("question", "questions-parked", questions),
    ):
        verb = "proposed" if what == "topic" else "parked"
        for number, count in sorted(_for_session(db, found).items(), key=lambda kv: kv[0] or 0):
            target = f"session {number}" if number else "the next session"
            command = f"mentorlog agenda --session {number}" if number else "mentorlog agenda"
            items.append(
                Item(code, f"{name} {verb} {plural(count, what)} for {target}: `{command}`.", command)
            )
    return items


def _actions(changes: list[merge_model.Change], me: Role, partner: Role, name: str) -> list[Item]:
    items = []
    mine = [c for c in changes if c.new and c.after.get("owner") == me and not c.after.get("deleted_at")]
    for change in mine:
        due = f" (due {change.after['due']})" if change.after.get("due") else ""
        items.append(
            Item(
                "action-for-you",
                f"{name} added an action for you: {_quoted(change.after.get('text'))}{due}: "
                "`mentorlog action list --mine`.",
                "mentorlog action list --mine",
            )
        )
    done = [c for c in changes if not c.new and c.after.get("status") == "done"]
    if done:
        items.append(
            Item(
                "actions-done",
                f"{name} marked {plural(len(done), 'action')} done: `mentorlog action list --all`.",
                "mentorlog action list --all",
            )
        )
    return items


def _feedback(db, changes: list[merge_model.Change], name: str) -> list[Item]:
    items = []
    for change in changes:
        if not change.new:
            continue
        session = _row(db, "session", change.after.get("session_id") or "")
        number = session.get("number")
        items.append(
            Item(
                "feedback-given",
                f"{name} gave feedback on session {number}: `mentorlog session show {number}`.",
                f"mentorlog session show {number}",
            )
        )
    return items


def _pair(changes: list[merge_model.Change], name: str) -> list[Item]:
    items = []
    for change in changes:
        if change.new:
            continue  # the mentorship itself, when a journal starts from the partner's bundle
        if "current_phase" in change.fields:
            phase = change.after["current_phase"]
            items.append(
                Item(
                    "phase-moved",
                    f"{name} moved the mentorship to the {phase} phase: `mentorlog status`.",
                    "mentorlog status",
                )
            )
        if change.after.get("ended_on") and "ended_on" in change.fields:
            kind = "completed" if change.after.get("end_kind") == "completed" else "ended early"
            items.append(
                Item(
                    "mentorship-ended",
                    f"{name} officially ended the mentorship on "
                    f"{change.after['ended_on']} ({kind}): `mentorlog certificate`.",
                    "mentorlog certificate",
                )
            )
    return items


def _goals(changes: list[merge_model.Change], name: str) -> list[Item]:
    new = [c for c in changes if c.new and not c.after.get("deleted_at")]
    items = [
        Item(
            "goal-added",
            f"{name} added the goal {_quoted(c.after.get('title'))}: `mentorlog goal list`.",
            "mentorlog goal list",
        )
        for c in new
    ]
    for change in changes:
        if change.new:
            continue
        status = change.after.get("status")
        if status in ("achieved", "dropped") and "status" in change.fields:
            items.append(
                Item(
                    f"goal-{status}",
                    f"{name} marked a goal {status}: `mentorlog goal list --all`.",
                    "mentorlog goal list --all",
                )
            )
        elif set(change.fields) - {"status", "ended_on", "end_reason", "deleted_at"}:
            what = ", ".join(f.replace("_", " ") for f in change.fields)
            items.append(
                Item(
                    "goal-revised",
                    f"{name} changed a goal ({what}): `mentorlog goal list --all`.",
                    "mentorlog goal list --all",
                )
            )
    return items


REST = {
    "rule": ("rule of the game", "rules of the game", "mentorlog rule list"),
    "vision": ("vision", "visions", "mentorlog vision"),
    "assessment": ("assessment", "assessments", "mentorlog assess show"),
    "outcome": ("outcome", "outcomes", "mentorlog outcome list"),
    "option": ("option", "options", "mentorlog option list"),
    "reflection": ("reflection answer", "reflection answers", "mentorlog report final-reflection"),
    "goal_progress": ("progress step", "progress steps", "mentorlog goal list"),
}


IN_MY_NAME = {"note": ("note", "notes"), "topic": ("topic", "topics"), "feedback": ("feedback", "feedback")}


def _in_my_name(found: list[tuple[str, str]], name: str) -> list[Item]:
    """Records in the owner's name that the partner's journal made (`--as` at their laptop): said
    as the partner's doing, never as the owner's own."""
    if not found:
        return []
    counts: dict[str, int] = defaultdict(int)
    for table, _ in found:
        counts[table] += 1
    what = ", ".join(
        plural(n, *IN_MY_NAME.get(t, (t.replace("_", " "), t.replace("_", " ") + "s")))
        for t, n in counts.items()
    )
    return [
        Item(
            "written-in-your-name",
            f"{name} wrote {what} in your name at {name}'s laptop (`--as`): `mentorlog log` marks it.",
            "mentorlog log",
        )
    ]


def _the_rest(by_table: dict[str, list[merge_model.Change]], name: str) -> list[Item]:
    items = []
    for table, (one, many, command) in REST.items():
        new = [c for c in by_table[table] if c.new and not c.after.get("deleted_at")]
        if new:
            words = plural(len(new), one, many)
            items.append(
                Item(f"{table.replace('_', '-')}-added", f"{name} added {words}: `{command}`.", command)
            )
    notes = [
        c
        for c in by_table["note"]
        if c.new and c.after.get("kind") != NoteKind.QUESTION and not c.after.get("deleted_at")
    ]
    if notes:
        items.append(
            Item(
                "notes-shared",
                f"{name} shared {plural(len(notes), 'entry')}: `mentorlog log`.",
                "mentorlog log",
            )
        )
    removed = sum(
        1
        for changes in by_table.values()
        for c in changes
        if "deleted_at" in c.fields and c.after.get("deleted_at")
    )
    if removed:
        items.append(Item("removed", f"{name} removed {plural(removed, 'entry')}.", None))
    return items
