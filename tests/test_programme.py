"""The programme around the pairs, at the command line: a coordinator's programme journal, pair
journals that join it with the code through a shared folder, the summaries they send, and the
coordinator's dashboard, checked against the pairs' own `status --json`."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from .conftest import NOW, Runner, clock_at

CODE = re.compile(r"shown once\): (.+)")
START = "2026-09-01"


def decrypt(path: Path, coordinator: Path) -> dict:
    """A summary file opened with the programme's secret key (as the coordinator's journal does)."""
    import pyrage
    from pyrage import x25519

    with sqlite3.connect(coordinator) as db:
        (identity,) = db.execute("select identity from programme").fetchone()
    plain = pyrage.decrypt(path.read_bytes(), [x25519.Identity.from_str(identity)])
    return json.loads(plain)


class World:
    """A coordinator and pair journals in one temporary place, each run with its own clock."""

    def __init__(self, runner: Runner, root: Path):
        self.runner, self.root = runner, root
        self.folder = root / "folder"
        self.folder.mkdir()
        self.paths = {"coord": root / "coord" / "programme.db"}
        self.code = ""

    def path(self, who: str) -> Path:
        return self.paths.setdefault(who, self.root / who / "journal.db")

    def run(self, who: str, *args: str, at=None, expect: int = 0):
        env = {"MENTORLOG_HOME": str(self.root / "home"), "MENTORLOG_JOURNAL": str(self.path(who))}
        env.update(clock_at(at or NOW))
        result = self.runner.run(list(args), env=env)
        assert result.exit_code == expect, (args, result.output)
        return result

    def json(self, who: str, *args: str, at=None):
        return json.loads(self.run(who, *args, "--json", at=at).stdout)

    def pair(self, who: str, mentor: str, mentee: str) -> None:
        self.run(who, "init", "--mentor", mentor, "--mentee", mentee, "--me", "mentee", "--start", START)

    def join(self, who: str) -> None:
        self.run(who, "programme", "join", str(self.folder), "--code", self.code)

    def summary_rows(self) -> list[tuple]:
        with sqlite3.connect(self.paths["coord"]) as db:
            return db.execute("select * from summary order by journal_id").fetchall()

    def start_programme(self, name: str = "Creative Mentorship", coordinator: str = "Ana Novak") -> None:
        """The coordinator makes the programme into the shared folder; its code is kept."""
        made = self.run(
            "coord", "programme", "init", "--name", name, "--coordinator", coordinator, "--start", START,
            "--out", str(self.folder),
        )  # fmt: skip
        self.code = CODE.search(made.stdout).group(1).strip()  # type: ignore[union-attr]

    def approve(self, who: str, meetings: int) -> None:
        """The pair agrees on `meetings` meetings: the mentee proposes, the mentor approves."""
        self.run(who, "agreement", "edit", "--meetings", str(meetings))
        self.run(who, "agreement", "propose")
        self.run(who, "--as", "mentor", "agreement", "approve")


def held(world: World, who: str, when: str, number: int) -> None:
    world.run(who, "session", "plan", when, "--past")
    world.run(who, "--as", "mentor", "session", "confirm", str(number))
    world.run(who, "session", "held", str(number))


@pytest.fixture(scope="module")
def world(click_command, tmp_path_factory) -> World:
    w = World(Runner(click_command), tmp_path_factory.mktemp("programme"))
    w.start_programme()
    # pair A: both people joined; an approved agreement, two sessions held, ratings shared
    w.pair("a", "Tomaž Zupan", "Maja Horvat")
    w.run("a", "share", str(w.root / "first.json"), "--plain")
    w.run("a-mentor", "init", "--from", str(w.root / "first.json"))
    w.run("a", "agreement", "edit", "--meetings", "10")
    w.run("a", "agreement", "propose")
    w.run("a", "--as", "mentor", "agreement", "approve")
    held(w, "a", "2026-09-10 18:00", 1)
    held(w, "a", "2026-11-10 18:00", 2)
    w.run("a", "feedback", "1", "--rating", "4")
    w.run("a", "feedback", "2", "--rating", "5")
    # pair B: never approved its agreement, no session held (stalled)
    w.pair("b", "Nina Kos", "Luka Bizjak")
    # pair C: one session held, ended early
    w.pair("c", "Eva Kranjc", "Jan Potočnik")
    w.run("c", "agreement", "edit", "--meetings", "8")
    w.run("c", "agreement", "propose")
    w.run("c", "--as", "mentor", "agreement", "approve")
    held(w, "c", "2026-09-15 18:00", 1)
    w.run("c", "end", "--early", "--on", "2026-10-01", "--reason", "moved abroad")
    for who in ("a", "a-mentor", "b", "c"):
        w.join(who)
    w.run("a", "programme", "share-ratings", "on")
    w.run("a-mentor", "programme", "sync", at=NOW - timedelta(days=1))  # older: the mentee's is newer
    for who in ("a", "b", "c"):
        w.run(who, "programme", "sync")
    w.run("coord", "programme", "sync")
    return w


def test_the_dashboard_agrees_with_each_pairs_own_status(world):
    status = world.json("coord", "programme", "status")
    pairs = {p["mentee"]: p for p in status["pairs"]}
    assert set(pairs) == {"Maja Horvat", "Luka Bizjak", "Jan Potočnik"}
    for who, mentee in (("a", "Maja Horvat"), ("b", "Luka Bizjak"), ("c", "Jan Potočnik")):
        own = world.json(who, "status")
        assert pairs[mentee]["sessions_held"] == own["counts"]["sessions_held"]
        assert pairs[mentee]["phase"] == own["phase"]
        assert pairs[mentee]["agreement_state"] == (own["agreement"] or {}).get("state")
    a, b, c = pairs["Maja Horvat"], pairs["Luka Bizjak"], pairs["Jan Potočnik"]
    assert a["joined"] == ["mentee", "mentor"] and b["joined"] == ["mentee"]
    assert (a["sessions_held"], a["sessions_agreed"], a["hours_held"]) == (2, 10, 3.0)
    assert status["sessions"] == {"held": 3, "agreed": 18}  # A 10, B none said, C 8
    assert status["not_approved"] == [b["pair"]]
    assert status["inactive"] == [b["pair"]]  # A held a session 11 days ago; C has ended
    assert status["ended"] == [c["pair"]] and status["completed"] == []
    assert (c["ended_on"], c["end_kind"]) == ("2026-10-01", "early")
    assert status["feedback"] == {
        "average": 4.5,
        "by_month": [{"month": "2026-09", "average": 4.0}, {"month": "2026-11", "average": 5.0}],
    }
    assert b["feedback_average"] is None  # nothing shared
    assert status["quarter_due"] == [] and status["silent"] == []
    assert {i["phase"]: i["pairs"] for i in status["by_phase"]}["getting-started"] == 2  # A, B; C ended


def test_the_dashboard_moves_with_the_clock(world):
    later = world.json("coord", "programme", "status", at=NOW + timedelta(days=31))
    ongoing = {p["pair"] for p in later["pairs"] if p["ended_on"] is None}
    assert set(later["quarter_due"]) == ongoing  # the quarter (1 December) passed without a check-in
    assert set(later["silent"]) == {p["pair"] for p in later["pairs"]}
    assert len(later["inactive"]) == 1  # A: 41 days since its last session is within monthly + 14
    assert later["inactive"] == world.json("coord", "programme", "status")["inactive"]


def test_taking_the_summaries_in_again_writes_nothing(world):
    before = world.summary_rows()
    again = world.json("coord", "programme", "sync")
    assert again["taken"] == [] and again["refused"] == [] and again["unchanged"] == 4
    assert world.summary_rows() == before


def test_a_programme_journal_and_a_pairs_refuse_each_others_commands(world):
    refused = world.run("coord", "status", expect=1)
    assert "is a programme journal, not a pair's journal" in refused.output
    refused = world.run("a", "programme", "status", expect=1)
    assert "is a pair's journal, not a programme journal" in refused.output
    refused = world.run("coord", "programme", "join", str(world.folder), "--code", world.code, expect=1)
    assert "is a programme journal" in refused.output


@pytest.mark.slow  # joins a programme: the kick-off file opened with its code (scrypt, by design a second)
def test_joining_needs_the_right_code_and_one_programme_at_most(world):
    world.pair("d", "Ivo Mlakar", "Sara Zupančič")
    before = (world.path("d")).read_bytes()
    wrong = world.run("d", "programme", "join", str(world.folder), "--code", "acorn " * 5, expect=1)
    assert "the code does not open it" in wrong.output
    assert world.path("d").read_bytes() == before
    again = world.run("a", "programme", "join", str(world.folder), "--code", world.code, expect=1)
    assert "in the programme 'Creative Mentorship' already" in again.output
    missing = world.run("d", "programme", "preview", expect=1)
    assert "has not joined a programme" in missing.output


def test_a_summary_from_a_journal_that_did_not_join_is_refused(world):
    """A journal that holds the programme's public keys but was never given the code (its
    membership copied from another journal) is refused, and nothing is written."""
    world.pair("x", "Rok Hribar", "Tina Golob")
    with sqlite3.connect(world.path("a")) as source:
        row = source.execute("select * from programme_membership").fetchone()
    with sqlite3.connect(world.path("x")) as target:
        target.execute(f"insert into programme_membership values ({', '.join('?' * len(row))})", row)
    stray = world.root / "stray.age"
    world.run("x", "programme", "share", str(stray))
    before = world.summary_rows()
    result = world.run("coord", "programme", "merge", str(stray), expect=1)
    assert "token: this journal did not join the programme" in result.output
    assert world.summary_rows() == before


def test_one_bad_summary_never_blocks_the_others(world):
    bad = world.root / "bad.age"
    bad.write_bytes(b"age-encryption.org/v1\n-> X25519 nonsense\n--- abc\n" + b"\0" * 40)
    good = next(world.folder.glob("summary-*.age"))
    result = world.json("coord", "programme", "merge", str(bad), str(good))
    assert [r["file"] for r in result["refused"]] == [str(bad)]
    assert result["unchanged"] == 1


def _resealed(world: World, who: str, change) -> Path:
    """Who's summary, changed by `change`, signed again with that journal's own key and sealed to the
    programme: what a buggy or hostile mentorlog could send."""
    from mentorlog.programme import programme_format

    source = world.folder / next(p.name for p in world.folder.glob("summary-*.age"))
    data = {}
    for path in world.folder.glob("summary-*.age"):
        found = decrypt(path, world.paths["coord"])
        if found["journal"] == _journal_id(world, who):
            data, source = found, path
    assert data, source
    change(data)
    with sqlite3.connect(world.path(who)) as db:
        (secret,) = db.execute("select signing_key from keys").fetchone()
    with sqlite3.connect(world.paths["coord"]) as db:
        (recipient,) = db.execute("select recipient from programme").fetchone()
    out = world.root / f"hostile-{len(list(world.root.glob('hostile-*')))}.age"
    out.write_bytes(programme_format.seal_to(programme_format.signed(data, secret), recipient))
    return out


def _journal_id(world: World, who: str) -> str:
    with sqlite3.connect(world.path(who)) as db:
        return db.execute("select id from journal").fetchone()[0]


HOSTILE = [
    ("phase", lambda d: d.update(phase="done")),
    ("made_at", lambda d: d.update(made_at="2099-01-01T00:00:00.000Z")),
    ("made_at", lambda d: d.update(made_at="2026-02-30T00:00:00.000Z")),
    ("made_at", lambda d: d.update(made_at="2026-11-22T14:00:00.000Z")),  # 24½ hours ahead
    ("mentee", lambda d: d.update(mentee="Maja\nHorvat")),
    ("mentor", lambda d: d.update(mentor="x" * 5000)),
    ("agreement", lambda d: d["agreement"].update(place="Café Union")),
    ("agreement.meetings", lambda d: d["agreement"].update(meetings=-1)),
    ("agreement.end", lambda d: d["agreement"].update(end="2026-08-01")),
    ("sessions[1].state", lambda d: d["sessions"][0].update(state="delayed")),
    ("sessions[1].held_minutes", lambda d: d["sessions"][0].update(held_minutes=True)),
    ("sessions[1]", lambda d: d["sessions"][0].update(place="secret")),
    ("milestones[1].key", lambda d: d["milestones"][0].update(key="goal-achieved:Funding")),
    ("ratings[1].rating", lambda d: d["ratings"][0].update(rating=9)),
    ("summary", lambda d: d.update(notes=["a note"])),
    ("role", lambda d: d.update(role="mentor")),
    ("pair", lambda d: d.update(pair="not-an-id")),
    ("mentor", lambda d: d.update(mentor="Tomaž\x1b[31m Zupan")),
    ("sessions", lambda d: d.update(sessions=d["sessions"] * 2501)),
    ("sessions[1]", lambda d: d["sessions"].__setitem__(0, [[[[{"planned": "2026-09-10"}]]]])),
    ("last_activity", lambda d: d.update(last_activity="1899-12-31")),
    ("end.kind", lambda d: d.update(end={"on": "2026-11-01", "kind": "abandoned"})),
]


# what a schema cannot see: the clock, a real calendar day, the order of two days, a pinned role
SCHEMA_BLIND = {"made_at", "agreement.end", "role"}


@pytest.mark.parametrize(("field", "change"), HOSTILE, ids=[f"{f}-{i}" for i, (f, _) in enumerate(HOSTILE)])
def test_a_hostile_summary_is_refused_naming_the_field_and_nothing_is_written(world, field, change):
    before = world.summary_rows()
    hostile = _resealed(world, "a", change)
    result = world.run("coord", "programme", "merge", str(hostile), expect=1)
    assert f"{field}:" in result.output
    assert world.summary_rows() == before


def test_a_summary_altered_after_signing_is_refused(world):
    from mentorlog.programme import programme_format

    path = next(world.folder.glob("summary-*.age"))
    data = decrypt(path, world.paths["coord"])
    data["phase"] = "final-reflection"  # changed, not signed again
    with sqlite3.connect(world.paths["coord"]) as db:
        (recipient,) = db.execute("select recipient from programme").fetchone()
    altered = world.root / "altered.age"
    altered.write_bytes(programme_format.seal_to(data, recipient))
    result = world.run("coord", "programme", "merge", str(altered), expect=1)
    assert "signature: does not hold" in result.output


def test_the_newest_summary_of_a_journal_wins_whatever_the_order(world, tmp_path):
    older, newer = tmp_path / "older.age", tmp_path / "newer.age"
    world.run("a", "programme", "share", str(older), at=NOW - timedelta(days=3))
    world.run("a", "programme", "share", str(newer), at=NOW + timedelta(hours=1))
    copies = []
    for order in ((older, newer), (newer, older)):
        copy = tmp_path / f"coord-{len(copies)}.db"
        with sqlite3.connect(world.paths["coord"]) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        for path in order:
            world.runner.run(
                ["--journal", str(copy), "programme", "merge", str(path)],
                env=clock_at(NOW + timedelta(hours=2)),
            )
        with sqlite3.connect(copy) as db:
            copies.append(
                db.execute("select journal_id, made_at, body from summary order by journal_id").fetchall()
            )
    assert copies[0] == copies[1]
    made = {row[1] for row in copies[0]}
    assert "2026-11-21T14:30:00.000Z" in made  # pair A's journal: the newer one (an hour after NOW, UTC)


def test_real_summaries_follow_the_published_schema(world):
    import jsonschema

    schema = json.loads(
        (Path(__file__).parent.parent / "mentorlog" / "programme-summary.schema.json").read_text()
    )
    validator = jsonschema.Draft202012Validator(schema)
    found = [decrypt(path, world.paths["coord"]) for path in world.folder.glob("summary-*.age")]
    assert len(found) == 4
    for data in found:
        validator.validate(data)
    rich = next(data for data in found if data["ratings"])
    for field, change in HOSTILE:
        if field in SCHEMA_BLIND:
            continue
        bad = json.loads(json.dumps(rich))
        change(bad)
        assert not validator.is_valid(bad), field


def test_leaving_removes_the_journals_data_and_keeps_when(world):
    """(Last in this module: it changes the world.)"""
    b_pair = next(
        p["pair"] for p in world.json("coord", "programme", "status")["pairs"] if p["mentee"] == "Luka Bizjak"
    )
    left = world.run("b", "programme", "leave")
    assert "left Creative Mentorship on 2026-11-21" in left.stdout
    preview = world.json("b", "programme", "preview")
    assert preview["left_on"] == "2026-11-21" and preview["sessions"] == [] and preview["agreement"] is None
    world.run("coord", "programme", "sync")
    status = world.json("coord", "programme", "status")
    assert b_pair not in {p["pair"] for p in status["pairs"]}
    assert status["left"] == [
        {"pair": b_pair, "name": "Luka Bizjak", "role": "mentee", "left_on": "2026-11-21"}
    ]
    assert "Luka Bizjak (mentee) left on 2026-11-21" in world.run("coord", "programme", "status").stdout
    with sqlite3.connect(world.paths["coord"]) as db:
        (body,) = db.execute("select body from summary where pair_id = ?", [b_pair]).fetchone()
    assert set(json.loads(body)) == {"journal", "pair", "role", "mentor", "mentee", "left_on", "made_at"}


def test_the_programmes_json_keys_are_the_documented_ones(world):
    from .test_json_keys import check, documented, printed_keys

    sections = documented()
    status = world.json("coord", "programme", "status")
    check(status, sections["programme status --json"], "programme status")
    assert not {k for k in sections["programme status --json"]} - printed_keys(
        status, sections["programme status --json"]
    )
    merged = world.json("coord", "programme", "merge", *map(str, sorted(world.folder.glob("summary-*.age"))))
    check(merged, sections["programme merge FILE --json"], "programme merge")
    synced = world.json("coord", "programme", "sync")
    check(synced, sections["programme sync --json"], "programme sync")


@pytest.mark.slow  # joins a programme: the kick-off file opened with its code (scrypt, by design a second)
def test_with_automatic_sync_a_change_writes_the_summary_into_the_programme_folder(world, tmp_path):
    own = tmp_path / "programme-folder"
    own.mkdir()
    shutil.copy(world.folder / "programme.age", own / "programme.age")
    world.pair("e", "Petra Vidmar", "Marko Kos")
    world.run("e", "programme", "join", str(own), "--code", world.code)
    (tmp_path / "pair-folder").mkdir()
    world.run("e", "sync", str(tmp_path / "pair-folder"), "--auto", "on")
    assert list(own.glob("summary-*.age")) == []  # joined, nothing sent yet
    later = NOW + timedelta(hours=2)
    world.run("e", "session", "plan", "2026-12-01 18:00", at=later)
    (written,) = own.glob("summary-*.age")
    data = decrypt(written, world.paths["coord"])
    assert data["made_at"] == "2026-11-21T15:30:00.000Z" and len(data["sessions"]) == 1
    world.run("e", "status", at=later + timedelta(hours=1))  # reads only: no new summary
    world.run("e", "note", "A private thought", at=later + timedelta(hours=1))  # nothing that may leave
    assert decrypt(written, world.paths["coord"])["made_at"] == data["made_at"]
    world.run("e", "programme", "leave", at=later + timedelta(hours=2))
    world.run("e", "session", "plan", "2026-12-08 18:00", at=later + timedelta(hours=3))
    assert decrypt(written, world.paths["coord"])["left_on"] == "2026-11-21"  # left: nothing more


@pytest.mark.slow  # joins a programme: the kick-off file opened with its code (scrypt, by design a second)
def test_certificates_for_the_people_of_a_completed_mentorship_only(world, tmp_path):
    from .test_outputs_reports import lint

    coordinator = tmp_path / "coord.db"
    with sqlite3.connect(world.paths["coord"]) as source, sqlite3.connect(coordinator) as target:
        source.backup(target)
    world.run("f", "init", "--mentor", "Iva *Bold* Horvat", "--mentee", "# Lan Zorko", "--me", "mentee",
              "--start", START)  # fmt: skip
    held(world, "f", "2026-09-10 18:00", 1)
    held(world, "f", "2026-10-10 18:00", 2)
    world.run("f", "end", "--on", "2026-11-20")
    world.join("f")
    summary = tmp_path / "f.age"
    world.run("f", "programme", "share", str(summary))
    merge = ["--journal", str(coordinator), "programme", "merge", str(summary)]
    assert world.runner.run(merge, env=clock_at(NOW)).exit_code == 0
    out = tmp_path / "certificates"
    made = world.runner.run(
        ["--journal", str(coordinator), "programme", "certificates", "--out", str(out), "--json"]
    )
    assert made.exit_code == 0, made.output
    written = json.loads(made.stdout)
    from .test_json_keys import check, documented

    check(written, documented()["programme certificates --json"], "programme certificates")
    assert sorted((w["name"], w["role"]) for w in written) == [
        ("# Lan Zorko", "mentee"),
        ("Iva *Bold* Horvat", "mentor"),
    ]
    for item in written:  # pair C ended early: no confirmation for Jan Potočnik or Eva Kranjc
        text = Path(item["file"]).read_text(encoding="utf-8")
        assert lint(text) == []
        assert "Sessions held: 2" in text and "Hours: 3.0" in text and "2026-09-01 to 2026-11-20" in text
        assert text.count("\n# ") == 0 and "\\# Lan Zorko" in text  # a name is never a heading
    assert len(list(out.iterdir())) == 2 and (out.stat().st_mode & 0o777) == 0o700


def test_the_folder_is_data_a_link_is_left_alone(world, tmp_path):
    outside = tmp_path / "elsewhere.age"
    outside.write_bytes(next(world.folder.glob("summary-*.age")).read_bytes())
    link = world.folder / "summary-link.age"
    link.symlink_to(outside)
    try:
        result = world.json("coord", "programme", "sync")
    finally:
        link.unlink()
    assert {"file": str(link), "reason": "it is not a regular file (left alone)"} in result["refused"]
    assert result["unchanged"] >= 4


def test_ratings_travel_only_while_the_person_allows_it(world):
    assert [r["rating"] for r in world.json("a", "programme", "preview")["ratings"]] == [4, 5]
    world.run("a", "programme", "share-ratings", "off")
    try:
        assert world.json("a", "programme", "preview")["ratings"] is None
        shown = world.run("a", "programme", "preview").stdout
        assert "feedback ratings: not shared" in shown
    finally:
        world.run("a", "programme", "share-ratings", "on")
    wrong = world.run("a", "programme", "share-ratings", "maybe", expect=1)
    assert "share-ratings takes on or off" in wrong.output


@pytest.mark.slow  # joins a programme: the kick-off file opened with its code (scrypt, by design a second)
def test_a_journal_joined_from_a_file_shares_to_a_file(world, tmp_path):
    world.pair("g", "Maja Kralj", "Tim Zorman")
    kickoff = tmp_path / "programme.age"
    shutil.copy(world.folder / "programme.age", kickoff)
    world.run("g", "programme", "join", str(kickoff), "--code", world.code)
    refused = world.run("g", "programme", "sync", expect=1)
    assert "`mentorlog programme share FILE`" in refused.output
    world.run("g", "programme", "share", str(tmp_path / "g.age"))
    assert decrypt(tmp_path / "g.age", world.paths["coord"])["mentee"] == "Tim Zorman"
    again = world.run("g", "programme", "share", str(tmp_path / "g.age"), expect=1)  # never over a file
    assert "--force" in again.output


def test_someone_with_the_code_cannot_speak_for_a_journal_that_joined(world):
    """Another member heard the code: they can make a token for a key of their own, but a journal
    that joined is pinned to its key."""
    from mentorlog.programme import programme_format
    from mentorlog.sealing import signing

    (source,) = [
        p for p in world.folder.glob("summary-*.age") if decrypt(p, world.paths["coord"])["role"] == "mentor"
    ]
    data = decrypt(source, world.paths["coord"])
    secret, public = signing.new_key()
    data.update(
        signing_key=public, token=programme_format.token(world.code, public), phase="final-reflection"
    )
    with sqlite3.connect(world.paths["coord"]) as db:
        (recipient,) = db.execute("select recipient from programme").fetchone()
    forged = world.root / "forged.age"
    forged.write_bytes(programme_format.seal_to(programme_format.signed(data, secret), recipient))
    before = world.summary_rows()
    result = world.run("coord", "programme", "merge", str(forged), expect=1)
    assert "signing_key: not the key this journal joined with" in result.output
    assert world.summary_rows() == before


def test_the_dashboard_says_whether_each_due_pairs_consultations_are_planned(world):
    later = NOW + timedelta(days=31)  # every ongoing pair's quarter check-in is due
    before = world.json("coord", "programme", "status", at=later)
    due = set(before["quarter_due"])
    assert due and all(
        p["consultation_planned"] == {"mentees": False, "mentors": False} for p in before["pairs"]
    )
    world.run("coord", "programme", "plan", "consultation", "2027-01-10 17:00", "--for", "mentees", at=later)
    after = world.json("coord", "programme", "status", at=later)
    assert all(p["consultation_planned"] == {"mentees": True, "mentors": False} for p in after["pairs"])
    words = world.run("coord", "programme", "status", at=later).stdout
    for p in after["pairs"]:
        line = f"{p['mentor']} & {p['mentee']}: consultation for mentees planned, for mentors not planned yet"
        assert (line in words) == (p["pair"] in due), line
    event = world.json("coord", "programme", "events", at=later)[-1]["id"]
    world.run("coord", "programme", "cancel", event, at=later)  # a cancelled one plans nothing
    assert world.json("coord", "programme", "status", at=later)["pairs"] == before["pairs"]
