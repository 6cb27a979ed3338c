"""A programme's year at the command line: a coordinator and generated pairs, each with the
mentee's journal and the mentor's (made from the mentee's bundle), joining through a shared
folder with the code. One pair completes, one stalls after its first session, one never approves
its agreement, one ends early, one goes on until its mentor leaves the programme. The dashboard's
every figure is checked against the pairs' own `status --json`; the quarter consultation planned
for the mentees reaches the agenda and the calendar (read with icalendar) of every mentee whose
mentorship goes on, and no mentor's; certificates go to the people of the completed mentorship.

The five pairs (ten journals, each joining with the code: scrypt, a second by design) run in the
slow set; two pairs, which cover the events' routing, run by default."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from .conftest import ZONE, Runner, clock_at

CODE = re.compile(r"shown once\): (.+)")
START = "2026-09-01"
KICKOFF = datetime(2026, 9, 1, 10, 0, tzinfo=ZONE)
QUARTER = datetime(2026, 11, 21, 14, 30, tzinfo=ZONE)  # the consultation is planned
YEAR_END = datetime(2027, 9, 2, 10, 0, tzinfo=ZONE)
NAMES = [
    ("Tomaž Zupan", "Maja Horvat"), ("Nina Kos", "Luka Bizjak"), ("Ana Kralj", "Jure Mlakar"),
    ("Eva Kranjc", "Jan Potočnik"), ("Rok Hribar", "Tina Golob"),
]  # fmt: skip
STORIES = ["completes", "stalls", "never-approves", "ends-early", "mentor-leaves"]


class Programme:
    def __init__(self, runner: Runner, root: Path, stories: list[str]):
        self.runner, self.root, self.stories = runner, root, stories
        self.folder = root / "folder"
        self.folder.mkdir()
        self.code = ""
        self.count = 0

    def run(self, who: str, *args: str, at: datetime, expect: int = 0):
        path = self.root / ("programme.db" if who == "coord" else f"{who}.db")
        env = {"MENTORLOG_HOME": str(self.root / "home"), "MENTORLOG_JOURNAL": str(path), **clock_at(at)}
        result = self.runner.run(list(args), env=env)
        assert result.exit_code == expect, (who, args, result.output)
        return result

    def json(self, who: str, *args: str, at: datetime):
        return json.loads(self.run(who, *args, "--json", at=at).stdout)

    def to_mentor(self, i: int, at: datetime) -> None:
        """The mentee's changes to the mentor's journal (a plain bundle)."""
        self.count += 1
        bundle = self.root / f"bundle-{self.count}.json"
        self.run(f"mentee{i}", "share", str(bundle), "--plain", at=at)
        self.run(f"mentor{i}", "merge", str(bundle), at=at)

    def held(self, i: int, day: str, number: int) -> None:
        at = datetime.fromisoformat(f"{day}T20:00").replace(tzinfo=ZONE)
        self.run(f"mentee{i}", "session", "plan", f"{day} 18:00", "--past", at=at)
        self.run(f"mentee{i}", "--as", "mentor", "session", "confirm", str(number), at=at)
        self.run(f"mentee{i}", "session", "held", str(number), at=at)
        self.to_mentor(i, at)


def _start(p: Programme) -> None:
    made = p.run(
        "coord", "programme", "init", "--name", "Creative Mentorship", "--coordinator", "Ana Novak",
        "--start", START, "--out", str(p.folder), at=KICKOFF,
    )  # fmt: skip
    p.code = CODE.search(made.stdout).group(1).strip()  # type: ignore[union-attr]
    p.run("coord", "programme", "sync", "--auto", "on", at=KICKOFF)
    for i, story in enumerate(p.stories):
        mentor, mentee = NAMES[i]
        init = ("init", "--mentor", mentor, "--mentee", mentee, "--me", "mentee", "--start", START)
        p.run(f"mentee{i}", *init, at=KICKOFF)
        first = p.root / f"first-{i}.json"
        p.run(f"mentee{i}", "share", str(first), "--plain", at=KICKOFF)
        p.run(f"mentor{i}", "init", "--from", str(first), at=KICKOFF)
        for who in (f"mentee{i}", f"mentor{i}"):
            p.run(who, "programme", "join", str(p.folder), "--code", p.code, at=KICKOFF)
        if story != "never-approves":
            p.run(f"mentee{i}", "agreement", "edit", "--meetings", "10", at=KICKOFF)
            p.run(f"mentee{i}", "agreement", "propose", at=KICKOFF)
            p.run(f"mentee{i}", "--as", "mentor", "agreement", "approve", at=KICKOFF + timedelta(days=3))
            p.to_mentor(i, KICKOFF + timedelta(days=3))
            p.held(i, "2026-09-10", 1)
        if story in ("completes", "mentor-leaves"):
            p.held(i, "2026-10-12", 2)
            p.held(i, "2026-11-16", 3)
        if story == "ends-early":
            at = datetime(2026, 10, 15, 12, 0, tzinfo=ZONE)
            p.run(f"mentee{i}", "end", "--early", "--on", "2026-10-15", "--reason", "moved abroad", at=at)
            p.to_mentor(i, at)


def _sync_all(p: Programme, at: datetime) -> None:
    for i in range(len(p.stories)):
        for who in (f"mentee{i}", f"mentor{i}"):
            p.run(who, "programme", "sync", at=at)
    p.run("coord", "programme", "sync", at=at)


def _dashboard_agrees(p: Programme, at: datetime) -> dict:
    """Every figure of the dashboard, pair by pair, against the pairs' own `status --json`."""
    status = p.json("coord", "programme", "status", at=at)
    pairs = {row["mentee"]: row for row in status["pairs"]}
    held_total = agreed_total = 0
    for i, story in enumerate(p.stories):
        row = pairs[NAMES[i][1]]
        for who in (f"mentee{i}", f"mentor{i}"):
            own = p.json(who, "status", at=at)
            assert row["phase"] == own["phase"], (story, who)
            assert row["sessions_held"] == own["counts"]["sessions_held"], (story, who)
            assert row["agreement_state"] == own["agreement"]["state"], (story, who)
            assert row["ended_on"] == (own["ended"] or {}).get("on"), (story, who)
            assert row["end_kind"] == (own["ended"] or {}).get("kind"), (story, who)
        held_total += row["sessions_held"]
        agreed_total += row["sessions_agreed"] or 0
        assert row["not_approved"] == (story == "never-approves"), story
        ended = story == "ends-early" or (story == "completes" and at > QUARTER)
        assert (row["pair"] in status["ended"]) == ended, story
    assert status["sessions"] == {"held": held_total, "agreed": agreed_total}
    return status


