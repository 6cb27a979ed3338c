"""The morning view of a mentor with several mentees (`mentorlog journals`): every journal in the
home, each with the partner, the phase, the next session, what waits for the owner there (as
commands that name the journal, to paste), what waits for the partner, and the last exchange.

Each journal's entry is read from that journal's own dashboard (`sessions/status.py:
status_report`), so the morning view and `mentorlog -j NAME status --json` never disagree: a nudge
that holds a command is a step of the owner's; one without a command that names the partner, or the
agreement while it is the partner's turn, waits for the partner.
"""

from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorlog import paths
from mentorlog.errors import JournalUnusable, NotFound
from mentorlog.journal.journal import opened
from mentorlog.pasteable import QUOTED, for_journal

if TYPE_CHECKING:
    from mentorlog.rows.sessions import NudgeData, SessionData
    from mentorlog.rows.status import MorningEntry, MorningSession, MorningSummary, Status, Step


def journal_option(name: str) -> str:
    """`-j NAME`: every command of the morning view names its journal, the default one too (a
    `MENTORLOG_JOURNAL` set in the shell would otherwise take it elsewhere)."""
    return f"-j {shlex.quote(name)}"


def morning(now: datetime) -> list[MorningEntry]:
    """Every journal in the home, in name order, each opened once (as `status` opens it)."""
    folder = paths.home()
    if not folder.is_dir():
        return []
    return [entry(path, now) for path in sorted(folder.glob(f"*{paths.SUFFIX}"))]


def entry(path: Path, now: datetime) -> MorningEntry:
    data: MorningEntry = {
        "name": path.stem,
        "path": str(path),
        "mentor": None,
        "mentee": None,
        "phase": None,
        "me": None,
        "problem": None,
        "partner": None,
        "ended": None,
        "next_session": None,
        "waiting_for_me": {"count": 0, "first": None},
        "waiting_for_partner": {"count": 0, "first": None},
        "last_exchange": None,
    }
    from mentorlog.sessions.status import status_report

    try:
        with opened(str(path)) as journal:
            report = status_report(journal, now)
    except (JournalUnusable, NotFound) as error:
        return {**data, "problem": str(error).split(". ")[0]}
    pair = report["pair"]
    return {**data, "mentor": pair["mentor"], "mentee": pair["mentee"], "me": pair["me"],
            **summary(report, path.stem)}  # fmt: skip


def summary(report: Status, name: str) -> MorningSummary:
    """The morning view's part of one journal's dashboard (`status --json`)."""
    pair = report["pair"]
    partner = pair["mentee"] if pair["me"] == "mentor" else pair["mentor"]
    first_name = partner.split()[0] if partner.split() else partner
    flag = journal_option(name)
    mine: list[NudgeData] = []
    theirs: list[NudgeData] = []
    for nudge in report["nudges"]:
        if _partners_turn(nudge, report):
            theirs.append(nudge)
        elif QUOTED in nudge["message"]:
            mine.append(nudge)
        elif first_name in nudge["message"]:
            theirs.append(nudge)
    upcoming = report["next_session"]
    exchange = report["exchange"]
    return {
        "partner": partner,
        "phase": report["phase"],
        "ended": report["ended"]["on"] if report["ended"] else None,
        "next_session": _session(upcoming, upcoming["under_way"]) if upcoming else None,
        "waiting_for_me": {
            "count": len(mine),
            "first": _step(mine[0], flag) if mine else None,
        },
        "waiting_for_partner": {
            "count": len(theirs),
            "first": {"code": theirs[0]["code"], "message": for_journal(theirs[0]["message"], flag)}
            if theirs
            else None,
        },
        "last_exchange": {
            "shared_at": exchange["shared_at"],
            "merged_at": exchange["merged_at"],
            "from_partner_at": exchange["partner_bundle_at"],
            "unshared_changes": exchange["unshared_changes"],
            "sync_folder": exchange["sync_folder"],
        },
    }


def _partners_turn(nudge: NudgeData, report: Status) -> bool:
    """The agreement not approved yet waits for the partner while it is theirs to act: the mentee
    writes and proposes it, the mentor approves it once proposed."""
    if nudge["code"] != "agreement-not-approved":
        return False
    proposed = report["agreement"]["state"] == "proposed"
    return proposed if report["pair"]["me"] == "mentee" else not proposed


def _session(session: SessionData, under_way: bool) -> MorningSession:
    starts = datetime.fromisoformat(session["starts_at"])
    return {
        "number": session["number"],
        "starts_at": session["starts_at"],
        "weekday": f"{starts:%a}",
        "date": starts.date().isoformat(),
        "time": f"{starts:%H:%M}",
        "state": session["state"],
        "under_way": under_way,
    }


def _step(nudge: NudgeData, flag: str) -> Step:
    """A nudge of the owner's, its commands naming the journal; `command`: the last one in it."""
    message = for_journal(nudge["message"], flag)
    start = message.rfind(QUOTED)
    command = message[start + 1 : message.index("`", start + 1)] if start != -1 else None
    return {"code": nudge["code"], "message": message, "command": command}


def next_sessions(now: datetime, include_private: bool) -> list[dict[str, Any]]:
    """`agenda --all`: the next session of every journal in the home, the soonest first (journals
    with none planned after them, then the ones that cannot be read), each with what its agenda
    holds and the command that shows that agenda."""
    from mentorlog.sessions.agenda import build_agenda

    folder = paths.home()
    found = []
    for path in sorted(folder.glob(f"*{paths.SUFFIX}")) if folder.is_dir() else []:
        item: dict[str, Any] = {"journal": path.stem, "partner": None, "problem": None, "session": None}
        item.update({"topics": [], "questions": 0, "actions_due": 0, "command": None})
        try:
            with opened(str(path)) as journal:
                agenda = build_agenda(journal, now, None, include_private=include_private)
                pair = journal.pair
        except (JournalUnusable, NotFound) as error:
            found.append({**item, "problem": str(error).split(". ")[0]})
            continue
        item["partner"] = pair.mentee if pair.me == "mentor" else pair.mentor
        session = agenda["session"]
        if session is not None:
            item["session"] = _session(session, False)
            item["session"].update({k: session.get(k) for k in ("mode", "place", "link", "length_minutes")})
            item["topics"] = [t["text"] for t in agenda["topics"]]
            item["questions"] = len(agenda["questions"])
            item["actions_due"] = len(agenda["actions"])
            item["command"] = f"mentorlog {journal_option(path.stem)} agenda --session {session['number']}"
        found.append(item)
    return sorted(found, key=lambda i: (i["problem"] is not None, i["session"] is None, _start(i)))


def _start(item: dict[str, Any]) -> float:
    return (
        0.0 if item["session"] is None else datetime.fromisoformat(item["session"]["starts_at"]).timestamp()
    )
