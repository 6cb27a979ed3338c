"""How a merge reads to a person: what came, what is new for them, what changed on both sides.

A merge's report (services/merge_report.py) carries each conflict as facts; the sentence is made
here, for the terminal (`merge_lines`) and for `--json` (`worded`, the conflict's `message`)."""

from __future__ import annotations

from typing import Any

from mentorlog.words import plural


def merge_lines(report: dict[str, Any], *, heading: bool = True) -> list[str]:
    """The lines `merge`, `sync` and `init --from` print after taking in a partner's bundle."""
    name = report["from_name"]
    lines = []
    if heading:
        if report["added"] or report["updated"]:
            counts = [plural(report["added"], "new record"), plural(report["updated"], "changed record")]
            lines.append(f"Merged {name}'s bundle: {' and '.join(counts)}.")
        else:
            count = report["unchanged"]
            held = "its one record is" if count == 1 else f"all {count} records are"
            lines.append(f"Nothing new from {name}: {held} already here.")
    if report["news"]:
        lines.append(f"What's new from {name}:")
        lines.extend(f"  • {item['message']}" for item in report["news"])
    if report["kept_private"]:
        lines.append(
            f"  • {plural(report['kept_private'], 'entry')} you made private again stayed as "
            f"{'it is' if report['kept_private'] == 1 else 'they are'} here ({name} still has "
            f"{'it' if report['kept_private'] == 1 else 'them'})."
        )
    if report["conflicts"]:
        lines.append("Changed on both sides (the later change was kept):")
        lines.extend(f"  • {conflict_message(conflict, name)}" for conflict in report["conflicts"])
    return lines


def worded(report: dict[str, Any]) -> dict[str, Any]:
    """The report as `--json` gives it: each conflict with its sentence (`message`), its facts
    for wording left out. A refusal (`{"file", "refused"}`) is as it was."""
    if "conflicts" not in report:
        return report
    name = report["from_name"]
    conflicts = [
        {
            **{key: conflict[key] for key in ("table", "id", "field", "mine", "theirs", "winner")},
            "message": conflict_message(conflict, name),
        }
        for conflict in report["conflicts"]
    ]
    return {**report, "conflicts": conflicts}


def conflict_message(conflict: dict[str, Any], name: str) -> str:
    """goal 'Funding', title: your 'Find funding' was replaced by Maja's later 'Funding'."""
    what = f"{record_label(conflict['record'])}, {conflict['field_words']}"
    mine, theirs = _shown(conflict["mine"]), _shown(conflict["theirs"])
    if conflict["winner"] == "theirs":
        return f"{what}: your {mine} was replaced by {name}'s later {theirs}."
    return f"{what}: {name}'s {theirs} was replaced by your later {mine}."


def record_label(record: dict[str, Any]) -> str:
    """A record as a person names it: goal 'Funding', the agreement (version 2), session 3, …."""
    table = record["table"]
    if table == "pair":
        return "the mentorship"
    if table == "agreement":
        return f"the agreement (version {record['version']})"
    if table == "session":
        return f"session {record['number']}"
    if table == "goal":
        return f"goal {_shown(record['title'])}"
    text = record["text"]
    kind = record["kind"] if table == "note" else table.replace("_", " ")
    return f"{kind} {_shown(text)}" if text else str(kind)


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    text = str(value).replace("\n", " ")
    return repr(text if len(text) <= 60 else text[:59] + "…")
