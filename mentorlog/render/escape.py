"""One escaping layer per output format: every piece of user text passes through here.

Design: user text is data, wherever it came from (typed, piped, merged from a bundle, or
written into the journal file by another program). Each output format gets one function per
context, and nothing else in mentorlog inserts user text into an output:

- **Control characters** (C0 except newline and tab, DEL, C1, the bidi overrides U+202A–U+202E
  and isolates U+2066–U+2069, the line and paragraph separators) never reach any output raw:
  `visible_controls` writes each one as a visible escape, `\\x1b` or `\\u202e`, so an ESC/OSC
  sequence in a note cannot clear a screen or retitle a window, and a reader sees that something
  odd was there. A Windows line end (CR LF) is an ordinary line end; a lone CR shows as `\\x0d`.
- **Markdown**: user text is text. Characters that could start structure are backslash-escaped
  (a heading's `#`, a list's `-`, `+` or `1.`, a quote's `>`, a rule or underline of `-` or `=` at
  a line's start; `*`, `_` outside words, `` ` ``, `[`, `]`, `<`, `|`, `~`, `\\` and entity-like
  `&` anywhere), so a note never becomes a heading, a rule, a quote, a list, raw HTML, a link or
  a remote image. A web address becomes an autolink (`<https://…>`), which
  is a link, never a fetch. Multi-line text keeps its lines, without raw HTML: each line but a
  paragraph's last ends in a backslash (a hard line break in CommonMark, GFM and pandoc), and
  continuation lines are indented to stay inside their list item. A table row cannot hold a line
  break, so a table cell's lines are carried by rows of their own (`table_rows`): the cell's
  second line in the row below, in the same column, the other cells of that row empty.
- **HTML**: `html_text` for text and attribute values (the reports' HTML comes from the escaped
  Markdown through markdown-it-py, which escapes again).
- **iCalendar**: `ical_text` (the icalendar library then escapes `,`, `;`, `\\` and newlines).
- **Terminal**: `terminal_text`; rich renderables take user text only as `Text`, never markup.
"""

from __future__ import annotations

import re

from mentorlog.render.controls import terminal_text as terminal_text  # part of this layer
from mentorlog.render.controls import visible_controls as visible_controls

_URL = re.compile(r"(?:https?|ftps?)://[^\s<>|\\\[\]`\"'{}^]+")
_URL_TRAILING = ".,;:!?)*_~"
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_HEADING = re.compile(r"^#{1,6}(?=\s|$)")
_RULE_OR_UNDERLINE = re.compile(r"^(?:[-=]+|[-\s]+)$")
_ALWAYS = {"\\": "\\\\", "`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]", "<": "\\<", "|": "\\|", "~": "\\~"}


class Markdown(str):
    """Text that is already Markdown (escaped user text, or text the code itself built).

    Templates print it as it is; every other value printed by a template is escaped first.
    """


def html_text(value: object) -> str:
    """Text (or an attribute value) for HTML: `<`, `>`, `&` and quotes escaped, controls visible."""
    from html import escape

    return escape(visible_controls(value), quote=True)


def ical_text(value: object) -> str:
    """Text for an iCalendar property: controls visible (the icalendar library escapes the rest)."""
    return visible_controls(value)


def _escape_words(text: str, hashes: bool) -> str:
    """Inline escaping of one piece of text that holds no web address (`hashes`: every `#` too)."""
    out = []
    for i, char in enumerate(text):
        if char in _ALWAYS:
            out.append(_ALWAYS[char])
        elif char == "_":
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            out.append("_" if before.isalnum() and after.isalnum() else "\\_")
        elif char == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        elif char == "#" and hashes:
            out.append("\\#")
        else:
            out.append(char)
    return "".join(out)


def _escape_inline(text: str, hashes: bool) -> str:
    """Escape one line of text; web addresses become autolinks (their characters kept as typed)."""
    out = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TRAILING)
        if match.group().endswith(")") and url.count("(") > url.count(")"):
            url += ")"  # a balanced parenthesis belongs to the address (Wikipedia-style links)
        out.append(_escape_words(text[position : match.start()], hashes))
        out.append(f"<{url}>")
        position = match.start() + len(url)
    out.append(_escape_words(text[position:], hashes))
    return "".join(out)


