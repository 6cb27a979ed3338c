"""Terminal views of the process records: agreement, rules, goals, the map, the plan."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mentorlog.render.terminal import bar, kv_table

AGREEMENT_LABELS = (
    ("period_start", "Start"),
    ("period_end", "End"),
    ("meetings", "Meetings"),
    ("cadence", "Cadence"),
    ("length_minutes", "Session length (min)"),
    ("place", "Place"),
    ("contact", "Contact between sessions"),
    ("expect_mentor", "Expected of the mentor"),
    ("expect_mentee", "Expected of the mentee"),
    ("content_plan", "Content plan"),
)


def agreement_view(data: dict) -> Group:
    head = Text(f"Agreement, version {data['version']}: ", style="bold")
    head.append(data["state"], style="green" if data["state"] == "approved" else "yellow")
    if data.get("in_force_version") and data["in_force_version"] != data["version"]:
        head.append(f"  (version {data['in_force_version']} stays in force until this one is approved)")
    rows = [(label, data.get(key)) for key, label in AGREEMENT_LABELS]
    return Group(head, kv_table(rows))


def agreement_history(versions: list[dict]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("version", "state", "proposed", "approved", "in force"):
        table.add_column(column)
    for v in versions:
        table.add_row(
            str(v["version"]),
            v["state"],
            f"{v['proposed_by']} {v['proposed_at'][:10]}" if v["proposed_at"] else "",
            f"{v['approved_by']} {v['approved_at'][:10]}" if v["approved_at"] else "",
            "yes" if v["in_force"] else "",
        )
    return table


def rules_table(rules: list[dict]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("id", "kind", "rule"):
        table.add_column(column)
    for rule in rules:
        text = Text(rule["text"])
        if rule["deleted_at"]:
            text.append("  (removed)", style="dim")
        table.add_row(rule["short_id"], rule["kind"], text)
    return table


def goals_table(goals: list[dict]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("goal", ratio=3, min_width=24)
    table.add_column("progress", no_wrap=True)
    table.add_column("due", no_wrap=True)
    table.add_column("status")
    table.add_column("SMARTER", ratio=1, max_width=28)
    for goal in goals:
        smart = (
            Text("ok", style="green")
            if not goal["missing"]
            else Text(
                "lacks " + ", ".join(goal["missing"]), style="yellow", overflow="ellipsis", no_wrap=True
            )
        )
        table.add_row(
            goal["short_id"],
            Text(goal["title"]),
            bar(goal["progress"]),
            goal["due"] or "",
            goal["status"],
            smart,
        )
    return table


def goal_view(goal: dict) -> Group:
    parts: list = [Text(goal["title"], style="bold")]
    rows = [
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
        for r in goal["revisions"]:
            line = Text(f"{r['at'][:10]}  ")
            line.append(
                ", ".join(f"{k}: {r['before'].get(k) or '—'} → {v or '—'}" for k, v in r["after"].items())
            )
            line.append("  because: ", style="dim")
            line.append(r["reason"])
            parts.append(line)
    if goal.get("progress_history"):
        parts.append(Text("Progress", style="bold"))
        for p in goal["progress_history"]:
            line = Text(f"{p['at'][:10]}  {p['percent']:>3}%  ")
            line.append(p["note"] or "")
            parts.append(line)
    return Group(*parts)


def goal_check(report: list[dict]) -> Group:
    parts: list = []
    for goal in report:
        head = Text(f"{goal['short_id']}  ", style="bold")
        head.append(goal["title"], style="bold")
        parts.append(head)
        for criterion in goal["met"]:
            parts.append(Text(f"  ✓ {criterion}", style="green"))
        for item in goal["missing"]:
            line = Text(f"  ✗ {item['criterion']}", style="yellow")
            line.append(f" — {item['advice']}:")
            parts.append(line)
            parts.append(Text(f"      {item['fix']}"))
        parts.append(Text("  Ask each other:", style="dim"))
        for q in goal["questions"]:
            parts.append(Text(f"  ? {q['criterion']}: {q['question']}", style="dim"))
        parts.append(Text(""))
    return Group(*parts)


def assessment_view(data: dict) -> Group:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("area", "rating", "where the mentee stands", "when"):
        table.add_column(column)
    for area in data["areas"]:
        entries = area["entries"]
        if not entries:
            table.add_row(area["title"], "", Text("not mapped yet", style="dim"), "")
            continue
        for i, entry in enumerate(entries):
            label = area["title"] if i == 0 else ""
            if i:
                label = "  again" if i < len(entries) else label
            rating = "★" * entry["rating"] if entry["rating"] else ""
            table.add_row(label, rating, Text(entry["text"]), entry["created_at"][:10])
    parts: list = [table]
    if data["unmapped"]:
        parts.append(Text(f"Still to map: {', '.join(data['unmapped'])}", style="yellow"))
    return Group(*parts)


def outcomes_table(rows: list[dict]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("id", "outcome", "by", "goal"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["short_id"], Text(row["text"]), row["by"], row["goal_short"] or "")
    return table


def options_table(rows: list[dict]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("id", "option", "feasibility", "chosen"):
        table.add_column(column)
    for row in rows:
        feas = "★" * row["feasibility"] if row["feasibility"] else ""
        table.add_row(
            row["short_id"],
            Text(row["text"]),
            feas,
            f"→ action {row['action_short']}" if row["chosen"] else "",
        )
    return table


def actions_table(rows: list[dict]) -> Table:
    table = Table(box=None, padding=(0, 2), header_style="bold")
    for column in ("id", "action", "owner", "due", "status"):
        table.add_column(column)
    for row in rows:
        due = Text(row["due"] or "", style="red bold" if row["overdue"] else "")
        if row["overdue"]:
            due.append(" overdue", style="red")
        table.add_row(row["short_id"], Text(row["text"]), row["owner"], due, row["status"])
    return table
