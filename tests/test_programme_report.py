"""`programme report`: the coordinator's dashboard as a document, read back by programs: the
Markdown by the repository's linter and markdown-it's tables, the HTML by html5lib's strict
parser, and each chart's SVG by an XML parser, its numbers held against `programme status --json`."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from .conftest import Runner
from .test_outputs_reports import lint, tokens
from .test_programme import World, held

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def world(click_command, tmp_path_factory) -> World:
    """A coordinator and four pairs: A going well (ratings shared), B stalled without an approved
    agreement, C completed, and D whose mentee joined and left."""
    w = World(Runner(click_command), tmp_path_factory.mktemp("programme-report"))
    w.start_programme("Creative | Mentorship", "Ana *Novak*")
    w.pair("a", "Tomaž | Zupan", "Maja Horvat")
    w.approve("a", 10)
    for number, (when, rating) in enumerate((("2026-09-10 18:00", 3), ("2026-11-10 18:00", 5)), start=1):
        held(w, "a", when, number)
        w.run("a", "feedback", str(number), "--rating", str(rating))
    w.pair("b", "Nina Kos", "# Luka Bizjak")
    w.pair("c", "Eva Kranjc", "Jan Potočnik")
    w.approve("c", 4)
    held(w, "c", "2026-09-15 18:00", 1)
    held(w, "c", "2026-10-15 18:00", 2)
    w.run("c", "end", "--on", "2026-11-01")
    w.pair("d", "Ivo Mlakar", "Sara Zupančič")
    for who in ("a", "b", "c", "d"):
        w.join(who)
    w.run("a", "programme", "share-ratings", "on")
    for who in ("a", "b", "c", "d"):
        w.run(who, "programme", "sync")
    w.run("coord", "programme", "sync")
    w.run("d", "programme", "leave")
    w.run("coord", "programme", "sync")
    return w


def table(markdown: str, header: str) -> list[list[str]]:
    """The rows of the first Markdown table with a column `header`, as markdown-it reads them."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    for token in tokens(markdown):
        if token.type == "tr_open":
            current = []
        elif token.type == "inline" and current is not None:
            current.append(token.content)
        elif token.type == "tr_close" and current is not None:
            rows.append(current)
            current = None
        elif token.type == "table_close":
            if header in rows[0]:
                return rows[1:]
            rows = []
    raise AssertionError(f"no table with a column {header!r}")


def figures(page: str) -> dict[str, ET.Element]:
    """Each chart of the page, parsed as XML on its own, by its name."""
    found = {}
    for svg in re.findall(r"<svg .*?</svg>", page, flags=re.S):
        element = ET.fromstring(svg)
        found[element.get("data-chart", "")] = element
    return found


