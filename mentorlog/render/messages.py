"""Sentences the commands print that are more than a format string: who gets a shared record and
when, what an import brought in, what became of a session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentorlog.words import plural

if TYPE_CHECKING:
    from mentorlog.rows.sessions import SessionData, SessionEdited, SessionHeld


def partner_gets(partner: str, route: str, what: str = "it") -> str:
    """When the partner (`partner`: their name) has a shared record, in words true for the way the
    journal exchanges (`route`: `auto` through the sync folder, `share` after the next share, or
    neither yet)."""
    first = partner.split()[0] if partner.split() else "your partner"
    if route == "auto":
        return (
            f"{first} has {what} as soon as automatic sync writes your bundle into the folder, "
            "when this command ends"
        )
    if route == "share":
        return f"{first} has {what} after your next `mentorlog share` (or `mentorlog sync`)"
    return (
        f"{first} has {what} after your next `mentorlog share` (your first: the two journals "
        "have not exchanged anything yet)"
    )


def shared_or_private(private: bool, gets: str, many: bool = False, hint: str = "") -> str:
    """`It is private: it stays in your journal.` or `It is shared: GETS{hint}.` (`many`: They are)."""
    if private:
        return (
            "They are private: they stay in your journal."
            if many
            else "It is private: it stays in your journal."
        )
    return f"{'They are' if many else 'It is'} shared: {gets}{hint}."


def import_summary(data: dict[str, Any]) -> str:
    """What `import jrnl|csv` brought in (or would, with --dry-run)."""
    new = data["new"]
    span = (
        f", {data['first_day']} to {data['last_day']}"
        if data["first_day"] and data["first_day"] != data["last_day"]
        else (f", {data['first_day']}" if data["first_day"] else "")
    )
    skipped = (
        f" {plural(data['already_there'], 'entry', 'entries')} already in the journal, skipped."
        if data["already_there"]
        else ""
    )
    if data["dry_run"]:
        return f"Would import {plural(new, 'private note')}{span}.{skipped} Nothing was written (--dry-run)."
    if not new:
        return f"Nothing new to import: every entry is already in the journal.{skipped}"
    return f"Imported {plural(new, 'private note')}{span}.{skipped} `mentorlog log` shows them."


def session_time(data: SessionData) -> str:
    """`Wed 2027-01-20 18:00`: the session's local time, with its weekday."""
    from datetime import datetime

    try:
        return f"{datetime.fromisoformat(data['starts_at']):%a %Y-%m-%d %H:%M}"
    except ValueError:
        return str(data["starts_at"])


def session_planned(data: SessionData, past: bool) -> str:
    number = data["number"]
    return (
        f"Proposed session {number}: {session_time(data)}, {data['length_minutes']} min. "
        f"The other person confirms it with `mentorlog session confirm {number}`"
        + (f"; then mark it held: `mentorlog session held {number}`." if past else ".")
    )


def sessions_scheduled(result: dict[str, Any], numbers: str) -> list[str]:
    """A series proposed: one line a session, and how the other person confirms them (`numbers`)."""
    made = result["sessions"]
    return [
        f"Proposed {plural(len(made), 'session')}, {result['series']}:",
        *(f"  {data['number']:>3}  {session_time(data)}" for data in made),
        f"The other person confirms them with `mentorlog session confirm {numbers}`.",
    ]


def sessions_confirmed(data: dict[str, Any]) -> list[str]:
    lines = [
        f"Session {session['number']} is confirmed: {session_time(session)}." for session in data["confirmed"]
    ]
    if data["already_confirmed"]:
        lines.append(f"Already confirmed: {', '.join(str(n) for n in data['already_confirmed'])}.")
    if not data["confirmed"] and not data["already_confirmed"]:
        lines.append("No session waits for your confirmation.")
    return lines


def session_held(number: int, data: SessionHeld) -> str:
    already = "was already marked held" if data["already_held"] else "held"
    return (
        f"Session {number} {already} ({plural(data['topics_discussed'], 'topic')} discussed). "
        f"Feedback: `mentorlog feedback {number} --rating 1-5`."
    )


def session_edited(number: int, data: SessionEdited) -> str:
    if not data["changed"]:
        return f"Session {number} already has those values; nothing changed."
    online = data["mode"] == "online"
    where = data["link"] if online else data["place"] or "in person"
    return (
        f"Session {number} ({session_time(data)}, still {data['state']}) is now "
        f"{data['length_minutes']} min, {data['kind']}, {'online at ' if online else ''}{where}."
    )


def visibility_changed(moved: dict[str, Any], gets: str) -> str:
    """What `edit --shared` or `--private` did to an entry (`gets`: when the partner has it)."""
    what = f"{moved['kind'].capitalize()} {moved['short_id']}"
    if not moved["changed"]:
        return f"{what} is already {moved['visibility']}."
    if moved["visibility"] == "shared":
        return f"{what} is shared now: {gets}."
    if moved["partner_has_it"]:
        return (
            f"{what} is private now: it stops travelling, but your partner already has it from an "
            "earlier share (mentorlog cannot take it back from their journal)."
        )
    return f"{what} is private now; it was never shared."


def interrupted(saved: list[str], each: str, command: str, then: str = "asks again") -> str:
    """What a form stopped with Ctrl-C kept: `Interrupted: 2 areas saved (…); `mentorlog assess`
    asks again.` (each answer is saved as it is given)."""
    if not saved:
        return f"Interrupted: nothing was saved; `mentorlog {command}` asks again."
    return (
        f"Interrupted: {plural(len(saved), each)} saved ({', '.join(saved)}); `mentorlog {command}` {then}."
    )
