"""The mentor's morning in one command: `mentorlog journals` shows every journal in the home with
the partner, the phase, the next session, what waits for the owner (commands that name the
journal, to paste), what waits for the partner and the last exchange; checked against each
journal's own `status --json`, and its first command run as printed."""

from __future__ import annotations

import re
import shlex
from datetime import timedelta

from .conftest import NOW, as_json, clock_at, digest, ok

COMMAND = re.compile(r"`(mentorlog [^`]+)`")


def three_journals(cli, tmp_path):
    """A mentor's three journals (`ana`, `bo`, and the default one) in different states; `bo` has
    had a bundle from its partner."""
    for name, mentee in (("ana", "Ana Novak"), ("bo", "Bo Kos"), ("journal", "Cvetka Bizjak")):
        ok(cli("-j", name, "init", "--mentor", "Tomaž Zupan", "--mentee", mentee, "--me", "mentor",
               "--start", "2026-10-01"))  # fmt: skip
    # ana: two sessions proposed by Ana (at one laptop) wait for him; one held with no feedback
    ok(cli("-j", "ana", "--as", "mentee", "session", "plan", "2026-11-10 18:00", "--past"))
    ok(cli("-j", "ana", "session", "confirm", "1"))
    ok(cli("-j", "ana", "session", "held", "1"))
    ok(cli("-j", "ana", "--as", "mentee", "session", "schedule", "--every", "weekly", "--count", "2",
           "--start", "2026-11-26 17:00"))  # fmt: skip
    # bo: he proposed a session Bo has not confirmed; Bo's bundle came in (from Bo's own journal)
    bo_own = tmp_path / "bo-own.db"
    ok(cli("-j", "bo", "share", str(tmp_path / "to-bo.json"), "--plain"))
    ok(cli("-j", str(bo_own), "init", "--from", str(tmp_path / "to-bo.json")))
    ok(cli("-j", str(bo_own), "goal", "add", "Finish the portfolio", "--due", "2027-03-01"))
    ok(cli("-j", str(bo_own), "share", str(tmp_path / "from-bo.json"), "--plain"))
    ok(cli("-j", "bo", "merge", str(tmp_path / "from-bo.json")))
    ok(cli("-j", "bo", "session", "plan", "2026-11-23 10:00"))
    # the default journal: nothing planned, an overdue action of his
    ok(cli("action", "add", "Send the reading list", "--owner", "mentor", "--due", "2026-11-15"))


