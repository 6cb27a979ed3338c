"""The clock's zone (`dates.LocalZone`): the moment the clock read answers from the C library, every
other moment from the zone itself, and the two agree with zoneinfo in zones east and west of UTC, a
half-hour zone and one whose clocks move by half an hour, across the changes of the clocks and in
the repeated hour; a quick note never loads the zone."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time as clock
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentorlog.dates import from_stamp, local_moment, parse_moment, stamp, stamps, zone_name
from mentorlog.errors import InvalidInput

from .conftest import NOW

ZONES = ["Europe/Ljubljana", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]


@contextlib.contextmanager
def in_zone(name: str) -> Iterator[None]:
    """The process in zone `name` (TZ, read by the C library and by `local_zone`) for the while."""
    had = os.environ.get("TZ")
    os.environ["TZ"] = name
    clock.tzset()
    try:
        yield
    finally:
        if had is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = had
        clock.tzset()


def instants(zone: ZoneInfo) -> list[float]:
    """Seconds around each change of the clocks in 2026 (every quarter of an hour, both times of a
    repeated hour among them), and an ordinary afternoon."""
    found = [NOW.timestamp()]
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment.year == 2026:
        later = moment + timedelta(hours=6)
        if moment.astimezone(zone).utcoffset() != later.astimezone(zone).utcoffset():
            start = moment.timestamp()
            found += [start + minutes * 60 + 7.25 for minutes in range(0, 6 * 60, 15)]
        moment = later
    return found


@pytest.mark.parametrize("name", ZONES)
def test_the_clocks_moment_and_every_other_agree_with_the_zone(name):
    zone = ZoneInfo(name)
    with in_zone(name):
        for seconds in instants(zone):
            mine, real = local_moment(seconds), datetime.fromtimestamp(seconds, zone)
            assert (mine.replace(tzinfo=None), mine.fold) == (real.replace(tzinfo=None), real.fold), seconds
            assert mine.utcoffset() == real.utcoffset() and stamp(mine) == stamp(real), seconds
            assert mine.tzname() == real.tzname() and mine.dst() == real.dst()
            for days in (1, 2, 3):  # wall-clock days, across the change
                assert (mine + timedelta(days=days)).utcoffset() == (real + timedelta(days=days)).utcoffset()
                day = mine.date() + timedelta(days=days)
                for wall in (time(1, 30), time(2, 30), time(12)):
                    ours = datetime.combine(day, wall, mine.tzinfo)
                    assert stamp(ours) == stamp(datetime.combine(day, wall, zone)), (day, wall)
            for hours in (-3, -1, 1, 2, 5):  # stored moments shown in the zone
                stored = from_stamp(stamp(real + timedelta(hours=hours)))
                shown, expected = stored.astimezone(mine.tzinfo), stored.astimezone(zone)
                assert (shown.replace(tzinfo=None), shown.fold) == (
                    expected.replace(tzinfo=None),
                    expected.fold,
                )
                assert shown.utcoffset() == expected.utcoffset()


def test_the_zone_is_read_only_when_another_moment_asks(monkeypatch):
    read = []
    monkeypatch.setattr(stamps, "local_zone", lambda: read.append(1) or ZoneInfo("Europe/Ljubljana"))
    mine = local_moment(NOW.timestamp())
    assert stamp(mine) == stamp(NOW) and mine.date() == NOW.date() and mine.utcoffset() == NOW.utcoffset()
    assert read == []
    assert stamp(mine + timedelta(days=200)) == stamp(NOW + timedelta(days=200))  # the summer's offset
    assert read == [1]


def test_a_time_the_clocks_skip_is_refused_in_the_zones_own_name():
    with in_zone("Europe/Ljubljana"):
        now = local_moment(NOW.timestamp())
        with pytest.raises(InvalidInput) as caught:
            parse_moment("2027-03-28 02:30", now, time(10))
        assert "does not exist in Europe/Ljubljana" in str(caught.value)
        assert zone_name(now.tzinfo) == "Europe/Ljubljana"
        assert parse_moment("2027-03-28 03:00", now, time(10)).utcoffset() == timedelta(hours=2)


def test_a_quick_note_on_the_real_clock_never_loads_the_zone(journal_path):
    """The real clock (here a fixed one in its place, as a test may not read the real one): the note
    is stamped with its moment, and neither zoneinfo nor dateutil's zones are loaded."""
    env = {key: value for key, value in os.environ.items() if key != "MENTORLOG_NOW"}
    code = (
        "import sys, time\n"
        f"time.time = lambda: {NOW.timestamp()!r}\n"
        "from mentorlog.cli import main\n"
        "try:\n    main(['note', 'on the real clock', '--json'])\nexcept SystemExit:\n    pass\n"
        "print('loaded=' + ','.join(m for m in ('zoneinfo', 'dateutil.tz') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    *printed, loaded = out.stdout.strip().splitlines()
    assert loaded == "loaded=", out.stdout
    assert f'"created_at": "{stamp(NOW)}"' in "\n".join(printed), out.stdout
