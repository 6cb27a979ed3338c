"""The date grammar as documented: every example of the README's date section and of the
`--help` text (GRAMMAR) is read here, so the manual cannot drift from the code."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import pytest

from mentorlog.dates import FIRST_YEAR, GRAMMAR, LAST_YEAR, When, parse_moment, parse_when
from mentorlog.errors import InvalidInput

from .conftest import NOW

README = Path(__file__).resolve().parent.parent / "README.md"
DEFAULT_TIME = time(10, 0)


def _date_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\n## Dates\n", 1)[1].split("\n## ", 1)[0]


def _table() -> list[tuple[list[str], str]]:
    rows = []
    for line in _date_section().splitlines():
        if line.startswith("| `"):
            typed, means = (cell.strip() for cell in line.strip("|").split(" | ", 1))
            rows.append((re.findall(r"`([^`]+)`", typed), means))
    return rows


def _expected(means: str) -> tuple[date, time | None]:
    m = re.match(r"(\w{3}) (\d{1,2}) (\w{3}) (\d{4})(?: (\d{2}):(\d{2}))?", means)
    assert m, f"the README's meaning {means!r} does not start with a day such as 'Thu 3 Dec 2026'"
    weekday, day, month, year, hour, minute = m.groups()
    found = datetime.strptime(f"{day} {month} {year}", "%d %b %Y").date()
    assert f"{found:%a}" == weekday, f"{means!r}: that day is a {found:%A}"
    return found, (time(int(hour), int(minute)) if hour else None)


def test_the_readme_states_the_now_its_examples_are_read_on():
    stated = f"{NOW:%A} {NOW.day} {NOW:%B %Y} at {NOW:%H:%M} in Europe/Ljubljana"
    assert stated in " ".join(_date_section().split())


def test_the_readme_table_is_long_enough_to_be_the_grammar():
    inputs = [text for typed, _ in _table() for text in typed]
    assert len(inputs) >= 45
    for form in ("03.04.2028", "next week", "next month", "in a fortnight", "+3h", "-30min", "+2m"):
        assert form in inputs


@pytest.mark.parametrize(("typed", "means"), _table(), ids=lambda v: str(v)[:40])
def test_each_row_of_the_readme_table(typed, means):
    for text in typed:
        if means.startswith("refused"):
            with pytest.raises(InvalidInput) as caught:
                parse_moment(text, NOW, DEFAULT_TIME)
            message = str(caught.value)
            # what the README says about the refusal is in the message: times, years, spellings
            for detail in re.findall(r"`([^`]+)`|(\d{2}:\d{2})|(\d{4})", means.replace("–", " ")):
                assert "".join(detail) in message, (text, detail, message)
            continue
        day, clock = _expected(means)
        when = parse_when(text, NOW)
        assert (when.day, when.time) == (day, clock), text
        moment = parse_moment(text, NOW, DEFAULT_TIME)
        assert (moment.date(), moment.time()) == (day, clock or DEFAULT_TIME)


def test_the_readme_examples_in_prose():
    prose = _date_section().split("\n\n")
    follow = next(p for p in prose if p.startswith("A time may follow"))
    for text in re.findall(r"`([^`]+)`", follow):
        assert parse_when(text, NOW).time is not None, text
    order = next(p for p in prose if p.startswith("Numeric dates"))
    assert "`3/4/2028` is\n4 March" in order or "`3/4/2028` is 4 March" in " ".join(order.split())
    assert parse_when("3/4/2028", NOW, date_order="mdy").day == date(2028, 3, 4)
    assert "MENTORLOG_DATE_ORDER=mdy" in order
    with pytest.raises(InvalidInput):
        parse_when("3/4/28", NOW)
    assert "`3/4/28`" in order


def _grammar_examples() -> list[str]:
    examples = []
    for line in GRAMMAR.splitlines():
        if line.startswith("  "):
            forms = re.split(r"\s{2,}", line.strip())[0]
            examples += [form.strip() for form in forms.split(", ")]
        examples += re.findall(r"`([^`]+)`", line)
    return examples


def test_the_help_lists_the_grammar_truthfully():
    flat = " ".join(GRAMMAR.split())
    assert "stored in UTC and shown in local time" in flat
    assert "stored with it" not in flat
    assert f"Years {FIRST_YEAR} to {LAST_YEAR}" in flat
    assert "MENTORLOG_DATE_ORDER=mdy reads 3/4/2028 as 4 March" in flat and "day first" in flat
    assert max(len(line) for line in GRAMMAR.splitlines()) <= 78  # fits --help at 80 columns
    assert "[" not in GRAMMAR  # the help is rendered by rich: no markup
    examples = _grammar_examples()
    assert len(examples) >= 30
    for form in (
        "03.04.2028",
        "wed 17 march 2027 18:00",
        "noon tomorrow",
        "next week",
        "in a fortnight",
        "+3h",
    ):
        assert form in examples


@pytest.mark.parametrize("text", _grammar_examples())
def test_each_example_of_the_help_is_read(text):
    moment = parse_moment(text, NOW, DEFAULT_TIME)
    assert 2026 <= moment.year <= 2028


def test_what_the_help_says_of_its_examples():
    assert parse_when("3/4/2028", NOW).day == date(2028, 4, 3)  # "3 April: day first"
    assert parse_when("3/4/2028", NOW, date_order="mdy").day == date(2028, 3, 4)  # "mdy reads … 4 March"
    assert parse_when("midnight", NOW) == When(date(2026, 11, 22), time(0, 0))  # "00:00 tomorrow"
    assert parse_when("next week", NOW).day == date(2026, 11, 23)  # "next Monday"
    assert parse_when("next month", NOW).day == date(2026, 12, 1)  # "the 1st of next month"
    assert parse_when("+3h", NOW) == When(NOW.date(), time(17, 30))  # "hours … from now"
    with pytest.raises(InvalidInput, match=r"\+2min.*\+2mo"):  # "+2m is refused: +2min or +2mo"
        parse_when("+2m", NOW)
