"""A printable, self-contained HTML page from the same Markdown (markdown-it-py).

Design:
- The page loads nothing: a Content-Security-Policy forbids every fetch (`default-src 'none'`)
  but the page's own style and `data:` images, there is no script, and the only picture (the
  ratings chart) is inline SVG. An image in a template whose address is not `data:` shows its
  alt text instead; links stay links (following one is the reader's choice, not a fetch).
- User text arrives as escaped Markdown (`render.escape`), so it holds no HTML. The only raw
  HTML that passes is what templates themselves write and this module knows: the
  `<!-- mentorlog:chart -->` / `<!-- mentorlog:certificate -->` markers, and
  `<!-- mentorlog:figure NAME -->` where a report places a figure the command drew (an SVG chart).
  Any other raw HTML (in a user's template, say) is printed as text.
- Print CSS keeps headings with what follows them, a table's header with its first row, the
  chart with its heading and caption, table rows and list items whole, and the certificate on
  one page, its box as wide as the page's text so that it sits centred on A4 and on Letter
  alike, with a line to sign and a date line for each person, apart. Every page is numbered
  ("Page 2 of 5") in the bottom margin by CSS `@page`; the paper size is the printer's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mentorlog.render.escape import html_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

FIGURE_MARKER = re.compile(r"<!-- mentorlog:figure ([a-z][a-z-]*) -->")
CHART_MARKER = "<!-- mentorlog:chart -->"
CERTIFICATE_MARKER = "<!-- mentorlog:certificate -->"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
body { font: 11pt/1.5 Georgia, 'Times New Roman', serif; color: #222; max-width: 46em; margin: 2em auto;
       padding: 0 1em; }
h1 { font-size: 1.7em; border-bottom: 2px solid #2a6f97; padding-bottom: .2em; }
h2 { font-size: 1.25em; color: #2a6f97; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: .8em 0; font-size: .95em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #eef4f8; }
tr, li, blockquote, figure { break-inside: avoid; page-break-inside: avoid; }
blockquote { border-left: 3px solid #2a6f97; margin-left: 0; padding-left: 1em; color: #444; }
code { font-size: .9em; background: #f3f3f3; padding: 0 .2em; }
figure.chart { margin: .5em 0 1.2em; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .9em; color: #444; margin-top: .3em; }
body.certificate { max-width: 40em; text-align: center; }
body.certificate main { border: 3px double #2a6f97; padding: 2.5em 3em; margin: 1em auto 0;
                        box-sizing: border-box; }
body.certificate h1 { border: none; font-size: 2.1em; letter-spacing: .03em; margin: 0 0 .2em; }
body.certificate h2 { color: #444; font-weight: normal; font-style: italic; margin: 0 0 1.5em; }
body.certificate p { font-size: 1.1em; }
body.certificate ul { list-style: none; padding: 0; }
body.certificate table { margin-top: 2.5em; border-collapse: separate; border-spacing: 1.2em 0; }
body.certificate th, body.certificate td { border: none; text-align: left; padding: .6em 0;
                                          vertical-align: bottom; }
body.certificate th { background: none; }
body.certificate td:empty { border-bottom: 1px solid #222; height: 2.2em; }
thead, thead tr, caption { break-inside: avoid; break-after: avoid; page-break-after: avoid; }
tbody tr:first-child { break-before: avoid; page-break-before: avoid; }
@page { margin: 18mm 16mm 20mm;
        @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 9pt Georgia, serif;
                         color: #555; } }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
  h2 { margin-top: 1.2em; }
  a { color: inherit; text-decoration: none; }
  body.certificate { margin: 0 auto; max-width: none; }
  body.certificate main { width: 100%; margin: 0; padding: 2em 2.5em; break-inside: avoid; }
}
"""


def _markdown_it() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")

    def raw_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return html_text(tokens[idx].content)

    def raw_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        content = tokens[idx].content.strip()
        if content in (CHART_MARKER, CERTIFICATE_MARKER) or FIGURE_MARKER.fullmatch(content):
            return content + "\n"
        return f"<p>{html_text(content)}</p>\n"

    def image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        alt = str(self.renderInlineAsText(token.children or [], options, env))
        if src.startswith("data:image/"):
            return f'<img src="{html_text(src)}" alt="{html_text(alt)}">'
        return html_text(alt)

    md.add_render_rule("html_inline", raw_inline)
    md.add_render_rule("html_block", raw_block)
    md.add_render_rule("image", image)
    return md


def to_html(
    markdown_text: str,
    title: str,
    chart: list[dict[str, Any]] | None = None,
    figures: dict[str, str] | None = None,
) -> str:
    """The page for `markdown_text` (with the ratings chart, and each of `figures` by its name, where
    the template marked its place)."""
    body = _markdown_it().render(markdown_text)
    body = FIGURE_MARKER.sub(lambda found: (figures or {}).get(found.group(1), ""), body)
    page_class = ""
    if CERTIFICATE_MARKER in body:
        body = body.replace(CERTIFICATE_MARKER + "\n", "").replace(CERTIFICATE_MARKER, "")
        page_class = ' class="certificate"'
    if CHART_MARKER in body:
        body = body.replace(CHART_MARKER, bar_chart(chart or []))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body{page_class}>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def bar_chart(rows: list[dict[str, Any]]) -> str:
    """First and latest rating per area as horizontal bars on a 0–5 scale (inline SVG, no script),
    in a figure with a caption."""
    if not rows:
        return ""
    label_width, bar_width, row_height, top = 190, 300, 34, 8
    axis_y = top + row_height * len(rows) + 4
    height = axis_y + 44
    width = label_width + bar_width + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        'aria-label="First and latest rating per area, on a scale of 0 to 5" '
        'font-family="sans-serif" font-size="12">'
    ]
    for tick in range(6):  # the scale: a light line and a number at every rating
        x = label_width + bar_width * tick / 5
        parts.append(
            f'<line x1="{x:.0f}" y1="{top}" x2="{x:.0f}" y2="{axis_y}" stroke="#ddd" stroke-width="1"/>'
            f'<text x="{x:.0f}" y="{axis_y + 14}" text-anchor="middle">{tick}</text>'
        )
    for i, row in enumerate(rows):
        y = top + i * row_height
        parts.append(f'<text x="0" y="{y + 14}">{html_text(row["title"])}</text>')
        for j, (key, colour) in enumerate((("first", "#b8c9d6"), ("last", "#2a6f97"))):
            value = row.get(key) or 0
            bar = bar_width * value / 5
            parts.append(
                f'<rect x="{label_width}" y="{y + j * 12}" width="{bar:.0f}" height="10" fill="{colour}"/>'
            )
            parts.append(f'<text x="{label_width + bar + 4:.0f}" y="{y + j * 12 + 9}">{value or "—"}</text>')
    legend_y = height - 6
    parts.append(
        f'<rect x="{label_width}" y="{legend_y - 9}" width="10" height="10" fill="#b8c9d6"/>'
        f'<text x="{label_width + 14}" y="{legend_y}">first</text>'
        f'<rect x="{label_width + 60}" y="{legend_y - 9}" width="10" height="10" fill="#2a6f97"/>'
        f'<text x="{label_width + 74}" y="{legend_y}">latest</text>'
    )
    parts.append("</svg>")
    caption = (
        "<figcaption>The first (light) and latest (dark) rating in each area, on the 1–5 scale "
        "of the here-and-now mapping; — means not rated.</figcaption>"
    )
    return f'<figure class="chart">{"".join(parts)}{caption}</figure>'
