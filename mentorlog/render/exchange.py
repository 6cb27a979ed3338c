"""How a merge reads to a person: what came, what is new for them, what changed on both sides."""

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
        lines.extend(f"  • {conflict['message']}" for conflict in report["conflicts"])
    return lines
