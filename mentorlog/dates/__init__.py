"""The date grammar, timestamps, series of sessions and the way dates read to people.

One module per subject: `grammar` (what a person may type), `stamps` (stored timestamps, the
local clock and zone, the DST gap), `series` (sessions at a cadence) and `words` (dates as they
read to people); every public name is importable from `mentorlog.dates` as well.

Every function that needs "now" takes it as an argument (an aware datetime in the user's
zone); nothing here reads the clock at import time. Dates without a time stay dates
(`2026-12-03`); moments are stored as UTC ISO 8601 with milliseconds and a `Z`, which sort
as text, and are shown in local time.

Design: numeric dates are read day first (`3.4.2028` is 3 April) unless the order is `mdy`;
only years 1900–2200 are taken. A typed local time that the clocks skip (the DST gap) is
refused with the valid times either side; a time they repeat means its first occurrence.
A series keeps its local wall-clock time across clock changes; an occurrence that falls into
a gap moves forward by the length of the gap (02:30 becomes 03:30), as RFC 5545 calendars do.
"""

from mentorlog.dates.grammar import (
    CLOCK_UNITS,
    DATE_ORDER_VARIABLE,
    DATE_ORDERS,
    FIRST_YEAR,
    GRAMMAR,
    LAST_YEAR,
    SHORT_FORMS,
    UNITS,
    WEEKDAYS,
    Clock,
    When,
    bad_date,
    check_date_order,
    date_order_from_env,
    parse_date,
    parse_moment,
    parse_when,
)
from mentorlog.dates.series import CADENCES, describe_series, series
from mentorlog.dates.stamps import (
    LocalZone,
    check_exists,
    from_stamp,
    is_past,
    local_moment,
    local_now,
    local_zone,
    stamp,
    zone_name,
)
from mentorlog.dates.words import QUARTER_MONTHS, in_days, in_words, long_date, quarter_mark

__all__ = [
    "CADENCES",
    "CLOCK_UNITS",
    "Clock",
    "DATE_ORDERS",
    "DATE_ORDER_VARIABLE",
    "FIRST_YEAR",
    "GRAMMAR",
    "LAST_YEAR",
    "LocalZone",
    "QUARTER_MONTHS",
    "SHORT_FORMS",
    "UNITS",
    "WEEKDAYS",
    "When",
    "bad_date",
    "check_date_order",
    "check_exists",
    "date_order_from_env",
    "describe_series",
    "from_stamp",
    "in_days",
    "in_words",
    "is_past",
    "local_moment",
    "local_now",
    "local_zone",
    "long_date",
    "parse_date",
    "parse_moment",
    "parse_when",
    "quarter_mark",
    "series",
    "stamp",
    "zone_name",
]
