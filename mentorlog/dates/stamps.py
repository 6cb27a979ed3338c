"""Moments: stored timestamps, the local clock and zone, the DST gap and the past."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta, tzinfo

from mentorlog.errors import InvalidInput

# --- local time: gaps, folds, the past ---------------------------------------------------


def _exists(wall: datetime, tz: tzinfo | None) -> bool:
    from dateutil.tz import datetime_exists

    return datetime_exists(wall.replace(tzinfo=tz))


def _gap_edges(wall: datetime, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """The last whole minute before and the first after the gap that naive `wall` falls in."""
    before = after = wall.replace(second=0, microsecond=0)
    for _ in range(48 * 60):  # no zone has skipped more than a day
        if _exists(before, tz):
            break
        before -= timedelta(minutes=1)
    for _ in range(48 * 60):
        if _exists(after, tz):
            break
        after += timedelta(minutes=1)
    return before, after


def zone_name(tz: tzinfo | None, moment: datetime | None = None) -> str:
    """The zone's name for people: `Europe/Ljubljana`, else its abbreviation."""
    if isinstance(tz, LocalZone):
        tz = tz.real()
    key = getattr(tz, "key", None)  # zoneinfo
    if isinstance(key, str) and key:
        return key
    filename = getattr(tz, "_filename", None)  # dateutil's tzfile
    if isinstance(filename, str) and filename:
        if "zoneinfo/" not in filename and filename.startswith("/"):
            filename = os.path.realpath(filename)  # /etc/localtime -> …/zoneinfo/Europe/Ljubljana
        if "zoneinfo/" in filename:
            return filename.split("zoneinfo/", 1)[1]
        if not filename.startswith("/"):
            return filename
    abbreviation = moment.tzname() if moment is not None else None
    return f"your time zone ({abbreviation})" if abbreviation else "your time zone"


def check_exists(moment: datetime) -> datetime:
    """`moment` if its local time exists; a time in the DST gap is refused with the valid
    times either side. A repeated time (the fold) is kept as given."""
    tz = moment.tzinfo
    if isinstance(tz, LocalZone):
        tz = tz.real()  # dateutil asks the zone itself
    wall = moment.replace(tzinfo=None)
    if tz is None or _exists(wall, tz):
        return moment
    before, after = _gap_edges(wall, tz)
    start = before + timedelta(minutes=1)
    raise InvalidInput(
        f"{wall:%H:%M} on {wall:%a} {wall.day} {wall:%B %Y} does not exist in {zone_name(tz, moment)}: "
        f"the clocks go forward from {start:%H:%M} to {after:%H:%M}.\n"
        f"Use {before:%H:%M} or {after:%H:%M}."
    )


def is_past(moment: datetime | date, now: datetime) -> bool:
    """Whether `moment` lies before `now`: a day before today, or a moment before this minute."""
    if isinstance(moment, datetime):
        return moment < now.replace(second=0, microsecond=0)
    return moment < now.date()


# --- timestamps ------------------------------------------------------------------------


def stamp(moment: datetime) -> str:
    """UTC ISO 8601 with milliseconds: `2026-11-21T06:37:23.123Z` (sorts as text)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_stamp(text: str) -> datetime:
    """The aware UTC moment of a stored timestamp."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def local_now() -> datetime:
    """The real clock, in the user's zone (`TZ`, else the system's); called at the edge (the
    CLI), never at import."""
    return local_moment(time.time())


def local_moment(seconds: float) -> datetime:
    """The moment `seconds` after the epoch, in the user's zone (a `LocalZone`): its time and offset
    as the C library gives them (`TZ`, else the system's zone, as `local_zone` reads them)."""
    wall = datetime.fromtimestamp(seconds)  # naive, with the fold of a repeated hour
    offset = wall - datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)  # rounded alike
    return wall.replace(tzinfo=LocalZone(wall, offset))


class LocalZone(tzinfo):
    """The user's zone (`local_zone`), read when a moment needs it.

    A quick note stamps the moment it was written and no other: that moment's offset comes from the
    C library with the clock (`local_moment`), and the zone itself — zoneinfo and the sysconfig it
    loads, milliseconds of a note's start-up (README, "Speed") — waits for another moment to ask:
    a day named, a session's time shown, a day added. Every moment but the one it was made for is
    answered by the zone, so the arithmetic of days across a change of the clocks is the zone's.
    """

    def __init__(self, wall: datetime, offset: timedelta) -> None:
        self._wall, self._offset = wall, offset  # the moment it was made for (naive, with its fold)
        self._zone: tzinfo | None = None

    def real(self) -> tzinfo:
        """The zone itself, read on first need."""
        if self._zone is None:
            self._zone = local_zone()
        return self._zone

    def utcoffset(self, moment: datetime | None) -> timedelta | None:
        if (
            moment is not None
            and moment.fold == self._wall.fold
            and moment.replace(tzinfo=None) == self._wall
        ):
            return self._offset
        return self.real().utcoffset(moment)

    def dst(self, moment: datetime | None) -> timedelta | None:
        return self.real().dst(moment)

    def tzname(self, moment: datetime | None) -> str | None:
        return self.real().tzname(moment)

    def fromutc(self, moment: datetime) -> datetime:
        zone = self.real()
        return zone.fromutc(moment.replace(tzinfo=zone)).replace(tzinfo=self)

    def __repr__(self) -> str:
        return f"LocalZone({self._zone!r})"


def local_zone() -> tzinfo:
    """The user's zone: `TZ`, else the system's (`/etc/localtime`).

    The standard library's zoneinfo reads a zone name and the system's zone file (it costs a
    quick note a few milliseconds where dateutil's tz costs ten); dateutil reads the rest (a
    POSIX rule in `TZ`, a path, Windows), as it did before.
    """
    from zoneinfo import ZoneInfo

    name = os.environ.get("TZ", "").removeprefix(":")
    try:
        if name and not os.path.isabs(name):
            return ZoneInfo(name)
        if not name:
            target = os.path.realpath("/etc/localtime")
            if "zoneinfo/" in target:
                return ZoneInfo(target.split("zoneinfo/", 1)[1])
    except (ValueError, OSError, LookupError):  # ZoneInfoNotFoundError is a KeyError
        pass
    from dateutil.tz import gettz, tzlocal

    return gettz() or tzlocal()