def bar_values(chart: ET.Element) -> dict[str, dict[str, float | None]]:
    """{row label: {series: value}}, each bar's width checked against the chart's scale, and the
    number printed beside it against its value."""
    scale, width = float(chart.get("data-scale", "")), float(chart.get("data-bar-width", ""))
    ticks = [float(t.text or "") for t in chart.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks[0] == 0 and ticks[-1] == scale and ticks == sorted(ticks)  # the scale, drawn
    rows: dict[str, dict[str, float | None]] = {}
    for group in chart.iter(f"{SVG}g"):
        bars = group.findall(f"{SVG}rect")
        printed = [t.text for t in group.findall(f"{SVG}text") if t.get("class") == "value"]
        values: dict[str, float | None] = {}
        for bar, shown in zip(bars, printed, strict=True):
            value = float(bar.get("data-value")) if bar.get("data-value") else None
            assert float(bar.get("width", "")) == pytest.approx((value or 0) / scale * width, abs=0.01)
            assert shown == ("—" if value is None else f"{value:g}")
            values[bar.get("data-series", "")] = value
        rows[group.get("data-label", "")] = values
    return rows


def test_the_markdown_report_lints_and_holds_the_dashboards_figures(world):
    status = world.json("coord", "programme", "status")
    text = world.run("coord", "programme", "report").stdout
    assert lint(text) == []
    assert text.startswith("# Programme report: Creative \\| Mentorship\n")  # a name is text
    pairs = {f"{p['mentor']} & {p['mentee']}": p for p in status["pairs"]}
    sessions = table(text, "Pair")
    assert len(sessions) == len(status["pairs"]) == 3  # D's mentee left: the pair is gone
    for name, phase, held_, agreed, hours, last_held, last_summary in sessions:
        p = pairs[name.replace("\\|", "|").replace("\\#", "#")]
        assert (phase, int(held_), float(hours), last_summary) == (
            p["phase"], p["sessions_held"], p["hours_held"], p["last_summary"],
        )  # fmt: skip
        assert agreed == (str(p["sessions_agreed"]) if p["sessions_agreed"] is not None else "—")
        assert last_held == (p["last_held"] or "—")
    assert {row[0]: int(row[1]) for row in table(text, "Phase")} == {
        i["phase"]: i["pairs"] for i in status["by_phase"]
    }
    assert [(m, float(a)) for m, a in table(text, "Month")] == [
        (i["month"], i["average"]) for i in status["feedback"]["by_month"]
    ]
    assert f"**{status['sessions']['held']} sessions** held of {status['sessions']['agreed']} agreed" in text
    assert status["completed"] == [pairs["Eva Kranjc & Jan Potočnik"]["pair"]]
    assert table(text, "Ended on") == [["Eva Kranjc & Jan Potočnik", "2026-11-01", "completed", "2", "3.0"]]
    assert table(text, "Name") == [["Sara Zupančič", "mentee", "2026-11-21"]]
    attention = text.split("### Agreements not approved after 3 weeks")[1].split("### Inactive")[0]
    assert "Nina Kos & \\# Luka Bizjak: started 2026-09-01, agreement not written" in attention


def test_the_html_report_is_valid_loads_nothing_and_its_charts_are_the_status(world):
    import html5lib

    status = world.json("coord", "programme", "status")
    page = world.run("coord", "programme", "report", "--format", "html").stdout
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    elements = list(document.iter())
    loading = ("script", "img", "iframe", "object", "embed", "link", "audio", "video")
    assert not [e for e in elements if e.tag in loading] and not [e for e in elements if e.get("src")]
    assert "default-src 'none'" in page and "@page" in page and "break-inside: avoid" in page
    assert "<title>Programme report: Creative | Mentorship</title>" in page
    assert page.count('<figure class="chart">') == page.count("<figcaption>") == 3
    charts = figures(page)
    assert set(charts) == {"phases", "sessions", "feedback"}
    assert bar_values(charts["phases"]) == {i["phase"]: {"pairs": i["pairs"]} for i in status["by_phase"]}
    assert bar_values(charts["sessions"]) == {
        f"{p['mentor']} & {p['mentee']}": {"agreed": p["sessions_agreed"], "held": p["sessions_held"]}
        for p in status["pairs"]
    }
    assert bar_values(charts["feedback"]) == {
        i["month"]: {"average": i["average"]} for i in status["feedback"]["by_month"]
    }
    assert charts["feedback"].get("data-scale") == "5"
    for heading in ("The cohort by phase", "Sessions held against agreed", "Feedback over time"):
        assert f"<h2>{heading}</h2>" in page
    assert "<em>Novak</em>" not in page and "Ana *Novak*" in page  # a name is text, never markup


def test_a_programme_without_summaries_reads_well(world, tmp_path):
    empty = tmp_path / "empty.db"
    with sqlite3.connect(world.paths["coord"]) as source, sqlite3.connect(empty) as target:
        source.backup(target)
    with sqlite3.connect(empty) as db:
        db.execute("delete from summary")
    text = world.runner.run(["--journal", str(empty), "programme", "report"]).stdout
    assert lint(text) == []
    assert "_No summaries yet._" in text and "_No pair has sent a summary yet._" in text
    assert "0 pairs in the programme, 0 ongoing" in text and "_No one has left._" in text
    assert "_No feedback ratings shared yet_" in text and text.count("_None._") == 4
    page = world.runner.run(["--journal", str(empty), "programme", "report", "--format", "html"]).stdout
    import html5lib

    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    charts = figures(page)
    assert set(charts) == {"phases"}  # no empty chart of sessions or feedback
    assert set(v["pairs"] for v in bar_values(charts["phases"]).values()) == {0}


def test_the_report_is_written_to_a_file_never_over_one(world, tmp_path):
    out = tmp_path / "report.html"
    result = world.run("coord", "programme", "report", "--format", "html", "--out", str(out))
    assert f"Wrote the programme report to {out}" in result.stdout
    assert out.stat().st_mode & 0o777 == 0o600 and out.read_text().startswith("<!DOCTYPE html>")
    out.write_text("kept")
    again = world.run("coord", "programme", "report", "--out", str(out), expect=1)
    assert "--force" in again.output and out.read_text() == "kept"
    world.run("coord", "programme", "report", "--out", str(out), "--force")
    assert out.read_text().startswith("# Programme report")
    wrong = world.run("coord", "programme", "report", "--format", "pdf", expect=2)
    assert "use markdown or html" in wrong.output


def test_a_pairs_journal_has_no_programme_report(world):
    refused = world.run("a", "programme", "report", expect=1)
    assert "is a pair's journal, not a programme journal" in refused.output


@pytest.mark.slow  # headless Chromium prints the page twice
@pytest.mark.parametrize("size", ["A4", "letter"])
def test_the_html_report_prints_page_by_page(world, tmp_path, size):
    """Printed on A4 and Letter: numbered pages, nothing beyond the margins, no heading or table
    header alone at a page's foot, and each chart's caption and scale on paper."""
    from .test_print import CHROMIUM, POPPLER, check_pages, print_pdf, text_of

    if not (CHROMIUM and POPPLER):
        pytest.skip("headless Chromium and poppler-utils are needed (apt-get install chromium poppler-utils)")
    page = tmp_path / "report.html"
    world.run("coord", "programme", "report", "--format", "html", "--out", str(page))
    found = check_pages(print_pdf(page, size, tmp_path), size, page.read_text())
    lines = [text_of(line) for printed in found for line in printed["lines"]]
    assert len(found) >= 2 and "Programme report: Creative | Mentorship" in lines
    for caption in ("Ongoing pairs in each phase", "Sessions agreed (light)", "The average of the feedback"):
        assert any(line.startswith(caption) for line in lines), caption
    caption = next(i for i, line in enumerate(lines) if line.startswith("The average of the feedback"))
    assert lines[caption - 6 : caption] == ["0", "1", "2", "3", "4", "5"]  # the scale above its caption
