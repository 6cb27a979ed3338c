"""Moments: stored timestamps, the local clock and zone, the DST gap and the past."""

from __future__ import annotations

import os
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
    return datetime.now(local_zone())


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
