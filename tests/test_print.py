"""Pages fit to print: every HTML report of the demo, its recap and the certificate printed to PDF
by headless Chromium on A4 and on Letter, and read back page by page with poppler (pdftotext's
word boxes, pdftoppm's pixels): the page count, a page number on every page, no word beyond the
margins, the text extractable, no heading or table header alone at a page's foot, and the
certificate one page, centred, with a line to sign and a date line for each person, apart."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import Runner, demo_in, ok

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
needs_tools = pytest.mark.skipif(
    not (CHROMIUM and POPPLER),
    reason="headless Chromium and poppler-utils are needed (apt-get install chromium poppler-utils)",
)

KINDS = ("agreement", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection")
SIZES = {"A4": (595.0, 842.0), "letter": (612.0, 792.0)}  # points
MARGIN_X = 16 / 25.4 * 72  # the print CSS's side margins, 16 mm


def print_pdf(page: Path, size: str, work: Path) -> Path:
    """`page` on paper of `size`, printed by headless Chromium (no header or footer of its own)."""
    sized = work / f"{page.stem}-{size}.html"
    sized.write_text(page.read_text().replace("</head>", f"<style>@page {{ size: {size}; }}</style></head>"))
    pdf = work / f"{page.stem}-{size}.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={work / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            sized.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf


def pages(pdf: Path) -> list[dict]:
    """Each page's size and lines of words with their boxes (pdftotext -bbox-layout)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    found = []
    for page in re.findall(r"<page (.*?)</page>", xml.decode(), re.S):
        width, height = (float(v) for v in re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        lines = []
        for line in re.findall(r"<line (.*?)</line>", page, re.S):
            words = [
                (float(a), float(b), float(c), float(d), html.unescape(w))
                for a, b, c, d, w in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                    line,
                )
            ]
            if words:
                lines.append(words)
        found.append({"width": width, "height": height, "lines": lines})
    return found


def text_of(line) -> str:
    return " ".join(w[4] for w in line)


def cells(markup: str, tag: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(rf"<{tag}>(.*?)</{tag}>", markup, re.S)]


def check_pages(pdf: Path, size: str, page_html: str) -> list[dict]:
    found = pages(pdf)
    width, height = SIZES[size]
    assert found, pdf
    headers = {" ".join(cells(head, "th")) for head in re.findall(r"<thead>(.*?)</thead>", page_html, re.S)}
    headings = {html.unescape(h) for h in cells(page_html, "h2") + cells(page_html, "h3")}
    for number, page in enumerate(found, start=1):
        assert abs(page["width"] - width) < 2 and abs(page["height"] - height) < 2, (pdf, number)
        body = [line for line in page["lines"] if not re.fullmatch(r"Page \d+ of \d+", text_of(line))]
        numbers = [text_of(line) for line in page["lines"] if re.fullmatch(r"Page \d+ of \d+", text_of(line))]
        assert numbers == [f"Page {number} of {len(found)}"], (pdf, number)
        for line in page["lines"]:
            for x0, y0, x1, y1, word in line:
                assert x0 >= MARGIN_X - 1.5 and x1 <= page["width"] - MARGIN_X + 1.5, (pdf, number, word)
                assert y0 >= 0 and y1 <= page["height"], (pdf, number, word)
        assert body, (pdf, number)  # text is extractable on every page
        if number < len(found):
            last = text_of(body[-1])
            assert last not in headers, (pdf, number, "a table header alone at the page's foot", last)
            assert last not in headings, (pdf, number, "a heading alone at the page's foot", last)
    return found


def gray(pdf: Path, work: Path) -> tuple[int, int, bytes]:
    """The first page as 8-bit gray pixels at 72 dpi (one pixel a point)."""
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", str(pdf), str(work / "px")], check=True
    )
    data = next(work.glob("px*.pgm")).read_bytes()
    magic, width, height, _maxval, pixels = re.match(
        rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S
    ).groups()
    for leftover in work.glob("px*.pgm"):
        leftover.unlink()
    return int(width), int(height), pixels


@pytest.fixture(scope="module")
def printed(click_command, tmp_path_factory, demo_made):
    """The demo's HTML reports, recap and certificate."""
    home = tmp_path_factory.mktemp("print-home")
    env = {"MENTORLOG_HOME": str(home)}
    runner = Runner(click_command)
    demo_in(home, demo_made)
    out = tmp_path_factory.mktemp("print")
    made = {}
    for kind in KINDS:
        made[kind] = out / f"{kind}.html"
        ok(runner.run(["-j", "demo", "report", kind, "--format", "html", "--out", str(made[kind])], env=env))
    made["recap"] = out / "recap.html"
    ok(runner.run(["-j", "demo", "recap", "--format", "html", "--out", str(made["recap"])], env=env))
    made["certificate"] = out / "certificate.html"
    ok(
        runner.run(
            ["-j", "demo", "certificate", "--format", "html", "--out", str(made["certificate"])], env=env
        )
    )
    return made, out


@needs_tools
@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("kind", [*KINDS, "recap"])
def test_each_report_prints_page_by_page(printed, kind, size):
    made, out = printed
    page_html = made[kind].read_text()
    pdf = print_pdf(made[kind], size, out)
    found = check_pages(pdf, size, page_html)
    text = " ".join(text_of(line) for page in found for line in page["lines"])
    first_heading = html.unescape(cells(page_html, "h1")[0])
    assert " ".join(first_heading.split()) in text
    if kind in ("bridging-the-gap", "final-reflection"):
        assert len(found) >= 2  # long enough to test what happens at a page's foot


@needs_tools
@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_certificate_is_one_centred_page_with_lines_to_sign(printed, size):
    made, out = printed
    pdf = print_pdf(made["certificate"], size, out)
    found = check_pages(pdf, size, made["certificate"].read_text())
    assert len(found) == 1
    page = found[0]
    lines = [text_of(line) for line in page["lines"]]
    title = next(line for line in page["lines"] if text_of(line) == "Confirmation of participation")
    centre = (title[0][0] + title[-1][2]) / 2
    assert abs(centre - page["width"] / 2) < 3, (size, centre)
    assert sum("Creative Mentorship 2026" in line for line in lines) == 1  # the programme named once
    width, height, pixels = gray(pdf, out)
    dark = [[pixels[y * width + x] < 128 for x in range(width)] for y in range(height)]
    # the box: its left and right edges (the first and last dark columns) are as far from the edges
    columns = [x for x in range(width) if sum(dark[y][x] for y in range(height)) > height / 5]
    left, right = columns[0], width - 1 - columns[-1]
    assert abs(left - right) <= 2, (size, left, right)

    # the rules to sign on: rows with long dark runs, each made of two runs (one per person)
    def runs(row) -> list[int]:
        found, length = [], 0
        for on in [*row, False]:
            if on:
                length += 1
            elif length:
                found.append(length)
                length = 0
        return [n for n in found if n > 60]

    ruled = [runs(dark[y]) for y in range(height)]
    ruled = [r for r in ruled if r and max(r) < width / 2]  # not the box's top and bottom edges
    assert ruled, size
    assert all(len(r) == 2 for r in ruled), (size, ruled[:3])
    rows = [y for y in range(height) if (r := runs(dark[y])) and max(r) < width / 2]
    separate = 1 + sum(1 for a, b in zip(rows, rows[1:], strict=False) if b - a > 3)
    assert separate == 2, (size, rows)  # a signature line and a date line
