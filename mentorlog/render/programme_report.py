"""The coordinator's report (`programme report`): the dashboard's figures laid out for reading and
printing. Pure functions: `programme status`'s data in, the template's context and the charts out.

Each chart is inline SVG (no script, nothing fetched) in a figure with a caption, with a scale
drawn as numbered grid lines; every bar carries its number as text beside it, so the chart can be
read without measuring, and a program can read it back (each bar's row is a `<g>` with a
`data-label`, its bars `rect`s with a `data-value`). The same numbers stand in the report's tables,
which is all the Markdown form has.
"""

from __future__ import annotations

import math
from typing import Any

from mentorlog.render.escape import html_text

LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, TOP = 210, 300, 30, 8
LABEL_CHARS = 32  # a longer label is cut, with an ellipsis, to stay left of the bars
COLOURS = ("#b8c9d6", "#2a6f97")


def _pair_name(pair: dict[str, Any]) -> str:
    return f"{pair['mentor']} & {pair['mentee']}"


def context(data: dict[str, Any], title: str) -> dict[str, Any]:
    """What the template `programme-report.md.j2` shows: the status, with each list of pairs given
    as the pairs themselves (in the order of the pairs)."""
    by_id = {p["pair"]: {**p, "name": _pair_name(p)} for p in data["pairs"]}
    return {
        **data,
        "title": title,
        "pairs": list(by_id.values()),
        **{
            key: [by_id[i] for i in data[key]]
            for key in ("not_approved", "inactive", "quarter_due", "silent", "ended")
        },  # fmt: skip
        "ongoing": sum(1 for p in data["pairs"] if p["ended_on"] is None),
        "rated": [p for p in by_id.values() if p["feedback_average"] is not None],
    }


def _step(most: float) -> int:
    """A step for the scale's grid lines: 1, 2, 5, 10, 20, 50 … so that there are at most 10."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if most <= 10 * step * magnitude:
                return step * magnitude
        magnitude *= 10


def _scale_top(most: float) -> int:
    step = _step(most)
    return max(step, math.ceil(most / step) * step)


def bars(
    name: str,
    rows: list[tuple[str, list[float | None]]],
    series: tuple[str, ...],
    aria: str,
    caption: str,
    top: float | None = None,
) -> str:
    """Horizontal bars, one group per row (a label and one bar per series), on a scale from 0 to
    `top` (default: a round number at or above the largest value), in a figure with a caption."""
    values = [v for _, row in rows for v in row if v is not None]
    scale = top if top is not None else _scale_top(max(values, default=0))
    step = _step(scale) if top is None else 1
    per_bar = 12
    row_height = max(ROW_HEIGHT, per_bar * len(series) + 8)
    axis_y = TOP + row_height * len(rows) + 4
    height = axis_y + (44 if len(series) > 1 else 24)
    width = LABEL_WIDTH + BAR_WIDTH + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html_text(aria)}" '
        f'data-chart="{name}" data-scale="{scale:g}" data-bar-width="{BAR_WIDTH}" '
        'font-family="sans-serif" font-size="12">'
    ]
    tick = 0.0
    while tick <= scale + 1e-9:  # the scale: a light line and its number at every step
        x = LABEL_WIDTH + BAR_WIDTH * tick / scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{axis_y}" stroke="#ddd" stroke-width="1"/>'
            f'<text class="tick" x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle">{tick:g}</text>'
        )
        tick += step
    for i, (label, row) in enumerate(rows):
        y = TOP + i * row_height
        shown_label = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<g data-label="{html_text(label)}"><text x="0" y="{y + 14}">{html_text(shown_label)}</text>'
        )
        for j, value in enumerate(row):
            bar = BAR_WIDTH * (value or 0) / scale
            shown = "—" if value is None else f"{value:g}"
            parts.append(
                f'<rect data-series="{series[j]}" data-value="{"" if value is None else f"{value:g}"}" '
                f'x="{LABEL_WIDTH}" y="{y + j * per_bar}" width="{bar:.2f}" height="10" '
                f'fill="{COLOURS[(j + 2 - len(series)) % 2]}"/>'
                f'<text class="value" x="{LABEL_WIDTH + bar + 4:.1f}" '
                f'y="{y + j * per_bar + 9}">{shown}</text>'
            )
        parts.append("</g>")
    if len(series) > 1:
        legend_y = height - 6
        for j, label in enumerate(series):
            x = LABEL_WIDTH + j * 90
            parts.append(
                f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{COLOURS[j % 2]}"/>'
                f'<text x="{x + 14}" y="{legend_y}">{html_text(label)}</text>'
            )
    parts.append("</svg>")
    return f'<figure class="chart">{"".join(parts)}<figcaption>{html_text(caption)}</figcaption></figure>'


def charts(data: dict[str, Any]) -> dict[str, str]:
    """The report's figures by name (the template marks where each goes): the cohort by phase,
    sessions held against agreed per pair, and the feedback average per month where shared."""
    drawn = {
        "phases": bars(
            "phases",
            [(item["phase"], [item["pairs"]]) for item in data["by_phase"]],
            ("pairs",),
            "Ongoing pairs in each phase",
            "Ongoing pairs in each phase of the mentorship (ended pairs are not counted); the scale "
            "counts pairs.",
        )
    }
    if data["pairs"]:
        drawn["sessions"] = bars(
            "sessions",
            [(_pair_name(p), [p["sessions_agreed"], p["sessions_held"]]) for p in data["pairs"]],
            ("agreed", "held"),
            "Sessions agreed and held per pair",
            "Sessions agreed (light) and held (dark) by each pair, from its newest summary; the scale "
            "counts sessions; — means no number of meetings was agreed.",
        )
    if data["feedback"]["by_month"]:
        drawn["feedback"] = bars(
            "feedback",
            [(item["month"], [item["average"]]) for item in data["feedback"]["by_month"]],
            ("average",),
            "Average feedback rating per month, on a scale of 0 to 5",
            "The average of the feedback ratings shared for the sessions of each month, on the 1–5 "
            "scale of the feedback (only the people who turned programme share-ratings on share theirs).",
            top=5,
        )
    return drawn