def _scenario(runner: Runner, root: Path, stories: list[str]) -> None:
    p = Programme(runner, root, stories)
    _start(p)
    _sync_all(p, QUARTER)
    status = _dashboard_agrees(p, QUARTER)
    rows = {row["mentee"]: row for row in status["pairs"]}
    for i, story in enumerate(stories):
        row = rows[NAMES[i][1]]
        assert row["inactive"] == (story in ("stalls", "never-approves")), story  # rhythm + 14 days
        assert (row["pair"] in status["inactive"]) == row["inactive"]
    # the quarter consultation for the mentees: planned once, published by automatic sync
    p.run("coord", "programme", "plan", "consultation", "2026-12-03 17:00", "--for", "mentees",
          "--place", "City Library, hall 2", "--title", "Quarter consultation", at=QUARTER)  # fmt: skip
    p.run("coord", "programme", "plan", "workshop", "2026-12-10 17:00", "--for", "mentors",
          "--title", "Mentoring well", at=QUARTER)  # fmt: skip
    _sync_all(p, QUARTER)
    import icalendar

    for i, story in enumerate(stories):
        ongoing = story != "ends-early"
        for who in (f"mentee{i}", f"mentor{i}"):
            agenda = json.loads(p.run(who, "agenda", "--format", "json", at=QUARTER).stdout)
            titles = {e["title"] for e in agenda["programme_events"]}
            calendar = icalendar.Calendar.from_ical(p.run(who, "calendar", at=QUARTER).stdout)
            programme = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("programme-")]
            summaries = {str(e["SUMMARY"]) for e in programme}
            consultation = "Creative Mentorship: consultation, Quarter consultation"
            if who.startswith("mentee") and ongoing:
                assert titles == {"Quarter consultation"}, (story, who)
                assert summaries == {consultation}, (story, who)
            elif who.startswith("mentee"):
                assert titles == set() and summaries == set(), (story, who)
            else:
                assert "Quarter consultation" not in titles and consultation not in summaries, (story, who)
                assert titles == ({"Mentoring well"} if ongoing else set()), (story, who)
    # the year goes on: the completed pair ends, a mentor leaves the programme
    end = datetime(2027, 8, 31, 12, 0, tzinfo=ZONE)
    for i, story in enumerate(stories):
        if story == "completes":
            p.run(f"mentee{i}", "end", "--on", "2027-08-31", at=end)
            p.to_mentor(i, end)
        if story == "mentor-leaves":
            p.run(f"mentor{i}", "programme", "leave", at=end)
    _sync_all(p, YEAR_END)
    status = _dashboard_agrees(p, YEAR_END)
    completed = [NAMES[i][1] for i, s in enumerate(stories) if s == "completes"]
    assert sorted(r["mentee"] for r in status["pairs"] if r["pair"] in status["completed"]) == completed
    leaving = [(NAMES[i][0], "mentor") for i, s in enumerate(stories) if s == "mentor-leaves"]
    assert [(item["name"], item["role"]) for item in status["left"]] == leaving
    out = root / "certificates"
    written = p.json("coord", "programme", "certificates", "--out", str(out), at=YEAR_END)
    expected = sorted(name for i, s in enumerate(stories) if s == "completes" for name in NAMES[i])
    assert sorted(item["name"] for item in written) == expected
    for item in written:
        assert "Sessions held: 3" in Path(item["file"]).read_text(encoding="utf-8")


@pytest.mark.slow  # ten journals join with the code (scrypt each) and live a year
def test_a_programme_of_five_pairs_over_a_year(click_command, tmp_path):
    _scenario(Runner(click_command), tmp_path, STORIES)


def test_a_programme_of_two_pairs_routes_the_events_by_role_and_by_ending(click_command, tmp_path):
    _scenario(Runner(click_command), tmp_path, ["completes", "ends-early"])