def _escape_line(line: str, hashes: bool = False) -> str:
    """One line of user text as Markdown text, whatever it starts with."""
    line = line.strip()
    if not line:
        return ""
    ordered = _ORDERED.match(line)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{_escape_inline(line[ordered.end() :], hashes)}"
    starts_block = (
        line[0] == ">"
        or _HEADING.match(line)
        or _RULE_OR_UNDERLINE.match(line)
        or (line[0] in "-+" and (len(line) == 1 or line[1] in " \t"))
    )
    if starts_block:
        return "\\" + line[0] + _escape_inline(line[1:], hashes)
    return _escape_inline(line, hashes)


def _lines(value: object) -> list[str]:
    return visible_controls(value).split("\n")


def markdown_inline(value: object) -> Markdown:
    """User text on one line of Markdown (a heading, a bold name, a sentence): lines joined, every
    `#` escaped (a trailing one would close a heading)."""
    words = " ".join(line.strip() for line in _lines(value) if line.strip())
    return Markdown(_escape_line(words, hashes=True))


def markdown_heading(value: object) -> Markdown:
    """User text at the end of a heading: one line, without the trailing full stop or colon that
    headings do without (Markdown linters flag them)."""
    words = " ".join(line.strip() for line in _lines(value) if line.strip())
    return Markdown(_escape_line(words.rstrip(".,;:!。，；：！ "), hashes=True))


def markdown_text(value: object, indent: int = 0) -> Markdown:
    """User text as Markdown paragraphs. With `indent`, continuation lines are indented by that many
    spaces, so the text stays inside the list item it starts (`- {{ text | item }}`)."""
    lines = [_escape_line(line) for line in _lines(value)]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):  # one blank line between paragraphs, never two
            if line and kept and kept[-1]:
                kept[-1] += "\\"  # a hard line break: the lines stay lines in HTML and .docx
            kept.append(line)
    pad = " " * indent
    return Markdown("\n".join(kept[:1] + [pad + line if line else "" for line in kept[1:]]))


def markdown_quote(value: object) -> Markdown:
    """User text as a block quote: every line, blank ones included, starts with `>`."""
    body = markdown_text(value)
    return Markdown("\n".join(f"> {line}" if line else ">" for line in body.split("\n")))


# Between the lines of a table cell until `table_rows` gives each line a row: a control character,
# so never user text (which reaches Markdown through `visible_controls`).
CELL_BREAK = "\x1e"
_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")  # a pipe not escaped by a backslash


def markdown_cell(value: object) -> Markdown:
    """User text in one Markdown table cell: `|` escaped, its lines kept for `table_rows`."""
    lines = [_escape_line(line) for line in _lines(value)]
    return Markdown(CELL_BREAK.join(line for line in lines if line))


def table_rows(markdown: str) -> str:
    """Each table row whose cells hold several lines written as rows: the first lines in the row,
    every further line in a row below, in its column, the other cells empty. Both Markdown
    linters take it, and pandoc and mentorlog's HTML keep the lines apart (a `<br>` in a cell is
    raw HTML, which linters flag and pandoc's .docx drops)."""
    if CELL_BREAK not in markdown:
        return markdown
    out: list[str] = []
    for line in markdown.split("\n"):
        if CELL_BREAK not in line:
            out.append(line)
            continue
        stripped = line.strip()
        if not (stripped.startswith("|") and stripped.endswith("|")):
            out.append(line.replace(CELL_BREAK, " "))  # a cell outside a table: one line
            continue
        cells = _cells(stripped)
        parts = [cell.split(CELL_BREAK) for cell in cells]
        for number in range(max(len(p) for p in parts)):
            row = [p[number].strip() if number < len(p) else "" for p in parts]
            out.append("|" + "|".join(f" {cell} " if cell else " " for cell in row) + "|")
    return "\n".join(out)


def _cells(row: str) -> list[str]:
    """The cells of a table row `| a | b \\| c |` (escaped pipes kept in their cell)."""
    inner = row[1:]
    cells, start = [], 0
    for match in _PIPE.finditer(inner):
        cells.append(inner[start : match.end() - 1])
        start = match.end()
    cells.append(inner[start:])
    if not cells[-1].strip():
        cells.pop()
    return cells


def finalize_markdown(value: object) -> object:
    """Jinja's `finalize` for Markdown templates: every printed value is escaped as one line of
    text unless it is already `Markdown` (from a filter, or marked `|safe` by the template)."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return markdown_inline(value)