def test_the_morning_view_of_three_journals_agrees_with_each_status(cli, tmp_path, mentorlog_home):
    three_journals(cli, tmp_path)
    rows = as_json(cli("journals", "--json"))
    assert [row["name"] for row in rows] == ["ana", "bo", "journal"]
    for row in rows:
        status = as_json(cli("-j", row["name"], "status", "--json"))
        flag = f"-j {row['name']}"
        assert row["problem"] is None
        assert (row["mentor"], row["mentee"], row["me"]) == (
            "Tomaž Zupan",
            status["pair"]["mentee"],
            "mentor",
        )
        assert row["partner"] == status["pair"]["mentee"]
        assert row["phase"] == status["phase"]
        upcoming = status["next_session"]
        if upcoming is None:
            assert row["next_session"] is None
        else:
            s = row["next_session"]
            assert (s["number"], s["starts_at"], s["state"]) == (
                upcoming["number"], upcoming["starts_at"], upcoming["state"],
            )  # fmt: skip
            assert f"{s['date']}T{s['time']}" == upcoming["starts_at"][:16]
        # the agreement waits for the mentee to write and propose it: the partner's turn
        assert status["agreement"]["state"] is None
        mine = [n for n in status["nudges"] if n["code"] != "agreement-not-approved"]
        steps = [n for n in mine if "`mentorlog " in n["message"]]
        assert row["waiting_for_me"]["count"] == len(steps)
        first = row["waiting_for_me"]["first"]
        assert first["code"] == steps[0]["code"]
        # status names the journal chosen with -j; the morning view names every one, the default too
        expected = steps[0]["message"]
        assert (flag in expected) == (row["name"] != "journal")
        if flag not in expected:
            expected = expected.replace("`mentorlog ", f"`mentorlog {flag} ")
        assert first["message"] == expected
        assert first["command"] == COMMAND.findall(first["message"])[-1]
        assert first["command"].startswith(f"mentorlog {flag} ")
        partner = status["pair"]["mentee"].split()[0]
        theirs = [n for n in mine if "`" not in n["message"] and partner in n["message"]]
        assert row["waiting_for_partner"]["first"]["code"] == "agreement-not-approved"
        assert row["waiting_for_partner"]["count"] == len(theirs) + 1
        assert row["last_exchange"] == {
            "shared_at": status["exchange"]["shared_at"],
            "merged_at": status["exchange"]["merged_at"],
            "from_partner_at": status["exchange"]["partner_bundle_at"],
            "unshared_changes": status["exchange"]["unshared_changes"],
            "sync_folder": status["exchange"]["sync_folder"],
        }
    ana, bo, default = rows
    assert ana["next_session"]["weekday"] == "Thu" and ana["next_session"]["number"] == 2
    assert ana["waiting_for_me"]["first"]["command"] == "mentorlog -j ana session confirm 2-3"
    assert any(
        "Bo has not yet confirmed session 1" in n["message"]
        for n in as_json(cli("-j", "bo", "status", "--json"))["nudges"]
    )
    assert bo["waiting_for_partner"]["count"] == 3  # the agreement, session 1, its topic
    assert (
        bo["last_exchange"]["from_partner_at"] is not None and ana["last_exchange"]["from_partner_at"] is None
    )
    assert default["next_session"] is None
    assert "mentorlog -j journal " in default["waiting_for_me"]["first"]["command"]

    # on the terminal: each journal, its next session with the weekday, its first step to paste
    view = " ".join(ok(cli("journals")).stdout.split())
    assert (
        "ana Ana Novak (mentee) & Tomaž Zupan (mentor, you) · getting-started" in view
        and "Thu 2026-11-26 17:00, session 2 (proposed)" in view
    )
    assert "`mentorlog -j ana session confirm 2-3`" in view
    assert "for Bo No agreement yet: Bo writes and proposes it" in view and "(and 2 more)" in view
    assert "no session planned" in view
    # the first command of a journal, pasted, acts on that journal and on no other
    before = {name: digest(mentorlog_home / f"{name}.db") for name in ("bo", "journal")}
    ok(cli(*shlex.split(ana["waiting_for_me"]["first"]["command"])[1:]))
    confirmed = as_json(cli("-j", "ana", "session", "list", "--json"))
    assert [s["state"] for s in confirmed] == ["held", "confirmed", "confirmed"]
    assert {name: digest(mentorlog_home / f"{name}.db") for name in ("bo", "journal")} == before


def test_a_broken_file_in_the_home_is_named_and_the_rest_shown(cli, tmp_path, mentorlog_home):
    ok(cli("-j", "bo", "init", "--mentor", "Tomaž Zupan", "--mentee", "Bo Kos", "--me", "mentor"))
    (mentorlog_home / "broken.db").write_text("nope")
    rows = {row["name"]: row for row in as_json(cli("journals", "--json"))}
    assert "not a mentorlog journal" in rows["broken"]["problem"]
    assert rows["broken"]["waiting_for_me"] == {"count": 0, "first": None}
    assert rows["bo"]["partner"] == "Bo Kos"


