"""Terminal views of the process records: agreement, rules, goals, the map, the plan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mentorlog import fields as schema
from mentorlog.model import AgreementState, Role
from mentorlog.render.terminal import Fit, bar, bullets, kv_table, plain, whole

if TYPE_CHECKING:
    from mentorlog.rows.process import (
        AgreementDiff,
        AgreementEdited,
        AgreementEventShown,
        AgreementView,
        GoalCheck,
        GoalDetail,
        GoalShown,
        RuleShown,
        VersionInHistory,
    )

# (key, label) of each row of the agreement's view: the terms declared with a label for it
AGREEMENT_LABELS = tuple(
    (spec.form.shown_as or spec.name, spec.form.view)
    for spec in schema.form_fields("agreement")
    if spec.form is not None and spec.form.view
)
EVENT_WORDS = {
    "drafted": "started as a draft",
    "proposed": "proposed",
    "approved": "approved",
}


STATE_WORDS: dict[str | None, str] = {
    AgreementState.PROPOSED: "a proposal",
    AgreementState.APPROVED: "approved",
}  # else "a draft"


def edit_words(data: AgreementEdited, mentee: str) -> str:
    """What an agreement edit did (`agreement edit`'s record, `changed`, `reopened`, `by`) and what
    comes next, said to the person at the keyboard; `mentee` is the mentee's name."""
    first = mentee.split()[0] if mentee.split() else "the mentee"
    version, mentor_wrote = data["version"], data["by"] == Role.MENTOR
    if not data["changed"]:
        return f"Nothing changed: version {version} is still {STATE_WORDS.get(data['state'], 'a draft')}."
    if data["reopened"]:
        what = ", ".join(schema.field("agreement", name).words for name in data["changed"])
        if mentor_wrote:
            return (
                f"Your changes ({what}) send version {version} back to {first} as a draft: "
                f"{first} proposes it again, then you approve it."
            )
        return (
            f"Version {version} is a draft again after your changes ({what}); propose it again when it "
            "is ready: `mentorlog agreement propose`."
        )
    if mentor_wrote:
        return f"Agreement version {version} is a draft; {first} proposes it when it is ready."
    return (
        f"Agreement version {version} is a draft; propose it when it is ready: `mentorlog agreement propose`."
    )


def agreement_view(data: AgreementView) -> Group:
    assert data["state"] is not None, "shown only when there is a version"
    head = Text(f"Agreement, version {data['version']}: ", style="bold")
    head.append(data["state"], style="green" if data["state"] == "approved" else "yellow")
    if data.get("in_force_version") and data["in_force_version"] != data["version"]:
        head.append(f"  (version {data['in_force_version']} stays in force until this one is approved)")
    terms: Mapping[str, Any] = data  # the declared labels, read by name
    rows = [(label, terms.get(key)) for key, label in AGREEMENT_LABELS]
    return Group(head, kv_table(rows))


def event_words(event: AgreementEventShown) -> str:
    """`proposed by the mentee`, `sent back to the mentee by the mentor (changed: cadence)`."""
    if event["event"] == "reopened":
        labels = [
            schema.field("agreement", n).words if n in schema.TABLES["agreement"] else n
            for n in event["changed"]
        ]
        what = f" (changed: {', '.join(labels)})" if labels else ""
        if event["by"] == "mentor":
            return f"sent back to the mentee by the mentor{what}"
        return f"taken back to draft by the mentee{what}"
    return f"{EVENT_WORDS.get(event['event'], event['event'])} by the {event['by']}"


def agreement_history(versions: list[VersionInHistory]) -> Group:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("version", "state", "proposed", "approved", "in force"):
        table.add_column(column)
    changes = []  # in the order the service gives them (the journal's clock), not by wall time
    for v in versions:
        table.add_row(
            whole(v["version"]),
            plain(v["state"]),
            plain(f"{v['proposed_by']} {v['proposed_at'][:10]}" if v["proposed_at"] else ""),
            plain(f"{v['approved_by']} {v['approved_at'][:10]}" if v["approved_at"] else ""),
            plain("yes" if v["in_force"] else ""),
        )
        for event in v.get("events", []):
            changes.append((event["order"], event["at"], v["version"], event))
    parts: list[Any] = [table]
    if changes:
        parts.append(Text("\nEvery change of state", style="bold"))
        rows = [
            (whole(f"{_local(at)}  version {number}"), plain(event_words(event)))
            for _, at, number, event in sorted(changes, key=lambda item: item[0])
        ]
        parts.append(bullets(rows, indent=2))
    return Group(*parts)


def _local(stamp: str) -> str:
    """A UTC stamp as a local time: `Sat 2026-11-21 14:30`."""
    from mentorlog.dates import from_stamp

    return f"{from_stamp(stamp).astimezone():%a %Y-%m-%d %H:%M}"


def agreement_diff(data: AgreementDiff) -> Group:
    old, new = data["from"], data["to"]
    head = Text(
        f"Version {old['version']} ({old['state']}) → version {new['version']} ({new['state']})", style="bold"
    )
    if not data["changes"]:
        return Group(head, plain("The two versions agree on every field."))
    table = Table(box=None, padding=(0, 2), header_style="bold")
    table.add_column("field", no_wrap=True)
    table.add_column(f"version {old['version']}")
    table.add_column(f"version {new['version']}")
    for change in data["changes"]:
        table.add_row(
            plain(change["label"][:1].upper() + change["label"][1:]),
            plain("—" if change["from"] is None else change["from"]),
            plain("—" if change["to"] is None else change["to"]),
        )
    return Group(head, table)


def rules_table(rules: list[RuleShown]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("rule")
    for rule in rules:
        text = plain(rule["text"])
        if rule["deleted_at"]:
            text.append("  (removed)", style="dim")
        table.add_row(whole(rule["short_id"]), plain(rule["kind"]), text)
    return table


def goals_table(goals: list[GoalShown]) -> Fit:
    """Every column when they fit; in a narrow terminal, each goal's progress, due date, status
    and SMARTER check on lines of their own under its title."""
    wide = Table(box=None, padding=(0, 2), header_style="bold")
    wide.add_column("#", no_wrap=True, justify="right")
    wide.add_column("id", no_wrap=True)
    wide.add_column("goal")
    wide.add_column("progress", no_wrap=True)
    wide.add_column("due", no_wrap=True)
    wide.add_column("status", no_wrap=True)
    wide.add_column("SMARTER")
    narrow = Table(box=None, padding=(0, 1), header_style="bold")
    narrow.add_column("#", no_wrap=True, justify="right")
    narrow.add_column("id", no_wrap=True)
    narrow.add_column("goal")
    for goal in goals:
        smart = (
            Text("ok", style="green")
            if not goal["missing"]
            else plain("lacks " + ", ".join(goal["missing"]), style="yellow")
        )
        wide.add_row(
            whole(goal["number"]),
            whole(goal["short_id"]),
            plain(goal["title"]),
            bar(goal["progress"]),
            _due(goal),
            whole(goal["status"]),
            smart,
        )
        details = plain(goal["title"], style="bold")
        details.append("\n")
        details.append(bar(goal["progress"]))
        details.append(plain("  due "))
        details.append(_due(goal))
        details.append(plain(f" · {goal['status']}\n"))
        details.append(Text("SMARTER: ", style="dim"))
        details.append(smart)
        narrow.add_row(whole(goal["number"]), whole(goal["short_id"]), details)
    return Fit(wide, narrow)


def _due(goal: GoalShown) -> Text:
    """A goal's due date, marked when it has passed and the goal is still active."""
    due = whole(goal["due"] or "—", style="red bold" if goal.get("overdue") else "")
    if goal.get("overdue"):
        due.append(" overdue", style="red")
    return due


def goal_view(goal: GoalDetail) -> Group:
    parts: list[Any] = [plain(goal["title"], style="bold")]
    rows = [
        ("number", str(goal["number"])),
        ("id", goal["short_id"]),
        ("status", goal["status"]),
        ("progress", bar(goal["progress"])),
        ("measure", goal["measure"]),
        ("due", goal["due"]),
        ("why", goal["why"]),
        ("term", goal["term"]),
    ]
    if goal.get("end_reason"):
        rows.append(("reason", goal["end_reason"]))
    parts.append(kv_table(rows))
    if goal.get("revisions"):
        parts.append(Text("Revisions", style="bold"))
        revised: list[tuple[str | Text, Text]] = []
        for r in goal["revisions"]:
            line = plain(
                ", ".join(f"{k}: {r['before'].get(k) or '—'} → {v or '—'}" for k, v in r["after"].items())
            )
            line.append("  because: ", style="dim")
            line.append(plain(r["reason"]))
            revised.append((r["at"][:10], line))
        parts.append(bullets(revised, indent=0))
    if goal.get("progress_history"):
        parts.append(Text("Progress", style="bold"))
        parts.append(
            bullets(
                [
                    (f"{p['at'][:10]}  {p['percent']:>3}%", plain(p["note"] or ""))
                    for p in goal["progress_history"]
                ],
                indent=0,
            )
        )
    return Group(*parts)


def goal_check(report: list[GoalCheck]) -> Group:
    parts: list[Any] = []
    for goal in report:
        head = Text(f"{goal['number']}  ", style="bold")
        head.append(plain(goal["title"], style="bold"))
        parts.append(head)
        rows: list[Any] = [(Text("✓", style="green"), plain(c, style="green")) for c in goal["met"]]
        for item in goal["missing"]:
            line = plain(item["criterion"], style="yellow")
            line.append(plain(f" — {item['advice']}:\n{item['fix']}"))
            rows.append((Text("✗", style="yellow"), line))
        parts.append(bullets(rows))
        parts.append(Text("  Ask each other:", style="dim"))
        parts.append(
            bullets(
                [("?", plain(f"{q['criterion']}: {q['question']}", style="dim")) for q in goal["questions"]]
            )
        )
        parts.append(Text(""))
    return Group(*parts)


def assessment_view(data: dict[str, Any]) -> Group:
    """The mentee's own assessments per area (the first, then each re-assessment), and the mentor's
    view of the area on rows of its own, never mixed in; in a narrow terminal each text on lines
    of its own under its area, rating and day."""
    wide = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("area", "rating", "where the mentee stands", "when"):
        wide.add_column(column)
    narrow = Table(box=None, padding=(0, 1), header_style="bold")
    narrow.add_column("area, rating, when: where the mentee stands")
    for area in data["areas"]:
        own = [e for e in area["entries"] if e["author"] == "mentee"]
        mentor = [e for e in area["entries"] if e["author"] == "mentor"]
        if not own:
            wide.add_row(plain(area["title"]), "", Text("not mapped yet", style="dim"), "")
            line = plain(area["title"])
            line.append("  not mapped yet", style="dim")
            narrow.add_row(line)
        rows = [(area["title"] if i == 0 else "  again", e) for i, e in enumerate(own)]
        rows += [("  mentor's view", e) for e in mentor]
        for label, entry in rows:
            rating = "★" * entry["rating"] if entry["rating"] else ""
            style = "dim" if entry["author"] == "mentor" else ""
            wide.add_row(
                plain(label, style=style),
                rating,
                plain(entry["text"], style=style),
                whole(entry["created_at"][:10]),
            )
            details = plain(label, style=style)
            details.append(
                f"  {rating}  {entry['created_at'][:10]}\n" if rating else f"  {entry['created_at'][:10]}\n"
            )
            details.append(plain(entry["text"], style=style))
            narrow.add_row(details)
    parts: list[Any] = [Fit(wide, narrow)]
    if data["unmapped"]:
        parts.append(plain(f"Still to map: {', '.join(data['unmapped'])}", style="yellow"))
    return Group(*parts)


def _listed(columns: tuple[str, ...], rows: list[tuple[dict[str, Any], Text, list[Text]]]) -> Fit:
    """A list of numbered entries: every column when each keeps its words whole, else each entry's
    text with its details on a line of its own under it (no word is broken at 60 columns)."""
    wide = Table(box=None, padding=(0, 2), header_style="bold")
    wide.add_column("#", no_wrap=True, justify="right")
    wide.add_column("id", no_wrap=True)
    for column in columns:
        wide.add_column(column)
    narrow = Table(box=None, padding=(0, 1), header_style="bold")
    narrow.add_column("#", no_wrap=True, justify="right")
    narrow.add_column("id", no_wrap=True)
    narrow.add_column(columns[0])
    for row, text, details in rows:
        number, short = whole(row["number"]), whole(row["short_id"])
        wide.add_row(number, short, text, *details)
        below = text.copy()
        shown = [d for d in details if d.plain]
        if shown:
            below.append("\n")
            below.append(Text(" · ").join(shown))
        narrow.add_row(number, short, below)
    return Fit(wide, narrow)


def outcomes_table(rows: list[dict[str, Any]]) -> Fit:
    return _listed(
        ("outcome", "by", "goal"),
        [
            (
                row,
                plain(row["text"]),
                [whole(row["by"]), whole(f"goal {row['goal_number']}" if row["goal_number"] else "")],
            )
            for row in rows
        ],
    )


def options_table(rows: list[dict[str, Any]]) -> Fit:
    return _listed(
        ("option", "feasibility", "chosen"),
        [
            (
                row,
                plain(row["text"]),
                [
                    whole("★" * row["feasibility"] if row["feasibility"] else ""),
                    whole(f"→ action {row['action_number']}" if row["chosen"] else ""),
                ],
            )
            for row in rows
        ],
    )


def actions_table(rows: list[dict[str, Any]]) -> Fit:
    listed = []
    for row in rows:
        due = whole(row["due"] or "", style="red bold" if row["overdue"] else "")
        if row["overdue"]:
            due.append(" overdue", style="red")
        listed.append((row, plain(row["text"]), [whole(row["owner"]), due, whole(row["status"])]))
    return _listed(("action", "owner", "due", "status"), listed)
