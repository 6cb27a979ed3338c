"""The date grammar: a table test per form, the manual's examples, and properties over many dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.dates import (
    When,
    date_order_from_env,
    from_stamp,
    in_days,
    parse_date,
    parse_moment,
    parse_when,
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


def test_days_from_today_read_well():
    assert in_days((SAT - SAT).days) == "today"
    assert in_days((SAT + timedelta(days=1) - SAT).days) == "tomorrow"
    assert in_days((SAT + timedelta(days=5) - SAT).days) == "in 5 days"
    assert in_days((SAT - timedelta(days=3) - SAT).days) == "3 days ago"


# --- the forms the manual promises, each with its meaning -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03.04.2028", When(date(2028, 4, 3))),
        ("3/4/2028", When(date(2028, 4, 3))),
        ("3-4-2028", When(date(2028, 4, 3))),
        ("17.3.2028", When(date(2028, 3, 17))),
        ("3.4.", When(date(2026, 4, 3))),  # no year: this year
        ("03.04.2028 18:30", When(date(2028, 4, 3), time(18, 30))),
        ("3/4/2028 at 6pm", When(date(2028, 4, 3), time(18, 0))),
        ("2026/12/03", When(date(2026, 12, 3))),  # year first stays year first
        ("2026-12-3", When(date(2026, 12, 3))),
        ("2026/12/3 6pm", When(date(2026, 12, 3), time(18, 0))),
        ("2026-12-03 18:00:30", When(date(2026, 12, 3), time(18, 0, 30))),
        ("wed 17 march 2027 18:00", When(date(2027, 3, 17), time(18, 0))),
        ("noon", When(SAT, time(12, 0))),
        ("tomorrow noon", When(SAT + timedelta(days=1), time(12, 0))),
        ("noon tomorrow", When(SAT + timedelta(days=1), time(12, 0))),
        ("6pm fri", When(date(2026, 11, 27), time(18, 0))),
        ("midnight", When(SAT + timedelta(days=1), time(0, 0))),  # the end of today
        ("fri midnight", When(date(2026, 11, 28), time(0, 0))),
        ("18:30", When(SAT, time(18, 30))),
        ("next week", When(date(2026, 11, 23))),  # the Monday of next week
        ("next week 10:00", When(date(2026, 11, 23), time(10, 0))),
        ("next month", When(date(2026, 12, 1))),  # the first of next month
        ("in a fortnight", When(date(2026, 12, 5))),
        ("in 2 fortnights", When(date(2026, 12, 19))),
        ("in 3 hours", When(SAT, time(17, 30))),
        ("in an hour", When(SAT, time(15, 30))),
        ("in 30 minutes", When(SAT, time(15, 0))),
        ("2 hours ago", When(SAT, time(12, 30))),
        ("+3h", When(SAT, time(17, 30))),
        ("-3h", When(SAT, time(11, 30))),
        ("+10h", When(SAT + timedelta(days=1), time(0, 30))),
        ("-30min", When(SAT, time(14, 0))),
        ("+90mins", When(SAT, time(16, 0))),
        ("+2mo", When(date(2027, 1, 21))),
        ("-30mo", When(date(2024, 5, 21))),
        ("+3d 18:00", When(date(2026, 11, 24), time(18, 0))),
        ("1 week ago", When(date(2026, 11, 14))),
    ],
)
def test_each_form_of_the_grammar(text, expected):
    assert parse_when(text, NOW) == expected


def test_month_first_is_a_switch():
    assert parse_date("3/4/2028", NOW, date_order="mdy") == date(2028, 3, 4)
    assert parse_date("03.04.2028", NOW, date_order="MDY") == date(2028, 3, 4)
    assert parse_date("12/25/2026", NOW, date_order="mdy") == date(2026, 12, 25)
    # words and ISO dates do not depend on the order
    assert parse_date("2028-04-03", NOW, date_order="mdy") == date(2028, 4, 3)
    assert parse_date("3 april 2028", NOW, date_order="mdy") == date(2028, 4, 3)
    assert parse_moment("3/4/2028", NOW, time(10, 0), date_order="mdy").date() == date(2028, 3, 4)


@pytest.mark.parametrize(
    ("text", "order", "switch"), [("4/13/2028", "dmy", "=mdy"), ("13/4/2028", "mdy", "=dmy")]
)
def test_a_numeric_date_impossible_in_the_order_names_the_switch(text, order, switch):
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NOW, date_order=order)
    assert "MENTORLOG_DATE_ORDER" + switch in str(caught.value)


def test_a_two_digit_year_is_refused_not_guessed():
    with pytest.raises(InvalidInput, match="in full"):
        parse_when("3/4/28", NOW)


def test_date_order_from_the_environment():
    assert date_order_from_env({}) == "dmy"
    assert date_order_from_env({"MENTORLOG_DATE_ORDER": ""}) == "dmy"
    assert date_order_from_env({"MENTORLOG_DATE_ORDER": " MDY "}) == "mdy"
    assert date_order_from_env({"MENTORLOG_DATE_ORDER": "dmy"}) == "dmy"
    with pytest.raises(InvalidInput) as caught:
        date_order_from_env({"MENTORLOG_DATE_ORDER": "ymd"})
    assert "MENTORLOG_DATE_ORDER" in str(caught.value) and "dmy" in str(caught.value)
    with pytest.raises(InvalidInput):
        parse_when("today", NOW, date_order="ymd")


def test_date_order_from_the_process_environment(monkeypatch):
    monkeypatch.setenv("MENTORLOG_DATE_ORDER", "mdy")
    assert date_order_from_env() == "mdy"
    monkeypatch.delenv("MENTORLOG_DATE_ORDER")
    assert date_order_from_env() == "dmy"


@pytest.mark.parametrize("text", ["+2m", "-30m", "+2 m", "-30m 18:00", "+2M"])
def test_m_alone_is_refused_with_the_two_spellings_that_work(text):
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NOW)
    message = str(caught.value)
    number = text.split("m")[0].split("M")[0].replace(" ", "")
    assert f"{number}min" in message and f"{number}mo" in message


@pytest.mark.parametrize(
    ("text", "year"),
    [("1899-12-31", "1899"), ("2201-01-01", "2201"), ("9999-12-31", "9999"), ("dec 3 1850", "1850"),
     ("31.12.1899", "1899"), ("+175y", "2201"), ("-127y", "1899"), ("0999-01-01", "999")],
)  # fmt: skip
def test_years_outside_1900_to_2200_are_refused_with_the_range(text, year):
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NOW)
    message = str(caught.value)
    assert "1900" in message and "2200" in message and year in message


@pytest.mark.parametrize(
    "text",
    ["+9999y", "+99999999d", "-9999999999w", "in 9999999999 hours", "+999999999999999min", "in 10000 years",
     "9999-12-31T23:00-05:00", "0001-01-01T00:00+05:00", "+9" * 30],
)  # fmt: skip
def test_offsets_far_beyond_the_range_are_refused_cleanly(text):
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NOW)
    message = str(caught.value)
    assert ("1900" in message and "2200" in message) or "mentorlog --help" in message


def test_the_edges_of_the_range_are_taken():
    assert parse_date("1900-01-01", NOW) == date(1900, 1, 1)
    assert parse_date("2200-12-31", NOW) == date(2200, 12, 31)
    assert parse_date("31.12.2200", NOW) == date(2200, 12, 31)


@pytest.mark.parametrize(
    "text",
    ["in 3 hours at 10:00", "+3h 18:00", "now 6pm", "thu 17 march 2027", "wed 17 march 2026", "18.30",
     "3/4/2028 banana", "next fortnight", "+3q", "12", "2026 12 03 x", "2026-2-30", "2026/13/01"],
)  # fmt: skip
def test_text_that_is_no_date_is_refused(text):
    with pytest.raises(InvalidInput):
        parse_when(text, NOW)


def test_a_weekday_that_does_not_match_the_date_is_named():
    with pytest.raises(InvalidInput) as caught:
        parse_when("thu 17 march 2027", NOW)
    assert "Wednesday" in str(caught.value) and "Thursday" in str(caught.value)


_WORDS = ["in", "ago", "next", "at", "a", "an", "+", "-", "3", "17", "2027", "9999999999", "0", ".", "/",
          "d", "w", "mo", "m", "y", "h", "min", "days", "weeks", "fortnight", "hours", "today", "tomorrow",
          "noon", "midnight", "now", "wed", "fri", "march", "dec", "18:00", "6pm", "13pm", "25:00", "z",
          "2026-03-29", "02:30", "3.4.2028", "4/13/2028", "T", ":", "utc", "+05:00", "month",
          "week"]  # fmt: skip


@given(
    st.one_of(st.text(max_size=40), st.lists(st.sampled_from(_WORDS), max_size=6).map(" ".join),
              st.lists(st.sampled_from(_WORDS), max_size=6).map("".join)),
    st.sampled_from(["dmy", "mdy"]),
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2199, 12, 1)),
    st.sampled_from(["Europe/Ljubljana", "America/New_York"]),
)  # fmt: skip
def test_any_text_is_a_date_in_range_or_an_invalid_input(text, order, wall, zone):
    from dateutil.tz import gettz

    now = wall.replace(tzinfo=gettz(zone))
    try:
        found = parse_when(text, now, date_order=order)
    except InvalidInput:
        return
    assert 1900 <= found.day.year <= 2200
    try:
        moment = parse_moment(text, now, time(10, 0), date_order=order)
    except InvalidInput as refused:
        assert "does not exist" in str(refused)  # only the DST gap is refused on top
        return
    assert moment.tzinfo is now.tzinfo and moment.date() == found.day
