"""Series of sessions: weekly kinds keep the weekday, monthly the place in the month, the local
time stays across clock changes, and a raw RRULE is daily or coarser."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

import pytest
from dateutil.tz import gettz
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.dates import describe_series, parse_moment, series
from mentorlog.errors import InvalidInput

from .conftest import NOW, ZONE

NEW_YORK = gettz("America/New_York")
WED = datetime(2027, 1, 20, 18, 0, tzinfo=ZONE)  # the third Wednesday of January 2027


def _last_days(day: date) -> bool:
    return day.day > calendar.monthrange(day.year, day.month)[1] - 7


def test_monthly_from_the_third_wednesday_gives_seven_third_wednesdays_at_18():
    first = parse_moment("2027-01-20 18:00", NOW, time(10, 0))
    moments = series("monthly", first, 7)
    assert len(moments) == 7
    assert [m.month for m in moments] == [1, 2, 3, 4, 5, 6, 7]
    for moment in moments:
        assert moment.tzinfo is ZONE
        assert moment.strftime("%A") == "Wednesday"
        assert 15 <= moment.day <= 21  # the third of its month
        assert (moment.hour, moment.minute) == (18, 0)
    # winter and summer: the same wall time, a different instant in UTC
    assert moments[2].utcoffset() == timedelta(hours=1) and moments[3].utcoffset() == timedelta(hours=2)
    assert {m.astimezone(UTC).hour for m in moments} == {16, 17}


def test_monthly_in_the_last_seven_days_is_the_last_such_weekday():
    first = datetime(2027, 1, 27, 18, 0, tzinfo=ZONE)  # the last Wednesday (also the fourth)
    moments = series("monthly", first, 12)
    assert all(m.weekday() == 2 and _last_days(m.date()) for m in moments)
    assert date(2027, 3, 31) in [m.date() for m in moments]  # a fifth Wednesday, the last one
    assert describe_series("monthly", first) == "monthly on the last Wednesday at 18:00"


def test_monthly_on_the_fourth_that_is_not_the_last():
    first = datetime(2027, 3, 24, 9, 30, tzinfo=ZONE)  # 4th Wednesday; March has a fifth
    moments = series("monthly", first, 4)
    assert [m.date() for m in moments] == [
        date(2027, 3, 24),
        date(2027, 4, 28),
        date(2027, 5, 26),
        date(2027, 6, 23),
    ]
    assert describe_series("monthly", first) == "monthly on the fourth Wednesday at 09:30"


@pytest.mark.parametrize("zone", [ZONE, NEW_YORK], ids=["Ljubljana", "New_York"])
def test_fortnightly_across_the_march_change_keeps_18_local(zone):
    first = datetime(2027, 3, 3, 18, 0, tzinfo=zone)
    moments = series("fortnightly", first, 4)
    assert [m.date() for m in moments] == [
        date(2027, 3, 3),
        date(2027, 3, 17),
        date(2027, 3, 31),
        date(2027, 4, 14),
    ]
    assert all((m.hour, m.minute, m.weekday()) == (18, 0, 2) for m in moments)
    assert moments[0].utcoffset() != moments[-1].utcoffset()  # the clocks changed in between


@pytest.mark.parametrize("zone", [ZONE, NEW_YORK], ids=["Ljubljana", "New_York"])
def test_weekly_across_the_autumn_change_keeps_the_time(zone):
    moments = series("weekly", datetime(2027, 10, 20, 18, 0, tzinfo=zone), 4)
    assert [m.day for m in moments] == [20, 27, 3, 10]
    assert {(m.hour, m.minute) for m in moments} == {(18, 0)}
    assert len({m.utcoffset() for m in moments}) == 2


def test_every_3_weeks():
    moments = series("every-3-weeks", WED, 3)
    assert [m.date() for m in moments] == [date(2027, 1, 20), date(2027, 2, 10), date(2027, 3, 3)]


@pytest.mark.parametrize(
    "first",
    [datetime(2027, 10, 30, 2, 30, tzinfo=ZONE), datetime(2027, 11, 6, 1, 30, tzinfo=NEW_YORK)],
    ids=["Ljubljana", "New_York"],
)
def test_a_repeated_hour_is_the_first_occurrence_in_a_series(first):
    moments = series("FREQ=DAILY", first, 2)
    assert moments[1].replace(tzinfo=None) == first.replace(tzinfo=None) + timedelta(days=1)
    assert moments[1].utcoffset() == first.utcoffset()  # still summer time: the first of the two
    assert moments[1].astimezone(UTC) - first.astimezone(UTC) == timedelta(days=1)


@pytest.mark.parametrize(
    ("zone", "first"),
    [(ZONE, datetime(2027, 3, 27, 2, 30)), (NEW_YORK, datetime(2027, 3, 13, 2, 30))],
    ids=["Ljubljana", "New_York"],
)
def test_a_session_in_the_gap_moves_forward_by_the_gap(zone, first):
    moments = series("FREQ=DAILY", first.replace(tzinfo=zone), 3)
    walls = [m.replace(tzinfo=None) for m in moments]
    assert walls == [first, first + timedelta(days=1, hours=1), first + timedelta(days=2)]
    assert walls[1].hour == 3 and walls[1].minute == 30


@pytest.mark.parametrize(
    "rule", ["FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=30", "FREQ=HOURLY", "RRULE:FREQ=SECONDLY"]
)
def test_rules_finer_than_a_day_are_refused(rule):
    with pytest.raises(InvalidInput) as caught:
        series(rule, WED, 5)
    assert "DAILY" in str(caught.value) and "WEEKLY" in str(caught.value)


@pytest.mark.parametrize("rule", ["FREQ=DAILY;BYHOUR=9,18", "FREQ=WEEKLY;BYMINUTE=5"])
def test_rules_with_times_of_day_are_refused(rule):
    with pytest.raises(InvalidInput, match="--start"):
        series(rule, WED, 5)


@pytest.mark.parametrize(
    "rule",
    ["every day", "FREQ=FORTNIGHTLY", "FREQ=WEEKLY;INTERVAL=0", "FREQ=WEEKLY;COUNT=x",
     "FREQ=MONTHLY;BYDAY=9XX", "FREQ=WEEKLY;FREQ=DAILY", "FREQ=WEEKLY;DTSTART=20270101",
     "FREQ=WEEKLY;UNTIL=tomorrow", "", "monthly;"],
)  # fmt: skip
def test_what_is_no_cadence_is_refused_with_the_cadences(rule):
    with pytest.raises(InvalidInput) as caught:
        series(rule, WED, 5)
    assert "fortnightly" in str(caught.value) or "DAILY" in str(caught.value)


def test_count_and_until_inside_a_rule_are_kept_but_never_more_than_count():
    assert len(series("FREQ=WEEKLY;COUNT=3", WED, 10)) == 3
    assert len(series("FREQ=WEEKLY;COUNT=30", WED, 4)) == 4
    until_utc = series("FREQ=WEEKLY;UNTIL=20270203T170000Z", WED, 10)  # 18:00 local is 17:00 UTC
    assert [m.day for m in until_utc] == [20, 27, 3]
    until_day = series("FREQ=WEEKLY;UNTIL=20270203", WED, 10)
    assert [m.day for m in until_day] == [20, 27, 3]
    assert [m.day for m in series("FREQ=WEEKLY;UNTIL=20270203T175959", WED, 10)] == [20, 27]


def test_a_raw_rule_chooses_its_own_days():
    first = datetime(2027, 1, 1, 18, 30, tzinfo=ZONE)  # a Friday
    moments = series("FREQ=MONTHLY;BYDAY=1TU", first, 3)
    assert [m.date() for m in moments] == [date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2)]
    assert {(m.hour, m.minute) for m in moments} == {(18, 30)}


def test_until_ends_a_series_on_its_day_inclusive():
    moments = series("monthly", WED, 7, until=date(2027, 3, 17))
    assert [m.date() for m in moments] == [date(2027, 1, 20), date(2027, 2, 17), date(2027, 3, 17)]
    with pytest.raises(InvalidInput) as caught:
        series("monthly", WED, 7, until=date(2027, 1, 19))
    assert "Wednesday 20 January 2027" in str(caught.value) and "Tuesday 19 January 2027" in str(caught.value)


def test_a_series_stops_at_the_last_year_taken():
    assert len(series("FREQ=YEARLY", datetime(2198, 5, 5, 18, 0, tzinfo=ZONE), 10)) == 3


def test_a_series_needs_a_count_and_an_aware_start():
    with pytest.raises(InvalidInput):
        series("weekly", WED, 0)
    with pytest.raises(TypeError):
        series("weekly", WED.replace(tzinfo=None), 3)


def test_describe_series():
    assert describe_series("monthly", WED) == "monthly on the third Wednesday at 18:00"
    assert describe_series("weekly", WED) == "weekly on Wednesdays at 18:00"
    assert describe_series("Fortnightly", WED) == "every two weeks on Wednesdays at 18:00"
    assert describe_series("every-3-weeks", WED) == "every three weeks on Wednesdays at 18:00"
    assert (
        describe_series("FREQ=MONTHLY;BYDAY=1TU", WED)
        == "by the rule FREQ=MONTHLY;BYDAY=1TU from Wed 20 January 2027 at 18:00"
    )


@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2150, 1, 1)),
    st.sampled_from(["weekly", "fortnightly", "every-3-weeks", "monthly"]),
    st.sampled_from([ZONE, NEW_YORK]),
    st.integers(min_value=1, max_value=30),
)
def test_a_named_cadence_keeps_weekday_place_and_wall_time(wall, every, zone, count):
    wall = wall.replace(hour=18, minute=0, second=0, microsecond=0)  # never in a gap
    moments = series(every, wall.replace(tzinfo=zone), count)
    assert len(moments) == count
    assert moments == sorted(moments) and len(set(moments)) == count
    assert moments[0].replace(tzinfo=None) == wall
    for moment in moments:
        assert (moment.weekday(), moment.hour, moment.minute) == (wall.weekday(), 18, 0)
        if every == "monthly":
            if _last_days(wall.date()):
                assert _last_days(moment.date())
            else:
                assert (moment.day - 1) // 7 == (wall.day - 1) // 7
        else:
            weeks = {"weekly": 1, "fortnightly": 2, "every-3-weeks": 3}[every]
            assert (moment.date() - wall.date()).days % (7 * weeks) == 0
