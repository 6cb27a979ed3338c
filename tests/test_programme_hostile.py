"""Hostile summaries: the pair's hostile-bundle corpus (tests/test_hostile_bundles.py) turned on the
coordinator's intake. For every value a summary carries, bad values (a wrong type, out of range,
too long, control or invisible characters, a day far ahead, keys unknown or missing), and the
file's own faults (a role or a pair that is not the sender's, a key or a token not its own, a
signature tampered with or missing, a file not sealed, sealed to another programme, cut short or
armored, a link in the folder). Each is refused with the intake's own message, naming the field;
the coordinator's journal is unchanged (its whole SQL dump compared); and taken together with a
good summary, no bad file stops the good one."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import Runner
from .test_programme import World, decrypt, held

Spoil = Callable[[dict[str, Any]], Any]


@pytest.fixture(scope="module")
def world(click_command, tmp_path_factory) -> World:
    """A coordinator, and the mentee of one pair whose journal joined, sharing its ratings: an
    approved agreement, two sessions held and rated, one planned."""
    w = World(Runner(click_command), tmp_path_factory.mktemp("programme-hostile"))
    w.start_programme()
    w.pair("a", "Tomaž Zupan", "Maja Horvat")
    w.approve("a", 10)
    held(w, "a", "2026-09-10 18:00", 1)
    held(w, "a", "2026-10-10 18:00", 2)
    w.run("a", "session", "plan", "2026-12-10 18:00")
    w.run("a", "feedback", "1", "--rating", "4")
    w.run("a", "feedback", "2", "--rating", "5")
    w.join("a")
    w.run("a", "programme", "share-ratings", "on")
    w.run("a", "programme", "sync")
    w.run("coord", "programme", "sync")
    return w


def _one(db: Path, sql: str) -> Any:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


class Forge:
    """What a buggy or hostile sender can make: the good summary changed, then signed (with the
    journal's own key unless told) and sealed to the programme (unless told otherwise)."""

    def __init__(self, world: World):
        self.world = world
        (self.path,) = world.folder.glob("summary-*.age")
        self.good = decrypt(self.path, world.paths["coord"])
        self.secret = _one(world.path("a"), "select signing_key from keys")
        self.recipient = _one(world.paths["coord"], "select recipient from programme")

    def data(self, spoil: Spoil | None = None) -> dict[str, Any]:
        data = json.loads(json.dumps(self.good))
        if spoil is not None:
            spoil(data)
        return data

    def sealed(self, data: dict[str, Any], secret: str | None = None) -> bytes:
        from mentorlog.programme import programme_format

        return programme_format.seal_to(programme_format.signed(data, secret or self.secret), self.recipient)

    def stranger(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` as sent by a new journal that was given the code (a key of its own, a right token)."""
        from mentorlog.programme import programme_format
        from mentorlog.sealing import signing

        secret, public = signing.new_key()
        data.update(signing_key=public, token=programme_format.token(self.world.code, public))
        data["journal"] = "01m7" + "x" * 22
        data["_secret"] = secret
        return data


def value(spoil: Spoil) -> Callable[[Forge], bytes]:
    return lambda forge: forge.sealed(forge.data(spoil))


def put(key: str, bad: Any) -> Spoil:
    return lambda d: d.update({key: bad})


def inner(key: str, field: str, bad: Any, index: int | None = None) -> Spoil:
    def spoil(d: dict[str, Any]) -> None:
        (d[key] if index is None else d[key][index])[field] = bad

    return spoil


def held_session(d: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in d["sessions"] if s["state"] == "held")


FAR = "2150-01-01"
# (case, the spoiled value, the intake's own words)
VALUES: list[tuple[str, Spoil, str]] = [
    ("format-other", put("format", "mentorlog-bundle"), "format: not a summary of format 1"),
    ("version-newer", put("version", 2), "format: not a summary of format 1"),
    ("version-text", put("version", "1"), "format: not a summary of format 1"),
    ("journal-number", put("journal", 7), "journal: not a journal id"),
    ("journal-upper", put("journal", "01M7" + "X" * 22), "journal: not a journal id"),
    ("pair-short", put("pair", "01m7x"), "pair: not a journal id"),
    ("pair-other", put("pair", "01m7" + "y" * 22), "pair: this journal's pair changed"),
    ("role-boss", put("role", "boss"), "role: 'boss' is not one of mentor, mentee"),
    ("role-partners", put("role", "mentor"), "role: this journal's role changed"),
    ("role-list", put("role", ["mentee"]), "role: "),
    ("key-rsa", put("signing_key", "ssh-rsa AAAAB3NzaC1yc2E"), "signing_key: not an ssh-ed25519 public key"),
    ("key-number", put("signing_key", 1), "signing_key: not an ssh-ed25519 public key"),
    ("token-wrong", put("token", "0" * 64), "token: this journal did not join the programme"),
    ("token-number", put("token", 5), "token: this journal did not join the programme"),
    ("made-number", put("made_at", 1732195800), "made_at: not a UTC timestamp"),
    ("made-offset", put("made_at", "2026-11-21T14:30:00+01:00"), "made_at: not a UTC timestamp"),
    ("made-feb-30", put("made_at", "2026-02-30T10:00:00.000Z"), "made_at: not a real moment"),
    (
        "made-far-ahead",
        put("made_at", "2150-01-01T00:00:00.000Z"),
        "made_at: 2150-01-01T00:00:00.000Z is more",
    ),
    ("made-1899", put("made_at", "1899-12-31T00:00:00.000Z"), "made_at: 1899-12-31T00:00:00.000Z is outside"),
    ("mentor-null", put("mentor", None), "mentor: The mentor's name is missing"),
    ("mentor-number", put("mentor", 42), "mentor: The mentor's name is missing"),
    ("mentor-empty", put("mentor", "   "), "mentor: The mentor's name is empty"),
    ("mentor-long", put("mentor", "T" * 201), "mentor: The mentor's name is 201 characters; 200 is the most"),
    ("mentee-newline", put("mentee", "Maja\nHorvat"), "mentee: The mentee's name holds a line break"),
    ("mentee-esc", put("mentee", "Maja\x1b[2J"), "mentee: The mentee's name holds a control character"),
    ("mentee-bidi", put("mentee", "Maja\u202eHorvat"), "mentee: The mentee's name holds a control character"),
    ("mentee-nul", put("mentee", "Maja\x00"), "mentee: The mentee's name holds a control character"),
    ("mentee-invisible", put("mentee", "\u200b\u2060"), "mentee: The mentee's name is empty"),
    ("mentee-bom-end", put("mentee", "Maja Horvat\ufeff"), "mentee: not as a journal holds a name"),
    ("mentee-blank-ends", put("mentee", " Maja Horvat "), "mentee: not as a journal holds a name"),
    ("left-word", put("left_on", "yesterday"), "left_on: not a day (YYYY-MM-DD)"),
    ("left-with-data", put("left_on", "2026-11-20"), "left_on: a journal that left sends nothing but"),
    ("phase-done", put("phase", "done"), "phase: 'done' is not one of"),
    ("phase-null", put("phase", None), "phase: "),
    ("agreement-list", put("agreement", ["approved"]), "agreement: must hold exactly"),
    ("agreement-null", put("agreement", None), "agreement: must hold exactly"),
    ("agreement-place", inner("agreement", "place", "Café Union"), "agreement: must hold exactly"),
    ("agreement-state", inner("agreement", "state", "signed"), "agreement.state: 'signed' is not one of"),
    (
        "agreement-start",
        inner("agreement", "start", "2026-13-01"),
        "agreement.start: '2026-13-01' is not a real",
    ),
    (
        "agreement-start-1850",
        inner("agreement", "start", "1850-09-01"),
        "agreement.start: 1850-09-01 is outside",
    ),
    (
        "agreement-end-first",
        inner("agreement", "end", "2026-08-01"),
        "agreement.end: must come after the start",
    ),
    (
        "meetings-zero",
        inner("agreement", "meetings", 0),
        "agreement.meetings: not a whole number from 1 to 1000",
    ),
    ("meetings-huge", inner("agreement", "meetings", 10**12), "agreement.meetings: not a whole number"),
    ("meetings-text", inner("agreement", "meetings", "10"), "agreement.meetings: not a whole number"),
    ("meetings-float", inner("agreement", "meetings", 10.5), "agreement.meetings: not a whole number"),
    ("meetings-bool", inner("agreement", "meetings", True), "agreement.meetings: not a whole number"),
    ("cadence", inner("agreement", "cadence", "yearly"), "agreement.cadence: 'yearly' is not one of"),
    ("sessions-object", put("sessions", {"1": {}}), "sessions: not a list of at most 5000"),
    (
        "sessions-too-many",
        lambda d: d.update(sessions=d["sessions"][:1] * 5001),
        "sessions: not a list of at most",
    ),
    ("session-extra", inner("sessions", "topic", "Pricing", 0), "sessions[1]: must hold exactly"),
    ("session-nested", lambda d: d["sessions"].__setitem__(0, [[{}]]), "sessions[1]: must hold exactly"),
    ("session-day", inner("sessions", "planned", "10.9.2026", 0), "sessions[1].planned: not a day"),
    ("session-state", inner("sessions", "state", "delayed", 0), "sessions[1].state: 'delayed' is not one of"),
    (
        "held-minutes-0",
        inner("sessions", "held_minutes", 0, 0),
        "sessions[1].held_minutes: not a whole number",
    ),
    ("held-minutes-day", inner("sessions", "held_minutes", 1441, 0), "sessions[1].held_minutes: not a whole"),
    (
        "held-minutes-text",
        inner("sessions", "held_minutes", "90", 0),
        "sessions[1].held_minutes: not a whole",
    ),
    (
        "held-without-length",
        inner("sessions", "held_minutes", None, 0),
        "sessions[1].held_minutes: not a whole",
    ),
    (
        "planned-with-length",
        inner("sessions", "held_minutes", 60, 2),
        "sessions[3].held_minutes: only a held",
    ),
    ("held-far-ahead", inner("sessions", "planned", FAR, 0), "sessions[1].planned: 2150-01-01 is after"),
    ("milestones-text", put("milestones", "agreement-approved"), "milestones: not a list of at most 100"),
    ("milestones-too-many", lambda d: d.update(milestones=d["milestones"] * 101), "milestones: not a list"),
    (
        "milestone-goal-title",
        inner("milestones", "key", "goal-achieved:Funding", 0),
        "milestones[1].key: not a",
    ),
    (
        "milestone-key-list",
        inner("milestones", "key", ["goal-achieved"], 0),
        "milestones[1].key: not a milestone",
    ),
    (
        "milestone-day",
        inner("milestones", "date", "2026-11-31", 0),
        "milestones[1].date: '2026-11-31' is not",
    ),
    ("milestone-extra", inner("milestones", "title", "Funding", 0), "milestones[1]: must hold exactly"),
    ("end-text", put("end", "2026-11-01"), "end: must hold exactly on, kind"),
    ("end-kind", put("end", {"on": "2026-11-01", "kind": "abandoned"}), "end.kind: 'abandoned' is not one"),
    ("end-day", put("end", {"on": "2026-11-01T10:00", "kind": "completed"}), "end.on: not a day"),
    ("end-reason", put("end", {"on": "2026-11-01", "kind": "early", "reason": "moved"}), "end: must hold"),
    ("activity-word", put("last_activity", "today"), "last_activity: not a day"),
    ("activity-1899", put("last_activity", "1899-12-31"), "last_activity: 1899-12-31 is outside"),
    ("activity-far-ahead", put("last_activity", FAR), "last_activity: 2150-01-01 is after"),
    ("ratings-object", put("ratings", {"2026-09-10": 4}), "ratings: not a list of at most 5000"),
    ("rating-9", inner("ratings", "rating", 9, 0), "ratings[1].rating: not a whole number from 1 to 5"),
    ("rating-zero", inner("ratings", "rating", 0, 0), "ratings[1].rating: not a whole number from 1 to 5"),
    ("rating-text", inner("ratings", "rating", "5", 0), "ratings[1].rating: not a whole number from 1 to 5"),
    ("rating-comment", inner("ratings", "worked", "clear goals", 0), "ratings[1]: must hold exactly"),
    ("rating-far-ahead", inner("ratings", "session", FAR, 0), "ratings[1].session: 2150-01-01 is after"),
    ("unknown-key", put("notes", ["a note"]), "summary: unexpected or missing keys (notes)"),
    ("missing-key", lambda d: d.pop("phase"), "summary: unexpected or missing keys (phase)"),
]


def _armored(data: bytes) -> bytes:
    body = base64.b64encode(data)
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return b"\n".join([b"-----BEGIN AGE ENCRYPTED FILE-----", *lines, b"-----END AGE ENCRYPTED FILE-----\n"])


def _stranger_as(role: str) -> Callable[[Forge], bytes]:
    def make(forge: Forge) -> bytes:
        data = forge.stranger(forge.data(put("role", role)))
        return forge.sealed(data, data.pop("_secret"))

    return make


def _not_given_the_code(forge: Forge) -> bytes:
    """A new journal with a key of its own and a token made with a guessed code."""
    from mentorlog.programme import programme_format

    data = forge.stranger(forge.data(put("role", "mentor")))
    data["token"] = programme_format.token("acorn acorn acorn acorn acorn", data["signing_key"])
    return forge.sealed(data, data.pop("_secret"))


def _with_key_of_a(forge: Forge) -> bytes:
    """A new journal id signed with the pinned key of the journal that joined."""
    return forge.sealed(forge.data(put("journal", "01m7" + "z" * 22)))


def _signed_by_another(forge: Forge) -> bytes:
    from mentorlog.sealing import signing

    secret, _ = signing.new_key()
    return forge.sealed(forge.data(), secret)


def _unsigned(forge: Forge) -> bytes:
    from mentorlog.programme import programme_format

    data = forge.data()
    del data["signature"]
    return programme_format.seal_to(data, forge.recipient)  # the good summary without its signature


def _tampered(forge: Forge) -> bytes:
    from mentorlog.programme import programme_format

    data = programme_format.signed(forge.data(), forge.secret)
    data["sessions"][0]["held_minutes"] = 600  # changed after signing
    return programme_format.seal_to(data, forge.recipient)


def _signature_spoiled(forge: Forge) -> bytes:
    from mentorlog.programme import programme_format

    data = programme_format.signed(forge.data(), forge.secret)
    data["signature"] = data["signature"].replace("A", "B", 3)
    return programme_format.seal_to(data, forge.recipient)


def _to_another_programme(forge: Forge) -> bytes:
    from pyrage import x25519

    from mentorlog.programme import programme_format

    other = x25519.Identity.generate().to_public()
    return programme_format.seal_to(programme_format.signed(forge.data(), forge.secret), str(other))


def _sealed_plain(plain: bytes) -> Callable[[Forge], bytes]:
    def make(forge: Forge) -> bytes:
        import pyrage
        from pyrage import x25519

        return pyrage.encrypt(plain, [x25519.Recipient.from_str(forge.recipient)])

    return make


FILES: list[tuple[str, Callable[[Forge], bytes], str]] = [
    (
        "a-stranger-as-the-mentee-who-joined",
        _stranger_as("mentee"),
        "role: the pair's mentee joined with another",
    ),
    ("a-journal-not-given-the-code", _not_given_the_code, "token: this journal did not join the programme"),
    ("the-key-of-a-journal-that-joined", _with_key_of_a, "signing_key: another journal joined with this key"),
    ("signed-by-another-key", _signed_by_another, "signature: does not hold"),
    ("unsigned", _unsigned, "summary: unexpected or missing keys (signature)"),
    ("tampered-after-signing", _tampered, "signature: does not hold"),
    ("signature-spoiled", _signature_spoiled, "signature: does not hold"),
    ("not-sealed", lambda f: json.dumps(f.data()).encode(), "it is not a sealed summary (not an age file)"),
    ("empty", lambda f: b"", "it is not a sealed summary (not an age file)"),
    ("sealed-to-another-programme", _to_another_programme, "it was not sealed to this programme"),
    (
        "cut-short",
        lambda f: f.sealed(f.data())[:-40],
        "it was not sealed to this programme, or it was altered or cut short",
    ),
    (
        "cut-in-the-header",
        lambda f: f.sealed(f.data())[:60],
        "it was not sealed to this programme, or it was altered or cut short",
    ),
    ("armored", lambda f: _armored(f.sealed(f.data())), "it is ASCII-armored"),
    ("not-json", _sealed_plain(b"phase: final-reflection"), "its content is not JSON"),
    ("not-utf8", _sealed_plain(b'{"mentee": "\xff"}'), "its content is not JSON"),
    ("json-list", _sealed_plain(b"[1, 2]"), "its content is not a JSON object"),
    ("deep", _sealed_plain(b"[" * 100_000 + b"]" * 100_000), "its content is not JSON"),
    ("huge-number", _sealed_plain(b'{"version": ' + b"9" * 5000 + b"}"), "its content is not JSON"),
    (
        "the-kick-off-file",
        lambda f: (f.world.folder / "programme.age").read_bytes(),
        "it was not sealed to this programme",
    ),
]

CASES = [(case, value(spoil), words) for case, spoil, words in VALUES] + FILES


@pytest.fixture(scope="module")
def forge(world) -> Forge:
    return Forge(world)


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.mark.parametrize(("case", "make", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_summary_is_refused_in_the_intakes_own_words(world, forge, tmp_path, case, make, words):
    bad = tmp_path / f"summary-{case}.age"
    bad.write_bytes(make(forge))
    before = dump(world.paths["coord"])
    result = world.run("coord", "programme", "merge", str(bad), expect=1)
    assert f"Refused {bad}: {words}" in result.output, (case, result.output)
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert dump(world.paths["coord"]) == before


def test_the_corpus_is_fair_the_good_summary_signed_again_is_taken(world, forge, tmp_path):
    good = tmp_path / "good.age"
    good.write_bytes(forge.sealed(forge.data()))
    result = world.json("coord", "programme", "merge", str(good))
    assert result["refused"] == [] and result["unchanged"] == 1
    newer = tmp_path / "newer.age"
    newer.write_bytes(forge.sealed(forge.data(put("made_at", "2026-11-21T13:31:00.000Z"))))
    before = dump(world.paths["coord"])
    with_mentor = tmp_path / "mentor.age"
    mentor = forge.stranger(forge.data(put("role", "mentor")))
    with_mentor.write_bytes(forge.sealed(mentor, mentor.pop("_secret")))
    copy = tmp_path / "coord.db"
    with sqlite3.connect(world.paths["coord"]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    taken = json.loads(
        world.runner.run(
            ["--journal", str(copy), "programme", "merge", str(newer), str(with_mentor), "--json"]
        ).stdout
    )
    assert [t["role"] for t in taken["taken"]] == ["mentee", "mentor"]  # the pair's mentor may join
    assert dump(world.paths["coord"]) == before


def test_one_bad_file_never_blocks_the_good_one(world, forge, tmp_path):
    """Every bad file of the corpus in the programme's folder, with a link and a folder among them,
    and one good summary (newer): the good one is taken, each bad one refused as it was alone."""
    folder = tmp_path / "folder"
    folder.mkdir()
    for case, make, _ in CASES:
        (folder / f"summary-{case}.age").write_bytes(make(forge))
    (folder / "summary-link.age").symlink_to(forge.path)
    (folder / "summary-folder.age").mkdir()
    good = folder / "summary-zz-good.age"
    good.write_bytes(forge.sealed(forge.data(put("made_at", "2026-11-21T13:35:00.000Z"))))
    copy = tmp_path / "coord.db"
    with sqlite3.connect(world.paths["coord"]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    result = world.runner.run(["--journal", str(copy), "programme", "sync", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    synced = json.loads(result.stdout)
    assert [t["file"] for t in synced["taken"]] == [str(good)]
    reasons = {Path(r["file"]).name: r["reason"] for r in synced["refused"]}
    for case, _, words in CASES:
        assert reasons[f"summary-{case}.age"].startswith(words), case
    for name in ("summary-link.age", "summary-folder.age"):
        assert reasons[name] == "it is not a regular file (left alone)"
    assert _one(copy, "select made_at from summary") == "2026-11-21T13:35:00.000Z"


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 90
    keys = {case.split("-")[0] for case, _, _ in VALUES}
    assert keys >= {
        "format",
        "version",
        "journal",
        "pair",
        "role",
        "key",
        "token",
        "made",
        "mentor",
        "mentee",
        "left",
        "phase",
        "agreement",
        "meetings",
        "cadence",
        "sessions",
        "session",
        "held",
        "milestones",
        "milestone",
        "end",
        "activity",
        "ratings",
        "rating",
    }


# What the published schema cannot see: the pinned pair and role, the token's and signature's
# worth, real calendar days, the clock, the order of two days, and a name's blanks at its ends.
SCHEMA_BLIND = {
    "pair-other", "role-partners", "token-wrong", "made-feb-30", "made-far-ahead", "mentee-bom-end",
    "mentee-blank-ends", "agreement-end-first", "milestone-day", "held-far-ahead", "activity-far-ahead",
    "rating-far-ahead", "held-without-length", "planned-with-length",
}  # fmt: skip


def test_the_published_schema_refuses_what_it_can_see_of_the_corpus(forge):
    import jsonschema

    schema = json.loads(
        (Path(__file__).parent.parent / "mentorlog" / "programme-summary.schema.json").read_text()
    )
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(forge.data())
    seen = {case for case, spoil, _ in VALUES if not validator.is_valid(forge.data(spoil))}
    assert seen == {case for case, _, _ in VALUES} - SCHEMA_BLIND


def test_the_documented_summary_is_the_checked_one_and_the_schemas():
    """docs/programme-format.md's table of a summary's keys, the keys the intake checks and the
    published schema's properties are one list."""
    import re

    from mentorlog.programme.programme_intake import KEYS

    repo = Path(__file__).parent.parent
    doc = (repo / "docs" / "programme-format.md").read_text().split("## A summary")[1].split("\n## ")[0]
    documented = {key for row in re.findall(r"^\| `(\w+)`(?:, `(\w+)`)? \|", doc, re.M) for key in row if key}
    schema = json.loads((repo / "mentorlog" / "programme-summary.schema.json").read_text())
    assert documented == set(KEYS) == set(schema["properties"]) == set(schema["required"])
