"""A printable, self-contained HTML page from the same Markdown (markdown-it-py).

Raw HTML in the Markdown is not passed through (`html=False`), so anything a person typed is
escaped; the only markup mentorlog adds itself is the inline SVG chart, put in place of a marker
paragraph after rendering.
"""

from __future__ import annotations

from html import escape

CHART_MARKER = "<p>MENTORLOG-CHART</p>"

CSS = """
body { font: 11pt/1.5 Georgia, 'Times New Roman', serif; color: #222; max-width: 46em; margin: 2em auto;
       padding: 0 1em; }
h1 { font-size: 1.7em; border-bottom: 2px solid #2a6f97; padding-bottom: .2em; }
h2 { font-size: 1.25em; color: #2a6f97; margin-top: 1.6em; }
h3 { font-size: 1.05em; }
table { border-collapse: collapse; width: 100%; margin: .8em 0; font-size: .95em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #eef4f8; }
blockquote { border-left: 3px solid #2a6f97; margin-left: 0; padding-left: 1em; color: #444; }
code { font-size: .9em; background: #f3f3f3; padding: 0 .2em; }
svg { display: block; margin: 1em 0; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


def to_html(markdown_text: str, title: str, chart: list[dict] | None = None) -> str:
    from markdown_it import MarkdownIt

    body = (
        MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").render(markdown_text)
    )
    body = body.replace("&lt;br&gt;", "<br>")  # line breaks inside table cells (the `cell` filter)
    if CHART_MARKER in body:
        body = body.replace(CHART_MARKER, bar_chart(chart or []))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def bar_chart(rows: list[dict]) -> str:
    """First and latest rating per area as horizontal bars (inline SVG, no script)."""
    if not rows:
        return ""
    label_width, bar_width, row_height = 190, 300, 34
    height = row_height * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 60}" height="{height}" '
        'role="img" aria-label="First and latest rating per area" font-family="sans-serif" font-size="12">'
    ]
    for i, row in enumerate(rows):
        y = 10 + i * row_height
        parts.append(f'<text x="0" y="{y + 14}">{escape(row["title"])}</text>')
        for j, (key, colour) in enumerate((("first", "#b8c9d6"), ("last", "#2a6f97"))):
            value = row.get(key) or 0
            width = bar_width * value / 5
            parts.append(
                f'<rect x="{label_width}" y="{y + j * 12}" width="{width:.0f}" height="10" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + width + 4:.0f}" y="{y + j * 12 + 9}">{value or "—"}</text>'
            )
    legend_y = height - 8
    parts.append(
        f'<rect x="{label_width}" y="{legend_y - 9}" width="10" height="10" fill="#b8c9d6"/>'
        f'<text x="{label_width + 14}" y="{legend_y}">first</text>'
        f'<rect x="{label_width + 60}" y="{legend_y - 9}" width="10" height="10" fill="#2a6f97"/>'
        f'<text x="{label_width + 74}" y="{legend_y}">latest</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
