"""What is new from the partner, in words, after `merge`, `sync` and `init --from`.

The merge hands over what it changed (store/merge/model.py: `Change`, `Conflict`, `Renumbered`);
this module says what that means for the owner of this journal, grouped, most urgent first, each
item with the exact command to run next: what waits for the owner ("3 sessions wait for your
confirmation: `mentorlog session confirm 4-6`"), then what the partner did ("Tomaž confirmed
session 4"). It never tells the owner to do the partner's part. The same items are the JSON of
`merge --json` (`news`). What it says of sessions, topics and feedback is exchange/news_sessions.py.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from mentorlog.exchange.news_items import Item, first_name, numbers_text, quoted, row_of
from mentorlog.exchange.news_sessions import (
    feedback_items,
    renumbered_items,
    renumbered_plan_items,
    session_items,
    topic_and_question_items,
)
from mentorlog.journal.journal import Journal
from mentorlog.model import AgreementState, NoteKind, Role
from mentorlog.store.db import Db
from mentorlog.store.merge import model as merge_model
from mentorlog.words import plural

__all__ = ["Item", "first_name", "numbers_text", "whats_new"]  # the items' pieces: exchange/news_items.py


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
    items += session_items(db, by_table["session"], me, partner, name, now)
    items += renumbered_items(db, result.renumbered, name, journal.pair.journal_id, now)
    items += renumbered_plan_items(result.renumbered_plan, name, journal.pair.journal_id)
    items += topic_and_question_items(db, by_table["topic"], by_table["note"], name)
    items += _actions(by_table["action"], me, partner, name)
    items += feedback_items(db, by_table["feedback"], name)
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


def _agreement(db: Db, changes: list[merge_model.Change], me: Role, name: str) -> list[Item]:
    items = []
    for change in changes:
        row = row_of(db, "agreement", change.id)
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


def _actions(changes: list[merge_model.Change], me: Role, partner: Role, name: str) -> list[Item]:
    items = []
    mine = [c for c in changes if c.new and c.after.get("owner") == me and not c.after.get("deleted_at")]
    for change in mine:
        due = f" (due {change.after['due']})" if change.after.get("due") else ""
        items.append(
            Item(
                "action-for-you",
                f"{name} added an action for you: {quoted(change.after.get('text'))}{due}: "
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
            f"{name} added the goal {quoted(c.after.get('title'))}: `mentorlog goal list`.",
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
