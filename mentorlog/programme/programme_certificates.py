"""Confirmations of participation (`programme certificates --out DIR`): one per person whose
mentorship ended completed, from the summaries alone (the period, sessions held and their hours)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mentorlog.errors import InvalidInput
from mentorlog.programme.programme import Programme
from mentorlog.store import programme as programme_store


def completed_people(programme: Programme) -> list[dict[str, Any]]:
    """Each person of a pair whose newest summary (of a journal still in the programme) says the
    mentorship ended completed: name, role, the partner, the period and what was held."""
    newest: dict[str, dict[str, Any]] = {}
    for kept in programme_store.summaries(programme.db):
        if kept["left_on"] is None and (
            kept["pair_id"] not in newest or kept["made_at"] > newest[kept["pair_id"]]["made_at"]
        ):
            newest[kept["pair_id"]] = kept
    people = []
    for pair_id, kept in sorted(newest.items()):
        data = json.loads(kept["body"])
        if not data["end"] or data["end"]["kind"] != "completed":
            continue
        held = [s for s in data["sessions"] if s["state"] == "held"]
        common = {
            "pair": pair_id,
            "programme": programme.row["name"],
            "coordinator": programme.row["coordinator"],
            "start": data["agreement"]["start"],
            "ended_on": data["end"]["on"],
            "sessions_held": len(held),
            "hours_held": round(sum(s["held_minutes"] for s in held) / 60, 1),
        }
        people.append({**common, "name": data["mentee"], "role": "mentee", "partner": data["mentor"]})
        people.append({**common, "name": data["mentor"], "role": "mentor", "partner": data["mentee"]})
    return people


def write_certificates(
    programme: Programme, out: Path, render: Callable[[dict[str, Any]], str], force: bool = False
) -> list[dict[str, Any]]:
    """One confirmation per person, as `render` makes it, into the folder `out` (made 0700)."""
    from mentorlog.journal import files
    from mentorlog.paths import make_private_folders

    people = completed_people(programme)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"{out} is not a folder; give --out a folder for the confirmations.")
    make_private_folders(out)
    written = []
    for person in people:
        target = out / f"certificate-{person['pair'][-6:]}-{person['role']}.md"
        files.write_private(target, render(person), replace_existing=force)
        written.append({"name": person["name"], "role": person["role"], "file": str(target)})
    return written
