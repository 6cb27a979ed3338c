"""When a session may be planned: not in the past unless it really took place (`--past`), and within
the period the pair agreed on unless one insists (`--beyond-agreement`).

The agreed period is `agreement.terms(, Audience.OWNER)`: the approved agreement's, or before any approval the
period given at `init`, named as provisional. A series is checked as a whole, before anything is
written, and the refusal names the sessions that fall outside and the count that would fit.
"""

from __future__ import annotations

from datetime import date, datetime

from mentorlog.dates import in_days, is_past, long_date
from mentorlog.errors import Refused
from mentorlog.journal.journal import Journal
from mentorlog.model import Audience, Terms


def moment_words(moment: datetime) -> str:
    """`Wednesday 20 January 2027 18:00`."""
    return f"{long_date(moment.date())} {moment:%H:%M}"


def check_times(
    journal: Journal,
    moments: list[datetime],
    now: datetime,
    *,
    past: bool = False,
    beyond_agreement: bool = False,
    moving: bool = False,
) -> None:
    """Refuse sessions in the past (unless `past`) and outside the agreed period (unless
    `beyond_agreement`); `moments` are in date order."""
    if not past:
        gone = [m for m in moments if is_past(m, now)]
        if gone:
            raise Refused(_past_message(gone, moments, now, moving))
    if not beyond_agreement:
        from mentorlog.process.agreement import terms

        agreed = terms(journal, Audience.OWNER)
        outside = [m for m in moments if not agreed.start <= m.date() <= agreed.end]
        if outside:
            raise Refused(_outside_message(outside, moments, agreed, moving))


def _past_message(gone: list[datetime], moments: list[datetime], now: datetime, moving: bool) -> str:
    first = gone[0]
    ago = in_days((first.date() - now.date()).days)
    ago = "earlier today" if ago == "today" else ago
    if len(moments) == 1:
        what = f"{moment_words(first)} is in the past ({ago})"
    else:
        what = f"The series starts in the past: {moment_words(first)} ({ago})"
    ahead = "move it to a time ahead" if moving else "give a time ahead"
    return f"{what}. If the session really took place then, add --past; otherwise {ahead}."


def period_words(agreed: Terms) -> str:
    """`Tuesday 1 September 2026 to Wednesday 31 March 2027 (the approved agreement)`."""
    source = (
        "as given at `init`; provisional until an agreement is approved"
        if agreed.provisional
        else f"agreement version {agreed.version}"
    )
    return f"{long_date(agreed.start)} to {long_date(agreed.end)} ({source})"


def _outside_message(outside: list[datetime], moments: list[datetime], agreed: Terms, moving: bool) -> str:
    period = f"The mentorship runs from {period_words(agreed)}"
    insist = "--beyond-agreement"
    if len(moments) == 1:
        first = outside[0]
        side = _side(first.date(), agreed)
        verb = "move it there" if moving else "plan it"
        return (
            f"{moment_words(first)} falls {side}. {period}.\n"
            f"Choose a time within it, or add {insist} to {verb} anyway."
        )
    inside = [m for m in moments if agreed.start <= m.date() <= agreed.end]
    listed = ", ".join(f"{m:%a} {m.day} {m:%b %Y}" for m in outside[:3])
    more = f" and {len(outside) - 3} more" if len(outside) > 3 else ""
    after = all(m.date() > agreed.end for m in outside)
    side = "after the end of the mentorship" if after else "outside the period of the mentorship"
    sessions = "session" if len(outside) == 1 else "sessions"
    way = (
        f"give --count {len(inside)}"
        if after and inside
        else f"start on or after {long_date(agreed.start)}"
        if all(m.date() < agreed.start for m in outside)
        else "choose dates within it"
    )
    return (
        f"{len(outside)} {sessions} of the series ({listed}{more}) would fall {side}. {period}.\n"
        f"To plan only what fits, {way}; or add {insist} to plan them all anyway."
    )


def _side(day: date, agreed: Terms) -> str:
    if day < agreed.start:
        return f"before the start of the mentorship, {long_date(agreed.start)}"
    return f"after the end of the mentorship, {long_date(agreed.end)}"
