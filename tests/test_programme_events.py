"""The programme's side towards the pairs, at the command line: the coordinator plans workshops,
consultations and announcements, publishes them as a bundle signed by the programme's key, and
each pair journal that joined takes in the events for its owner's role only, shown in `agenda`,
`status` and the calendar; changes and cancellations follow; a bundle not signed by the pinned
programme key, or with one bad value, is refused and writes nothing."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from .conftest import NOW, Runner, clock_at
from .test_json_keys import check, documented
from .test_outputs_reports import lint
from .test_programme import World as ProgrammeWorld

CODE = re.compile(r"shown once\): (.+)")
START = "2026-09-01"
EVENTS = "programme-events.json"


class World(ProgrammeWorld):
    """The coordinator and pair journals of tests/test_programme.py, read in their events too."""

    def received(self, who: str) -> list[tuple]:
        with sqlite3.connect(self.path(who)) as db:
            return db.execute(
                "select id, kind, audience, starts_at, place, link, title, state, version "
                "from received_event order by id"
            ).fetchall()

    def secret(self) -> str:
        with sqlite3.connect(self.paths["coord"]) as db:
            return db.execute("select signing_key from programme").fetchone()[0]


def titles(events: list[dict]) -> set[str]:
    return {event["title"] for event in events}


@pytest.fixture(scope="module")
def world(click_command, tmp_path_factory) -> World:
    w = World(Runner(click_command), tmp_path_factory.mktemp("programme-events"))
    made = w.run(
        "coord", "programme", "init", "--name", "Creative Mentorship", "--coordinator", "Ana Novak",
        "--start", START, "--out", str(w.folder),
    )  # fmt: skip
    w.code = CODE.search(made.stdout).group(1).strip()  # type: ignore[union-attr]
    # pair A: the mentee's journal and the mentor's, made from it; pair C: a mentee whose mentorship ended
    w.pair("mentee", "Tomaž Zupan", "Maja Horvat")
    w.run("mentee", "share", str(w.root / "first.json"), "--plain")
    w.run("mentor", "init", "--from", str(w.root / "first.json"))
    w.pair("ended", "Eva Kranjc", "Jan Potočnik")
    w.run("ended", "end", "--early", "--on", "2026-10-01", "--reason", "moved abroad")
    for who in ("mentee", "mentor", "ended"):
        w.join(who)
    w.run("coord", "programme", "plan", "consultation", "2026-12-03 17:00", "--for", "mentees",
          "--place", "City Library, hall 2", "--title", "Quarter consultation for mentees")  # fmt: skip
    w.run("coord", "programme", "plan", "consultation", "2026-12-03 19:00", "--for", "mentors",
          "--place", "City Library, hall 2", "--title", "Quarter consultation for mentors")  # fmt: skip
    w.run("coord", "programme", "plan", "workshop", "2026-12-10 17:00", "--for", "all", "--title",
          "Showing your work online", "--online", "https://meet.example.org/portfolio")  # fmt: skip
    w.run("coord", "programme", "announce", "The closing evening is on 27 August: save the date.")
    w.run("coord", "programme", "sync")
    for who in ("mentee", "mentor", "ended"):
        w.run(who, "programme", "sync")
    return w


def test_the_coordinator_plans_with_every_value_checked_and_nothing_written_when_refused(world):
    before = world.json("coord", "programme", "events")
    assert [e["kind"] for e in before] == ["announcement", "consultation", "consultation", "workshop"]
    workshop = before[-1]
    assert (workshop["for"], workshop["link"], workshop["place"]) == (
        "all",
        "https://meet.example.org/portfolio",
        None,
    )
    assert workshop["starts_at"] == "2026-12-10T17:00:00+01:00" and workshop["length_minutes"] == 90
    for args, message in (
        (("consultation", "yesterday", "--for", "mentees"), "has passed"),
        (("party", "tomorrow", "--for", "all"), "not 'party'"),
        (("workshop", "tomorrow", "--for", "bosses"), "--for takes all, mentors, mentees"),
        (("workshop", "tomorrow", "--for", "all", "--place", "A", "--online", "https://x.org"), "not both"),
        (("workshop", "tomorrow", "--for", "all", "--online", "javascript:alert(1)"), "not a web address"),
        (("workshop", "tomorrow", "--for", "all", "--title", "Two\nlines"), "title"),
        (("workshop", "31.2.2027", "--for", "all"), "31"),
        (("workshop", "tomorrow", "--for", "all", "--length", "5"), "from 15 to 600"),
    ):
        refused = world.run("coord", "programme", "plan", *args, expect=1)
        assert message in refused.output, (args, refused.output)
        assert "Traceback" not in refused.output
    assert world.json("coord", "programme", "events") == before
    assert "lists their ids" in world.run("coord", "programme", "cancel", "zzzzzz", expect=1).output


def test_each_event_reaches_only_the_role_it_is_for(world):
    mentee = world.json("mentee", "status")
    mentor = world.json("mentor", "status")
    assert titles(mentee["programme_events"]) == {
        "Quarter consultation for mentees",
        "Showing your work online",
    }
    assert titles(mentor["programme_events"]) == {
        "Quarter consultation for mentors",
        "Showing your work online",
    }
    assert [a["title"] for a in mentee["programme_announcements"]] == [
        "The closing evening is on 27 August: save the date."
    ]
    # nothing for the other role is even kept in the journal
    assert {row[2] for row in world.received("mentee")} == {"all", "mentees"}
    assert {row[2] for row in world.received("mentor")} == {"all", "mentors"}
    # an ended mentorship takes no event in, and shows none
    assert world.received("ended") == []
    assert world.json("ended", "status")["programme_events"] == []
    agenda = json.loads(world.run("mentee", "agenda", "--format", "json").stdout)
    assert titles(agenda["programme_events"]) == titles(mentee["programme_events"])
    assert all(e["programme"] == "Creative Mentorship" for e in agenda["programme_events"])
    keys = documented()
    check(mentee, keys["status --json"], "status of a journal in a programme")
    check(agenda, keys["agenda --format json"], "agenda of a journal in a programme")
    check(world.json("coord", "programme", "events"), keys["programme events --json"], "programme events")
    terminal = world.run("mentor", "status").stdout
    assert "Quarter consultation for mentors" in terminal and "for mentees" not in terminal


def test_the_agenda_in_markdown_lists_them_and_passes_the_linter(world, tmp_path):
    out = tmp_path / "agenda.md"
    world.run("mentee", "agenda", "--format", "markdown", "--out", str(out))
    text = out.read_text()
    assert "## From the programme" in text
    assert "Quarter consultation for mentees" in text and "for mentors" not in text
    assert lint(text) == []


def _calendar(world: World, who: str, at=None) -> dict[str, object]:
    import icalendar

    text = world.run(who, "calendar", at=at).stdout
    calendar = icalendar.Calendar.from_ical(text)
    return {str(c["UID"]): c for c in calendar.walk("VEVENT") if str(c["UID"]).startswith("programme-")}


def test_the_calendar_has_the_programmes_events_for_the_role_marked_as_the_programmes(world):
    mentee, mentor = _calendar(world, "mentee"), _calendar(world, "mentor")
    summaries = {str(e["SUMMARY"]) for e in mentee.values()}
    assert summaries == {
        "Creative Mentorship: consultation, Quarter consultation for mentees",
        "Creative Mentorship: workshop, Showing your work online",
    }
    assert not any("for mentees" in str(e["SUMMARY"]) for e in mentor.values())
    for event in mentee.values():
        categories = [str(c) for c in event["CATEGORIES"].cats]
        assert categories[0] == "PROGRAMME" and categories[1] in ("WORKSHOP", "CONSULTATION")
    workshop = next(e for e in mentee.values() if "workshop" in str(e["SUMMARY"]))
    assert str(workshop["URL"]) == "https://meet.example.org/portfolio"
    assert workshop.decoded("DTSTART").isoformat() == "2026-12-10T16:00:00+00:00"


def test_a_change_or_a_cancellation_by_the_coordinator_updates_the_pairs(world, tmp_path):
    for who in ("mentee", "mentor"):
        shutil.copy(world.path(who), tmp_path / f"{who}.db")
    before = _calendar(world, "mentor")
    events = world.json("coord", "programme", "events")
    workshop = next(e for e in events if e["kind"] == "workshop")
    mentors = next(e for e in events if e["for"] == "mentors")
    later = NOW + timedelta(minutes=5)
    world.run("coord", "programme", "change", workshop["id"][-6:], "--when", "2026-12-11 18:00", at=later)
    world.run("coord", "programme", "cancel", mentors["id"][-6:], at=later)
    world.run("coord", "programme", "sync", at=later)
    for who in ("mentee", "mentor"):
        synced = world.json(who, "programme", "sync", at=later)["events"]
        assert (synced["added"], synced["refused"]) == (0, None)
        assert synced["updated"] == (2 if who == "mentor" else 1)
    moved = next(
        e for e in world.json("mentee", "status", at=later)["programme_events"] if e["kind"] == "workshop"
    )
    assert (moved["starts_at"], moved["version"]) == ("2026-12-11T18:00:00+01:00", 2)
    after = _calendar(world, "mentor", at=later)
    uid = f"programme-{mentors['id']}@mentorlog"
    assert str(after[uid]["STATUS"]) == "CANCELLED" and str(before[uid]["STATUS"]) == "CONFIRMED"
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    cancelled = next(
        e for e in world.json("mentor", "status", at=later)["programme_events"] if e["for"] == "mentors"
    )
    assert cancelled["state"] == "cancelled"
    assert "(cancelled)" in world.run("mentor", "agenda", at=later).stdout


def test_the_same_bundles_in_any_order_converge_and_again_write_nothing(world, tmp_path):
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    world.run("coord", "programme", "share", str(old))
    world.run(
        "coord", "programme", "change", _event(world, "workshop")["id"][-6:], "--title", "Portfolio online"
    )
    world.run("coord", "programme", "share", str(new))
    found = []
    for order in ((old, new), (new, old), (new, new, old)):
        copy = tmp_path / f"mentee-{len(found)}.db"
        shutil.copy(world.path("mentee"), copy)
        for path in order:
            world.runner.run(["--journal", str(copy), "programme", "merge", str(path)], env=clock_at(NOW))
        with sqlite3.connect(copy) as db:
            found.append(
                db.execute("select id, title, state, version from received_event order by id").fetchall()
            )
    assert found[0] == found[1] == found[2]
    assert "Portfolio online" in {row[1] for row in found[0]}
    again = world.json("mentee", "programme", "merge", str(new))
    assert again["taken"][0]["updated"] in (0, 1)  # 1 the first time this journal sees the new title
    rows = world.received("mentee")
    repeated = world.json("mentee", "programme", "merge", str(new))["taken"][0]
    assert (repeated["added"], repeated["updated"]) == (0, 0)
    assert world.received("mentee") == rows


def _event(world: World, kind: str) -> dict:
    return next(e for e in world.json("coord", "programme", "events") if e["kind"] == kind)


def _bundle(world: World) -> dict:
    out = world.root / "current.json"
    world.run("coord", "programme", "share", str(out), "--force")
    return json.loads(out.read_text())


def _signed(world: World, data: dict, secret: str | None = None) -> Path:
    from mentorlog.programme import programme_format

    out = world.root / f"hostile-{len(list(world.root.glob('hostile-*')))}.json"
    out.write_text(json.dumps(programme_format.signed(data, secret or world.secret())))
    return out


def test_a_bundle_not_signed_by_the_pinned_programme_key_is_refused(world):
    from mentorlog.sealing import signing

    data = _bundle(world)
    data["events"][0]["title"] = "Changed on the way"
    altered = world.root / "altered.json"
    altered.write_text(json.dumps(data))  # not signed again
    stranger, _ = signing.new_key()
    forged = _signed(world, {k: v for k, v in data.items() if k != "signature"}, stranger)
    before = world.path("mentee").read_bytes()
    for path in (altered, forged):
        refused = world.run("mentee", "programme", "merge", str(path), expect=1)
        assert "signature: not signed by the programme this journal joined" in refused.output
    assert world.path("mentee").read_bytes() == before


def test_one_bad_bundle_never_blocks_another(world):
    bad = world.root / "bad.json"
    bad.write_text("{not json")
    good = world.root / "good.json"
    world.run("coord", "programme", "share", str(good), "--force")
    result = world.json("mentee", "programme", "merge", str(bad), str(good))
    assert [r["file"] for r in result["refused"]] == [str(bad)]
    assert [t["file"] for t in result["taken"]] == [str(good)]


HOSTILE = [
    ("events[1].kind", lambda e: e.update(kind="party")),
    ("events[1].for", lambda e: e.update({"for": "coordinators"})),
    ("events[1].starts_at", lambda e: e.update(starts_at="2026-02-30T10:00:00.000Z")),
    ("events[1].starts_at", lambda e: e.update(starts_at="tomorrow")),
    ("events[1].title", lambda e: e.update(title="Two\nlines")),
    ("events[1].title", lambda e: e.update(title="x" * 501)),
    ("events[1].title", lambda e: e.update(title="Red \x1b[31malert")),
    ("events[1].link", lambda e: e.update(link="javascript:alert(1)")),
    ("events[1].version", lambda e: e.update(version=True)),
    ("events[1].length_minutes", lambda e: e.update(length_minutes=10_000)),
    ("events[1].id", lambda e: e.update(id="../../etc")),
    ("events[1]", lambda e: e.update(secret="extra")),
    ("events[1]", lambda e: e.update(place="Hall", link="https://x.org")),
]


@pytest.mark.parametrize(("field", "change"), HOSTILE, ids=[f"{f}-{i}" for i, (f, _) in enumerate(HOSTILE)])
def test_a_hostile_value_signed_by_the_programme_is_refused_naming_it_and_nothing_is_written(
    world, field, change
):
    data = {k: v for k, v in _bundle(world).items() if k != "signature"}
    data["events"].sort(key=lambda e: e["kind"] == "announcement")  # the first is an event
    change(data["events"][0])
    hostile = _signed(world, data)
    before = world.received("mentee")
    refused = world.run("mentee", "programme", "merge", str(hostile), expect=1)
    assert f"{field}:" in refused.output, refused.output
    assert world.received("mentee") == before


def test_a_bundle_from_far_ahead_or_with_the_same_id_twice_is_refused(world):
    data = {k: v for k, v in _bundle(world).items() if k != "signature"}
    ahead = _signed(world, {**data, "made_at": "2026-11-23T10:00:00.000Z"})
    assert "made_at:" in world.run("mentee", "programme", "merge", str(ahead), expect=1).output
    twice = _signed(world, {**data, "events": data["events"] + data["events"][:1]})
    assert (
        "an event id is there twice" in world.run("mentee", "programme", "merge", str(twice), expect=1).output
    )


def test_with_automatic_sync_both_sides_exchange_on_every_command(world):
    """(Last in this module: it turns automatic sync on.) The coordinator's commands take the
    summaries in first and publish the events after; a pair's journal with `sync --auto on` takes
    the programme's events in when the file changed, without `programme sync`."""
    exchange = world.root / "exchange"
    exchange.mkdir()
    synced = world.json("mentee", "sync", str(exchange), "--auto", "on")  # takes the events in too
    assert (synced["programme_events"]["file"], synced["programme_events"]["refused"]) == (
        str(world.folder / EVENTS),
        None,
    )
    check(synced, documented()["sync --json"], "sync of a journal in a programme")
    assert world.json("coord", "programme", "sync", "--auto", "on")["auto"] is True
    later = NOW + timedelta(hours=1)
    world.run(
        "coord",
        "programme",
        "plan",
        "workshop",
        "2026-12-17 17:00",
        "--for",
        "mentees",
        "--title",
        "Pitching",
    )
    published = json.loads((world.folder / EVENTS).read_text())
    assert "Pitching" in {e["title"] for e in published["events"]}  # no `programme sync` needed
    status = world.json("mentee", "status", at=later)  # any command: the changed file taken in
    assert "Pitching" in titles(status["programme_events"])
    assert "Pitching" not in titles(world.json("mentor", "status", at=later)["programme_events"])
    # a summary arriving in the folder is taken in by the coordinator's next command
    world.run("mentee", "programme", "sync", at=later)
    world.run("coord", "programme", "status", at=later)
    with sqlite3.connect(world.paths["coord"]) as db:
        made = {row[0] for row in db.execute("select made_at from summary")}
    assert "2026-11-21T14:30:00.000Z" in made  # the mentee's summary of an hour after NOW (UTC)
    # unchanged files cost nothing: the next command writes nothing into the coordinator's journal
    before = world.paths["coord"].read_bytes()
    world.run("coord", "programme", "status", at=later)
    assert world.paths["coord"].read_bytes() == before
