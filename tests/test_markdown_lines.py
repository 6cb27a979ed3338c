"""A text's separate lines stay separate lines in every reader, without raw HTML: a table cell's
lines get rows of their own (a table row cannot hold a line break, and `<br>` is raw HTML that
both linters flag and pandoc's .docx drops), a paragraph's lines end in a hard line break. Read by
pymarkdown and markdownlint-cli2 (where npm installed it), pandoc (where installed) to .docx and
HTML, and mentorlog's own HTML through html5lib."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import html5lib
import pytest

from tests.conftest import ok
from tests.test_outputs_reports import lint, markdown_outputs

ACTION = ("Draft the budget", "with the fee scale")
CONTACT = ("E-mail within a week", "Phone when it is urgent")
TOPIC = ("Fees and pricing", "what the theatres pay")
LESSON = ("Ask early", "Letters of support take six weeks")


@pytest.fixture
def lines(cli, journal_path):
    """A journal whose multi-line texts sit in tables (an action, an agreement field, a topic in the
    time plan) and in lists (a lesson, a topic)."""
    ok(cli("agreement", "edit", "--meetings", "10", "--contact", "\n".join(CONTACT)))
    ok(cli("action", "add", "\n".join(ACTION), "--due", "2027-01-15"))
    ok(cli("session", "plan", "in 5 days 18:00"))
    ok(cli("topic", "add", "\n".join(TOPIC), "--session", "1"))
    ok(cli("note", "-l", "--shared", "\n".join(LESSON)))
    return journal_path


def outputs(cli) -> dict[str, str]:
    return {
        "there-and-then": ok(cli("report", "there-and-then")).stdout,
        "agreement": ok(cli("report", "agreement")).stdout,
        "agenda": ok(cli("agenda", "--session", "1", "--format", "markdown")).stdout,
        "final-reflection": ok(cli("report", "final-reflection")).stdout,
    }


EXPECTED = {
    "there-and-then": [ACTION],
    "agreement": [CONTACT],
    "agenda": [TOPIC],
    "final-reflection": [LESSON],
}


def test_no_raw_html_and_each_line_of_a_cell_in_its_column(cli, lines):
    texts = outputs(cli)
    for name, text in texts.items():
        assert "<br" not in text, name
        assert lint(text) == [], (name, lint(text))
    rows = [line for line in texts["there-and-then"].splitlines() if line.startswith("|")]
    first = next(i for i, row in enumerate(rows) if ACTION[0] in row)
    assert rows[first].startswith(f"| {ACTION[0]} | mentee | 2027-01-15 |")
    assert rows[first + 1] == f"| {ACTION[1]} | | | |"  # the same column, the rest empty
    lesson = texts["final-reflection"]
    assert f"{LESSON[0]}\\\n" in lesson  # a hard line break ends the lesson's first line


def _docx_paragraphs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    paragraphs = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        text = re.sub(r"<w:br ?/>", "\n", paragraph)
        paragraphs.append(re.sub(r"<[^>]+>", "", text))
    return paragraphs


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (apt-get install pandoc)")
# pandoc's own Markdown in the default run; its CommonMark readers, which must agree, in the slow set
@pytest.mark.parametrize(
    "reader",
    [
        "markdown",
        pytest.param("gfm", marks=pytest.mark.slow),
        pytest.param("commonmark_x", marks=pytest.mark.slow),
    ],
)
def test_pandoc_keeps_the_lines_in_docx_and_html(cli, lines, tmp_path, reader):
    for name, text in outputs(cli).items():
        source = tmp_path / f"{name}.md"
        source.write_text(text, encoding="utf-8")
        docx, html = tmp_path / f"{name}.docx", tmp_path / f"{name}.html"
        for target in (docx, html):
            subprocess.run(["pandoc", "-f", reader, str(source), "-o", str(target)], check=True, timeout=120)
        paragraphs = _docx_paragraphs(docx)
        page = html.read_text(encoding="utf-8")
        for first, second in EXPECTED[name]:
            assert not [p for p in paragraphs if first + second in p or first + " " + second in p], name
            holding = [p for p in paragraphs if first in p]
            assert holding, (name, first)
            # a line of its own: a paragraph (a table row's cell) of its own, or after a line break
            for p in holding:
                rest = p.split("\n")[1:]
                assert p.strip() == first or (rest and rest[0].startswith(second)), (name, p)
            starts = [line for p in paragraphs for line in p.split("\n") if line.startswith(second)]
            assert starts, (name, second)
            assert re.search(
                re.escape(first) + r"(<br ?/?>\s*|</td>.*?<td>\s*)" + re.escape(second), page, re.S
            )


def _lines_of(element) -> list[str]:
    """The lines a reader sees in an HTML element: text split at each <br>."""
    parts = []
    for node in element.iter():
        if node.tag.endswith("br"):
            parts.append("\n")
        if node.text and not node.tag.endswith("br"):
            parts.append(node.text)
        if node.tail and node is not element:
            parts.append(node.tail)
    return [line.strip() for line in "".join(parts).split("\n") if line.strip()]


def test_mentorlogs_html_keeps_a_notes_lines(cli, lines):
    page = ok(cli("report", "final-reflection", "--format", "html")).stdout
    document = html5lib.parse(page, namespaceHTMLElements=False)
    items = [li for li in document.iter("li") if LESSON[0] in "".join(li.itertext())]
    shown = _lines_of(items[0]) if items else []
    assert shown[0] == LESSON[0] and shown[1].startswith(LESSON[1]), shown
    page = ok(cli("report", "there-and-then", "--format", "html")).stdout
    document = html5lib.parse(page, namespaceHTMLElements=False)
    cells = [td.text for td in document.iter("td")]
    at = cells.index(ACTION[0])
    assert ACTION[1] in cells[at + 1 :] and "<br" not in page


def _markdownlint() -> str | None:
    return shutil.which("markdownlint-cli2")


@pytest.mark.skipif(_markdownlint() is None, reason="markdownlint-cli2 is not installed (npm)")
def test_markdownlint_takes_every_markdown_output(cli, hostile, tmp_path):
    """markdownlint-cli2's rules, line length aside (as the repository's pymarkdown configuration)."""
    (tmp_path / ".markdownlint-cli2.jsonc").write_text(
        json.dumps({"config": {"MD013": False, "MD024": {"siblings_only": True}}})
    )
    names = []
    for name, text in markdown_outputs(cli).items():
        path = tmp_path / (re.sub(r"\W+", "-", name).strip("-") + ".md")
        path.write_text(text, encoding="utf-8")
        names.append(path.name)
    result = subprocess.run(
        [str(_markdownlint()), *names], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Linting: {len(names)} file(s)" in result.stdout + result.stderr