def test_agenda_all_lists_the_next_session_of_every_journal(cli, tmp_path):
    three_journals(cli, tmp_path)
    ok(cli("-j", "ana", "--as", "mentee", "topic", "add", "Pricing my work", "--session", "2"))
    ok(cli("-j", "ana", "--as", "mentee", "topic", "add", "PRIVATE-CANARY-31", "--session", "2", "--private"))
    found = as_json(cli("agenda", "--all", "--format", "json"))
    # the soonest first (bo on Mon 23, ana on Thu 26), then the journal with none planned
    assert [(f["journal"], f["session"] and f["session"]["number"]) for f in found] == [
        ("bo", 1), ("ana", 2), ("journal", None),
    ]  # fmt: skip
    for item in found[:2]:
        own = as_json(cli("-j", item["journal"], "agenda", "--format", "json"))
        assert item["session"]["starts_at"] == own["session"]["starts_at"]
        assert item["topics"] == [t["text"] for t in own["topics"]]
        number = own["session"]["number"]
        assert item["command"] == f"mentorlog -j {item['journal']} agenda --session {number}"
    assert found[1]["topics"] == ["Pricing my work"]  # private topics stay out of the JSON
    assert found[2]["command"] is None and found[2]["partner"] == "Cvetka Bizjak"
    view = " ".join(ok(cli("agenda", "--all")).stdout.split())
    assert view.index("bo Mon 2026-11-23 10:00") < view.index("ana Thu 2026-11-26 17:00")
    assert "`mentorlog -j ana agenda --session 2`" in view
    assert "PRIVATE-CANARY-31" in view  # the terminal is the owner's own view, as `agenda` is
    refused = cli("agenda", "--all", "--session", "2")
    assert refused.exit_code == 2 and "leave it out with --all" in refused.stderr


def test_the_last_exchange_says_when_this_journal_shared_and_when_it_merged(cli, tmp_path):
    """Tomaž's journal with Bo and Bo's own: he shares on Saturday, Bo answers on Sunday, Tomaž
    merges it on Monday and shares again on Tuesday. His morning view gives each moment: his own
    last bundle, his last merge, and when Bo's bundle was made; merging it again moves nothing."""
    bo_own = tmp_path / "bo-own.db"
    saturday, sunday, monday, tuesday = (clock_at(NOW + timedelta(days=d)) for d in range(4))

    def last_exchange():
        (row,) = as_json(cli("journals", "--json"))
        exchange = as_json(cli("-j", "bo", "status", "--json"))["exchange"]
        names = {"from_partner_at": "partner_bundle_at"}  # the rest have the names of status's keys
        assert row["last_exchange"] == {key: exchange[names.get(key, key)] for key in row["last_exchange"]}
        assert set(row["last_exchange"]) == {
            "shared_at", "merged_at", "from_partner_at", "unshared_changes", "sync_folder",
        }  # fmt: skip
        return row["last_exchange"]

    ok(cli("-j", "bo", "init", "--mentor", "Tomaž Zupan", "--mentee", "Bo Kos", "--me", "mentor",
           "--start", "2026-10-01"))  # fmt: skip
    assert (last_exchange()["shared_at"], last_exchange()["merged_at"]) == (None, None)
    ok(cli("-j", "bo", "share", str(tmp_path / "to-bo.json"), "--plain", env=saturday))
    ok(cli("-j", str(bo_own), "init", "--from", str(tmp_path / "to-bo.json"), env=saturday))
    ok(cli("-j", str(bo_own), "goal", "add", "Finish the portfolio", env=sunday))
    ok(cli("-j", str(bo_own), "share", str(tmp_path / "from-bo.json"), "--plain", env=sunday))
    ok(cli("-j", "bo", "goal", "add", "Read the contracts chapter", env=sunday))  # his edit meanwhile
    ok(cli("-j", "bo", "merge", str(tmp_path / "from-bo.json"), env=monday))
    seen = last_exchange()
    assert seen["shared_at"] == "2026-11-21T13:30:00.000Z"  # Saturday, 14:30 in Ljubljana
    assert seen["merged_at"] == "2026-11-23T13:30:00.000Z"  # Monday
    assert seen["from_partner_at"] == "2026-11-22T13:30:00.000Z"  # made on Sunday
    assert seen["unshared_changes"] == 1  # his goal of Sunday
    view = " ".join(ok(cli("journals", env=monday)).stdout.split())
    assert (
        "you shared Sat 2026-11-21 14:30; merged Bo's Mon 2026-11-23 14:30 (made Sun 2026-11-22 14:30); "
        "1 change not yet shared" in view
    )
    ok(cli("-j", "bo", "merge", str(tmp_path / "from-bo.json"), env=tuesday))  # again: nothing moves
    assert last_exchange()["merged_at"] == "2026-11-23T13:30:00.000Z"
    ok(cli("-j", "bo", "share", str(tmp_path / "to-bo-2.age"), env=tuesday))
    assert last_exchange()["shared_at"] == "2026-11-24T13:30:00.000Z"
    assert last_exchange()["unshared_changes"] == 0
