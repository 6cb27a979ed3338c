"""Every report, the agenda, the export and the certificate, read by the programs that read them.

A hostile journal holds text with Markdown structure, raw HTML, remote images, Jinja syntax,
Rich markup, multi-line paragraphs with "- " lines, and (planted straight into the file with
sqlite3, past the input checks) ESC/OSC/CR/C1/bidi characters. Its outputs, and the demo's, are
checked with pymarkdownlnt (the repository's configuration), markdown-it-py's token stream and
html5lib's strict parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ok
from tests.hostile import CONTROLS, HOSTILE, ONE_LINE, RAW_CONTROLS, drop_checks  # noqa: F401

from .markdown_lint import findings

REPO = Path(__file__).resolve().parent.parent
KINDS = ("agreement", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection")


def markdown_outputs(cli) -> dict[str, str]:
    """Every Markdown file mentorlog writes: the reports (with and without private entries), the
    agenda, the export and the certificate."""
    found = {}
    for kind in KINDS:
        found[kind] = ok(cli("report", kind)).stdout
        found[f"{kind} (private)"] = ok(cli("report", kind, "--include-private")).stdout
    found["agenda"] = ok(cli("agenda", "--session", "1", "--format", "markdown", "--include-private")).stdout
    found["export"] = ok(cli("export", "--format", "markdown", "--out", "-")).stdout
    found["certificate"] = ok(cli("certificate")).stdout
    return found


def lint(text: str) -> list[str]:
    """What the Markdown linter finds in `text` (tests/markdown_lint.py)."""
    return findings(text)


def tokens(text: str):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").parse(text)


def where_is(text: str, needle: str) -> list[list[str]]:
    """For each inline run holding `needle`, the blocks it sits in (outermost first)."""
    stack: list[str] = []
    found = []
    for token in tokens(text):
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "inline" and needle in token.content:
            found.append(list(stack))
    return found


def test_the_hostile_journal_lints_clean(cli, hostile):
    for name, text in markdown_outputs(cli).items():
        assert lint(text) == [], f"{name}:\n" + "\n".join(lint(text))


@pytest.mark.slow  # the linter reads a year of the demo's reports: seconds
def test_the_demo_lints_clean(cli, demo):
    for name, text in markdown_outputs(lambda *a: cli("-j", "demo", *a)).items():
        assert lint(text) == [], f"demo {name}:\n" + "\n".join(lint(text))


def test_user_text_never_becomes_structure(cli, hostile):
    for name, text in markdown_outputs(cli).items():
        stream = tokens(text)
        for token in stream:
            assert token.type not in ("hr", "html_block", "code_block", "fence"), (name, token)
            if token.type == "heading_open":
                continue
            for child in token.children or []:
                assert child.type != "image", (name, child)
                assert child.type != "html_inline", (name, child)  # no raw HTML, not even <br>
        headings = [t.content for i, t in enumerate(stream) if i and stream[i - 1].type == "heading_open"]
        assert not [h for h in headings if "real heading" in h], (name, headings)
        assert not re.search(r"(?<!\\)<(script|img)", text), name  # only ever as escaped text: \<script>


def test_a_multi_line_note_stays_in_its_list_item_with_its_attribution(cli, hostile):
    text = ok(cli("report", "final-reflection")).stdout
    lessons = text.split("## Lessons")[1].split("\n## ")[0]
    places = where_is(lessons, "with a dash line")
    # the second paragraph is inside the lesson's item, the "- " line did not start a nested list
    assert places and all(p.count("bullet_list_open") == 1 and "list_item_open" in p for p in places)
    last_line = [t.content for t in tokens(lessons) if t.type == "inline" and "with a dash line" in t.content]
    assert "_(mentee, " in last_line[0]  # the attribution stayed on the item, after its last line
    agenda = ok(cli("agenda", "--session", "1", "--format", "markdown")).stdout
    for needle in ("real heading", "Second paragraph", "with a dash line"):
        assert all("list_item_open" in p for p in where_is(agenda.split("## Actions")[0], needle)), needle


def test_template_syntax_and_markup_print_as_typed(cli, hostile):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(ok(cli("report", "bridging-the-gap")).stdout)
    assert "{{ 7*7 }}" in html and "{% raw %}raw{% endraw %}" in html and "[bold red]red[/bold red]" in html
    assert "49" not in html
    assert "# real heading?" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "![beacon](" in html and "back\\slash" in html and "*star*" in html


def test_control_characters_never_reach_a_markdown_file(cli, hostile):
    for name, text in markdown_outputs(cli).items():
        assert not any(c in text for c in RAW_CONTROLS), name
    shown = ok(cli("report", "bridging-the-gap")).stdout
    assert "\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[2J\\\\x0dCR\\\\x9b31m\\\\u202eevil" in shown  # visible, escaped


def html_pages(cli) -> dict[str, str]:
    pages = {kind: ok(cli("report", kind, "--format", "html", "--include-private")).stdout for kind in KINDS}
    pages["certificate"] = ok(cli("certificate", "--format", "html")).stdout
    return pages


def test_html_reports_are_strictly_valid_and_load_nothing(cli, hostile, demo):
    import html5lib

    demo_pages = {f"demo {k}": v for k, v in html_pages(lambda *a: cli("-j", "demo", *a)).items()}
    for name, page in {**html_pages(cli), **demo_pages}.items():
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        document = parser.parse(page)  # raises on any parse error
        elements = list(document.iter())
        loading = ("script", "img", "iframe", "object", "embed", "link", "audio", "video")
        assert not [e for e in elements if e.tag in loading], name
        assert not [e.get("src") for e in elements if e.get("src")], name
        assert not [e for e in elements if (e.get("href") or "").startswith("javascript")], name
        csp = [e.get("content") for e in elements if e.tag == "meta" and e.get("http-equiv")]
        assert csp and "default-src 'none'" in csp[0] and "img-src data:" in csp[0], name
        assert not any(c in page for c in RAW_CONTROLS), name
    final = html_pages(cli)["final-reflection"]
    assert "{{ 7*7 }}" in final and "&lt;script&gt;" in final


def test_the_chart_has_a_caption_a_scale_and_stays_with_its_heading(cli, demo):
    page = ok(cli("-j", "demo", "report", "final-reflection", "--format", "html")).stdout
    heading = page.index("<h3>First and latest rating per area</h3>")
    figure = page.index('<figure class="chart">')
    assert heading < figure and page[heading:figure].count("<") == 2  # nothing between them
    assert "<figcaption>" in page and ">5</text>" in page and ">0</text>" in page  # the scale
    assert "break-after: avoid" in page and "break-inside: avoid" in page


def test_milestones_and_the_agreement_table_print_cleanly(cli, demo):
    final = ok(cli("-j", "demo", "report", "final-reflection")).stdout
    milestones = final.split("## Milestones")[1]
    assert "| Milestone | Reached |" in milestones and "\n- " not in milestones  # a table: no bullet and ✓
    agreement = ok(cli("-j", "demo", "report", "agreement")).stdout
    assert "| |" not in agreement.split("\n| --- |")[0].splitlines()[-1]  # the header row is not empty
    head = agreement.split("## ")[0]
    assert "\n\nVersion 1" in head  # the pair line and the version line are two paragraphs


def test_the_certificate_looks_like_one(cli, demo):
    markdown = ok(cli("-j", "demo", "certificate")).stdout
    assert markdown.startswith("# Confirmation of participation\n\n## Creative Mentorship 2026\n")
    assert "**Maja Horvat**, as mentee, and **Tomaž Zupan**, as mentor" in markdown
    assert "from Friday 14 November 2025 to Saturday 14 November 2026" in markdown
    assert "Sessions held: **13**" in markdown
    assert "| Signature | | |" in markdown and "| Date | | |" in markdown
    page = ok(cli("-j", "demo", "certificate", "--format", "html")).stdout
    assert '<body class="certificate">' in page and "td:empty" in page and "@page" in page
    assert "mentorlog:certificate" not in page


def test_the_export_has_one_title_and_every_report_as_a_section(cli, journal_path):
    ok(cli("note", "kept"))
    text = ok(cli("export", "--format", "markdown", "--out", "-")).stdout
    titles = [line for line in text.splitlines() if line.startswith("# ")]
    assert titles == ["# The whole journal: Maja Horvat and Tomaž Zupan"]
    assert "## Mentorship agreement" in text and "## Every note, question, lesson and contact" in text
    assert "kept" in text
