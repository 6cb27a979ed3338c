"""The date grammar: a table test per form, the manual's examples, and properties over many dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.dates import (
    When,
    from_stamp,
    parse_date,
    parse_moment,
    parse_when,
    relative_day,
    stamp,
)
from mentorlog.errors import InvalidInput

from .conftest import NOW, ZONE

SAT = NOW.date()  # Saturday 2026-11-21


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03", When(date(2026, 12, 3))),
        ("2026-12-03T18:00", When(date(2026, 12, 3), time(18, 0))),
        ("2026-12-03 18:30", When(date(2026, 12, 3), time(18, 30))),
        ("dec 3 6pm", When(date(2026, 12, 3), time(18, 0))),
        ("3 December", When(date(2026, 12, 3))),
        ("12/03/2026", When(date(2026, 3, 12))),  # day first
        ("today", When(SAT)),
        ("Today", When(SAT)),
        ("tomorrow", When(SAT + timedelta(days=1))),
        ("yesterday", When(SAT - timedelta(days=1))),
        ("now", When(SAT, time(14, 30))),
        ("tomorrow 6pm", When(SAT + timedelta(days=1), time(18, 0))),
        ("tomorrow at 9:30", When(SAT + timedelta(days=1), time(9, 30))),
        ("mon", When(date(2026, 11, 23))),
        ("friday", When(date(2026, 11, 27))),
        ("sat", When(date(2026, 11, 28))),  # the next Saturday, never today
        ("next tue", When(date(2026, 11, 24))),
        ("next tue 18:30", When(date(2026, 11, 24), time(18, 30))),
        ("in 3 days", When(date(2026, 11, 24))),
        ("in 2 weeks", When(date(2026, 12, 5))),
        ("in 1 month", When(date(2026, 12, 21))),
        ("in a year", When(date(2027, 11, 21))),
        ("in 2 weeks at 10:00", When(date(2026, 12, 5), time(10, 0))),
        ("+3d", When(date(2026, 11, 24))),
        ("-1w", When(date(2026, 11, 14))),
        ("+2mo", When(date(2027, 1, 21))),
        ("+1y", When(date(2027, 11, 21))),
        ("3 days ago", When(date(2026, 11, 18))),
        ("2 weeks ago", When(date(2026, 11, 7))),
        ("2026-12-03T17:00:00Z", When(date(2026, 12, 3), time(18, 0))),  # UTC → Ljubljana
    ],
)
def test_each_form(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "in three days",
        "+3q",
        "2026-13-01",
        "2026-02-30",
        "tomorrow 25:00",
        "tomorrow 6",
        "next blursday",
        "1e5",
        "in 2 weeks banana",
        "now 6pm",
        "x" * 200,
        "0000-01-01",
        "tomorrow 13pm",
    ],
)
def test_bad_dates_are_refused_with_the_accepted_forms(text):
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NOW)
    message = str(caught.value)
    assert "in 2 weeks" in message and "mentorlog --help" in message


def test_moment_uses_the_zone_of_now_and_a_default_time():
    moment = parse_moment("2026-12-03", NOW, time(10, 0))
    assert moment == datetime(2026, 12, 3, 10, 0, tzinfo=ZONE)
    assert parse_moment("tomorrow 6pm", NOW, time(10, 0)).hour == 18


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 31)))
def test_iso_dates_read_back_as_themselves(day):
    assert parse_date(day.isoformat(), NOW) == day


@given(st.integers(min_value=0, max_value=3000))
def test_in_n_days_and_plus_nd_agree(n):
    expected = SAT + timedelta(days=n)
    assert parse_date(f"in {n} days", NOW) == expected
    assert parse_date(f"+{n}d", NOW) == expected
    assert parse_date(f"-{n}d", NOW) == SAT - timedelta(days=n)


@given(st.integers(min_value=0, max_value=100), st.sampled_from(["w", "mo", "y"]))
def test_signed_offsets_are_symmetric(n, unit):
    ahead = parse_date(f"+{n}{unit}", NOW)
    behind = parse_date(f"-{n}{unit}", NOW)
    assert behind <= SAT <= ahead


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
)
def test_weekday_names_are_the_next_such_day(moment, name):
    now = moment.replace(tzinfo=ZONE)
    day = parse_date(name, now)
    assert 1 <= (day - now.date()).days <= 7
    assert day.strftime("%a").lower() == name


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        result = parse_when(text, NOW)
    except InvalidInput:
        return
    assert isinstance(result, When)


@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2999, 1, 1), timezones=st.just(UTC)))
def test_stamps_round_trip_to_the_millisecond_and_sort_as_text(moment):
    text = stamp(moment)
    assert text.endswith("Z") and len(text) == 24
    assert from_stamp(text) == moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    later = moment + timedelta(milliseconds=1)
    assert stamp(later) > text


def test_relative_day_reads_well():
    assert relative_day(SAT, SAT) == "today"
    assert relative_day(SAT + timedelta(days=1), SAT) == "tomorrow"
    assert relative_day(SAT + timedelta(days=5), SAT) == "in 5 days"
    assert relative_day(SAT - timedelta(days=3), SAT) == "3 days ago"
