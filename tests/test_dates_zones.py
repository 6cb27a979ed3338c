"""Local time in two zones, one east and one west of UTC: the DST gap refused, the repeated
hour read as its first occurrence, hours counted as elapsed time, the past, stored values."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from dateutil.tz import gettz
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.dates import (
    When,
    check_exists,
    from_stamp,
    is_past,
    parse_moment,
    parse_when,
    stamp,
    zone_name,
)
from mentorlog.errors import InvalidInput
from mentorlog.fields import is_iso_date, is_stamp

from .conftest import NOW, ZONE

NEW_YORK = gettz("America/New_York")
NOW_NY = datetime(2026, 11, 21, 14, 30, tzinfo=NEW_YORK)  # the same Saturday, west of UTC
TEN = time(10, 0)

# (zone, now in it, a wall time the clocks skip, a wall time they repeat, its summer offset)
ZONES = [
    pytest.param(ZONE, NOW, "2026-03-29 02:30", "2026-10-25 02:30", timedelta(hours=2), id="Ljubljana"),
    pytest.param(
        NEW_YORK, NOW_NY, "2026-03-08 02:30", "2026-11-01 01:30", timedelta(hours=-4), id="New_York"
    ),
]


@pytest.mark.parametrize(("zone", "now", "gap", "fold", "summer"), ZONES)
def test_a_time_in_the_gap_is_refused_with_the_valid_times_either_side(zone, now, gap, fold, summer):
    with pytest.raises(InvalidInput) as caught:
        parse_moment(gap, now, TEN)
    message = str(caught.value)
    assert "02:30" in message and "does not exist" in message
    assert zone_name(zone) in message and "/" in zone_name(zone)
    assert "go forward from 02:00 to 03:00" in message
    assert "Use 01:59 or 03:00." in message
    assert len(message.splitlines()) == 2
    # the times it names are accepted
    assert parse_moment(gap[:11] + "01:59", now, TEN).hour == 1
    assert parse_moment(gap[:11] + "03:00", now, TEN).hour == 3


@pytest.mark.parametrize(("zone", "now", "gap", "fold", "summer"), ZONES)
def test_the_gap_is_refused_whatever_the_form(zone, now, gap, fold, summer):
    day = date.fromisoformat(gap[:10])
    for text in (
        f"{gap[:10]}T02:30",
        f"{day.day}.{day.month}.{day.year} 02:30",
        f"{day:%b} {day.day} {day.year} 2:30am",
    ):
        with pytest.raises(InvalidInput, match="does not exist"):
            parse_moment(text, now, TEN)
    with pytest.raises(InvalidInput, match="does not exist"):
        parse_moment(gap[:10], now, time(2, 15))  # a default time in the gap too


@pytest.mark.parametrize(("zone", "now", "gap", "fold", "summer"), ZONES)
def test_a_repeated_time_is_its_first_occurrence(zone, now, gap, fold, summer):
    moment = parse_moment(fold, now, TEN)
    assert moment.utcoffset() == summer
    later = moment.astimezone(UTC) + timedelta(hours=1)
    assert later.astimezone(zone).replace(tzinfo=None) == moment.replace(
        tzinfo=None
    )  # the same wall time again


@pytest.mark.parametrize(("zone", "now", "gap", "fold", "summer"), ZONES)
def test_hours_count_elapsed_time_across_the_gap(zone, now, gap, fold, summer):
    before = datetime.fromisoformat(gap[:11] + "01:30").replace(tzinfo=zone)
    assert parse_when("+1h", before) == When(before.date(), time(3, 30))
    assert parse_when("in 90 minutes", before) == When(before.date(), time(4, 0))
    moment = parse_moment("+1h", before, TEN)
    assert moment - before == timedelta(hours=1) or moment.astimezone(UTC) - before.astimezone(
        UTC
    ) == timedelta(hours=1)


def test_hours_across_the_repeated_hour_land_on_the_second_occurrence():
    first = datetime(2026, 10, 25, 2, 30, tzinfo=ZONE)  # the first 02:30, summer time
    moment = parse_moment("+1h", first, TEN)
    assert moment.replace(tzinfo=None) == datetime(2026, 10, 25, 2, 30)
    assert moment.astimezone(UTC) == first.astimezone(UTC) + timedelta(hours=1)


def test_check_exists_passes_real_times_through():
    real = datetime(2026, 3, 29, 3, 0, tzinfo=ZONE)
    assert check_exists(real) is real
    assert check_exists(datetime(2026, 3, 29, 2, 30)) == datetime(
        2026, 3, 29, 2, 30
    )  # naive: no zone to check


@pytest.mark.parametrize(
    ("text", "ljubljana", "new_york"),
    [
        ("tomorrow 6pm", datetime(2026, 11, 22, 18, 0), datetime(2026, 11, 22, 18, 0)),
        ("now", datetime(2026, 11, 21, 14, 30), datetime(2026, 11, 21, 14, 30)),
        ("+3h", datetime(2026, 11, 21, 17, 30), datetime(2026, 11, 21, 17, 30)),
        ("2026-12-03T17:00:00Z", datetime(2026, 12, 3, 18, 0), datetime(2026, 12, 3, 12, 0)),
        ("dec 3 17:00 utc", datetime(2026, 12, 3, 18, 0), datetime(2026, 12, 3, 12, 0)),
        ("2026-12-03", datetime(2026, 12, 3, 10, 0), datetime(2026, 12, 3, 10, 0)),
    ],
)
def test_moments_are_in_the_zone_of_now(text, ljubljana, new_york):
    here = parse_moment(text, NOW, TEN)
    there = parse_moment(text, NOW_NY, TEN)
    assert here.tzinfo is ZONE and there.tzinfo is NEW_YORK
    assert (here.replace(tzinfo=None), there.replace(tzinfo=None)) == (ljubljana, new_york)


def test_a_moment_stored_is_the_same_instant_read_in_either_zone():
    moment = parse_moment("2027-03-17 18:00", NOW, TEN)
    assert stamp(moment) == "2027-03-17T17:00:00.000Z"
    assert from_stamp(stamp(moment)).astimezone(NEW_YORK).hour == 13


def test_is_past():
    assert is_past(date(2026, 11, 20), NOW)
    assert not is_past(NOW.date(), NOW)  # today is not past: a due date today is fine
    assert not is_past(parse_moment("now", NOW, TEN), NOW.replace(second=59))
    assert is_past(parse_moment("-1min", NOW, TEN), NOW)
    assert is_past(parse_moment("3 days ago", NOW, TEN), NOW)
    assert not is_past(parse_moment("+1min", NOW, TEN), NOW)
    assert not is_past(parse_moment("tomorrow", NOW, TEN), NOW)
    # instants compare across zones: 08:30 in New York is 14:30 in Ljubljana
    assert not is_past(datetime(2026, 11, 21, 8, 30, tzinfo=NEW_YORK), NOW)
    assert is_past(datetime(2026, 11, 21, 8, 29, tzinfo=NEW_YORK), NOW)


def test_stamps_are_zero_padded_for_every_year():
    assert stamp(datetime(999, 1, 2, 3, 4, 5, 6000, tzinfo=UTC)) == "0999-01-02T03:04:05.006Z"
    assert stamp(datetime(5, 1, 1, tzinfo=UTC)) == "0005-01-01T00:00:00.000Z"
    assert stamp(datetime(2026, 11, 21, 14, 30, tzinfo=ZONE)) == "2026-11-21T13:30:00.000Z"


@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 12, 30), timezones=st.just(UTC)))
def test_every_stamp_in_range_is_a_stamp(moment):
    assert is_stamp(stamp(moment))
    assert is_iso_date(moment.date().isoformat())


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)))
def test_stamps_have_one_width_and_sort_as_text(moment):
    assert len(stamp(moment)) == 24
    assert (stamp(moment) < stamp(moment + timedelta(milliseconds=1))) is True
    assert is_stamp(stamp(moment)) == (1900 <= moment.year <= 2200)


@pytest.mark.parametrize(
    "text",
    ["2026-11-21T13:30:00.000", "2026-11-21T13:30:00Z", "2026-11-21 13:30:00.000Z",
     "2026-02-30T00:00:00.000Z", "2026-11-21T24:00:00.000Z", "1899-12-31T23:59:59.999Z",
     "2201-01-01T00:00:00.000Z", "2026-11-21T13:30:00.000Z\n", " 2026-11-21T13:30:00.000Z",
     "２０２６-11-21T13:30:00.000Z", "2026-11-21T13:30:00.000+00:00", "", None, 20261121],
)  # fmt: skip
def test_is_stamp_refuses_anything_but_the_exact_shape(text):
    assert not is_stamp(text)


@pytest.mark.parametrize(
    "text",
    ["2026-2-3", "2026-02-30", "1899-12-31", "2201-01-01", "2026-11-21T00:00", "20261121", "2026-11-21\n",
     "٢٠٢٦-11-21", "2026-W47-6", "", None],
)  # fmt: skip
def test_is_iso_date_refuses_anything_but_the_exact_shape(text):
    assert not is_iso_date(text)


def test_the_checkers_take_the_edges():
    assert is_iso_date("1900-01-01") and is_iso_date("2200-12-31") and is_iso_date("2028-02-29")
    assert is_stamp("1900-01-01T00:00:00.000Z") and is_stamp("2200-12-31T23:59:59.999Z")
