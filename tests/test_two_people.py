"""Two people, one mentorship: each told what waits for them, in their own journal, and the
workflow steps that two people take twice or at once."""

from __future__ import annotations

from .conftest import as_json, clock_at, ok


def test_a_question_parked_during_a_session_goes_to_the_next_agenda(cli, journal_path):
    ok(cli("session", "plan", "2026-11-21 14:00", "--length", "90", "--past"))  # under way at 14:30
    ok(cli("session", "plan", "2026-12-05 18:00"))
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    asked = as_json(cli("note", "-q", "--shared", "What about the spring tour?", "--json"))
    assert asked["session"] == 2  # not the session under way: it is being asked there already
    ok(cli("session", "held", "1"))
    agenda = as_json(cli("agenda", "--format", "json"))
    assert agenda["session"]["number"] == 2
    assert [q["text"] for q in agenda["questions"]] == ["What about the spring tour?"]
    after = as_json(cli("note", "-q", "A question after the session", "--json", env=clock_at_later()))
    assert after["session"] == 2


def clock_at_later() -> dict[str, str]:
    from datetime import timedelta

    from .conftest import NOW

    return clock_at(NOW + timedelta(hours=2))


def test_a_question_cannot_be_parked_for_a_held_session(cli, journal_path):
    ok(cli("session", "plan", "2026-11-20 10:00", "--past"))
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    ok(cli("session", "held", "1"))
    refused = cli("note", "-q", "Too late?", "--session", "1")
    assert refused.exit_code == 1 and "a question is parked for a coming session" in refused.stderr


def test_held_twice_is_quiet_and_feedback_again_replaces(cli, journal_path):
    ok(cli("session", "plan", "2026-11-20 10:00", "--past"))
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    ok(cli("session", "held", "1"))
    again = ok(cli("session", "held", "1"))
    assert "already marked held" in again.stdout
    ok(cli("feedback", "1", "--rating", "3"))
    replaced = ok(cli("feedback", "1", "--rating", "5", "--worked", "clear steps"))
    assert "replaced your earlier feedback" in replaced.stdout and "It is shared" in replaced.stdout
    shown = as_json(cli("session", "show", "1", "--json"))
    assert [(f["author"], f["rating"]) for f in shown["feedback"]] == [("mentee", 5)]
    private = ok(cli("feedback", "1", "--rating", "4", "--private"))
    assert "It is private" in private.stdout


def test_confirm_takes_several_numbers_a_range_or_all(cli, journal_path):
    for day in ("01", "08", "15", "22"):
        ok(cli("session", "plan", f"2026-12-{day} 18:00"))
    confirmed = as_json(cli("--as", "mentor", "session", "confirm", "1", "3-4", "--json"))
    assert [s["number"] for s in confirmed["confirmed"]] == [1, 3, 4]
    everything = as_json(cli("--as", "mentor", "session", "confirm", "--all", "--json"))
    assert [s["number"] for s in everything["confirmed"]] == [2]
    assert ok(cli("--as", "mentor", "session", "confirm", "--all")).stdout.strip() == (
        "No session waits for your confirmation."
    )
    assert "Already confirmed: 1, 2." in ok(cli("--as", "mentor", "session", "confirm", "1-2")).stdout
    bad = cli("session", "confirm", "2-x")
    assert bad.exit_code == 1 and "4 5 6 or 4-6" in bad.stderr


def test_merge_without_a_journal_and_two_journals_started_apart(cli, tmp_path):
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"
    names = ("--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat")
    ok(cli("--journal", str(maja), "init", *names, "--me", "mentee"))
    bundle = tmp_path / "from-maja.json"
    ok(cli("--journal", str(maja), "share", str(bundle), "--plain"))
    missing = cli("--journal", str(tomaz), "merge", str(bundle))
    # the next step names the journal the command ran on (not the default one)
    assert missing.exit_code == 1 and f"`mentorlog -j {tomaz} init --from {bundle}`" in missing.stderr
    ok(cli("--journal", str(tomaz), "init", *names, "--me", "mentor"))  # started apart, by mistake
    apart = cli("--journal", str(tomaz), "merge", str(bundle))
    assert apart.exit_code == 1
    assert "each of you ran `init`" in apart.stderr
    assert f"`mentorlog -j {tomaz} init --from {bundle}`" in apart.stderr
    own = cli("--journal", str(maja), "merge", str(bundle))
    assert own.exit_code == 1 and "your own bundle" in own.stderr


def test_merge_takes_several_bundles(cli, tmp_path):
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"
    ok(
        cli(
            "--journal",
            str(maja),
            "init",
            "--mentor",
            "Tomaž Zupan",
            "--mentee",
            "Maja Horvat",
            "--me",
            "mentee",
        )
    )
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    ok(cli("--journal", str(maja), "share", str(first), "--plain"))
    ok(cli("--journal", str(tomaz), "init", "--from", str(first)))
    ok(cli("--journal", str(maja), "topic", "add", "Pricing my work"))
    ok(cli("--journal", str(maja), "share", str(second), "--plain"))
    reports = as_json(cli("--journal", str(tomaz), "merge", str(first), str(second), "--json"))
    assert [r["added"] for r in reports] == [0, 1]
    assert any(item["code"] == "topics-proposed" for item in reports[1]["news"])
