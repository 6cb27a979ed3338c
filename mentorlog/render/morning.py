"""The morning view in the terminal (`mentorlog journals`): a few lines per journal, what waits
first, the last exchange."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType

from mentorlog.render.terminal import Labelled, plain
from mentorlog.words import plural

if TYPE_CHECKING:
    from mentorlog.rows.status import LastExchange, MorningEntry


def morning_view(rows: list[MorningEntry]) -> Group:
    """The morning view (`mentorlog journals`): a few lines per journal, what waits first; a
    command to paste is never split over two lines."""
    parts: list[RenderableType] = []
    for row in rows:
        head = plain(row["name"], style="bold")
        if row["problem"]:
            head.append("  ")
            head.append(plain(row["problem"], style="red"))
            parts.append(head)
            continue
        mentee, mentor = (
            f"{name} ({role}{', you' if row['me'] == role else ''})"
            for role, name in (("mentee", row["mentee"]), ("mentor", row["mentor"]))
        )
        head.append(plain(f"  {mentee} & {mentor} · {row['phase']}"))
        if row["ended"]:
            head.append(plain(f" · ended {row['ended']}", style="dim"))
        named = row["partner"] or ""  # a journal that was read names the partner
        partner = named.split()[0] if named.split() else named
        lines: list[tuple[str, str]] = []
        s = row["next_session"]
        if s:
            when = f"{s['weekday']} {s['date']} {s['time']}, session {s['number']} ({s['state']})"
            lines.append(("next", ("under way: " if s["under_way"] else "") + when))
        elif not row["ended"]:
            lines.append(("next", "no session planned"))
        for waiting, who in ((row["waiting_for_me"], "you"), (row["waiting_for_partner"], partner)):
            first = waiting["first"]
            if waiting["count"] and first is not None:
                more = f" (and {waiting['count'] - 1} more)" if waiting["count"] > 1 else ""
                lines.append((f"for {who}", first["message"] + more))
        said = _exchange_words(row["last_exchange"], partner) if row["last_exchange"] else []
        if said:
            lines.append(("exchange", "; ".join(said)))
        parts.append(head)
        if lines:
            parts.append(Labelled(lines))
    return Group(*parts)


def _exchange_words(exchange: LastExchange, partner: str) -> list[str]:
    """The morning view's last exchange of one journal, in words."""
    said = []
    if exchange["shared_at"]:
        said.append(f"you shared {_moment(exchange['shared_at'])}")
    made = exchange["from_partner_at"]
    if exchange["merged_at"]:
        of = f" (made {_moment(made)})" if made else ""
        said.append(f"merged {partner}'s {_moment(exchange['merged_at'])}{of}")
    elif made:  # merged before this journal kept when
        said.append(f"last from {partner} {_moment(made)}")
    elif exchange["sync_folder"] or exchange["unshared_changes"]:
        said.append(f"nothing from {partner} yet")
    if exchange["unshared_changes"]:
        said.append(f"{plural(exchange['unshared_changes'], 'change')} not yet shared")
    return said


def _moment(stamp_text: str) -> str:
    """A stored moment (UTC) as local weekday, date and time."""
    from mentorlog.dates import from_stamp, local_zone

    moment = from_stamp(stamp_text).astimezone(local_zone())
    return f"{moment:%a} {moment:%Y-%m-%d %H:%M}"
