"""The daily loop (README: "Sessions", "Goals and the plan", "Editing long text"): orders that
agree in both journals, words kept whole, confirmations true for the state the person is in."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from mentorlog.model import Audience
from mentorlog.store import records, sessions

from .conftest import as_json, digest, ok, run_on_terminal
from .test_store import memory_journal, writer

# --- topics made in the same millisecond ---------------------------------------------------------


def test_topics_made_in_the_same_millisecond_are_in_the_order_of_their_ids():
    """Two journals hold the same topics in different row orders (each inserted its own first);
    the lists must not follow the row order."""
    db = memory_journal()
    session = records.insert(
        db, "session",
        writer(),
        {"starts_at": "2026-12-01T17:00:00.000Z", "length_minutes": 90, "mode": "online", "state": "proposed",
         "kind": "one-to-one", "number": 1, "proposed_by": "mentee"},
    )  # fmt: skip
    made = [
        records.insert(db, "topic", writer(), {"text": text, "session_id": session, "status": "open"})
        for text in ("first made", "second made")
    ]
    # the row made first gets the larger id (as when the partner's record arrives later)
    later = made[0][:10] + "z" * 16
    db.execute("update topic set id = ? where id = ?", [later, made[0]])
    assert (
        later > made[1]
        and records.get(db, "topic", later)["created_at"] == records.get(db, "topic", made[1])["created_at"]
    )
    expected = ["second made", "first made"]
    assert [t["text"] for t in sessions.topics_of(db, session, Audience.OWNER)] == expected
    row = records.get(db, "session", session)
    assert [t["text"] for t in sessions.open_topics(db, row, Audience.OWNER)] == expected


# --- numbers for goals, outcomes, options and actions --------------------------------------------


def test_goals_options_and_actions_are_named_by_number_or_a_unique_title(cli, journal_path):
    ok(cli("goal", "add", "Write the grant application"))
    ok(cli("goal", "add", "Build a touring network"))
    assert as_json(cli("goal", "show", "2", "--json"))["title"] == "Build a touring network"
    assert as_json(cli("goal", "show", "touring network", "--json"))["number"] == 2  # a unique part of it
    ok(cli("outcome", "add", "A grant for the tour", "--by", "2027-06-01", "--goal", "1"))
    ok(cli("option", "add", "Ask the city fund", "--outcome", "1"))
    ok(cli("option", "add", "Ask the ministry"))
    chosen = as_json(cli("option", "choose", "1", "--json"))
    assert chosen["text"] == "Ask the city fund" and chosen["number"] == 1 and chosen["goal_number"] == 1
    ok(cli("action", "add", "Call Ana", "--goal", "Write the grant application"))
    ok(cli("action", "add", "Book the hall"))
    done = as_json(cli("action", "done", "3", "--json"))
    assert (done["text"], done["status"]) == ("Book the hall", "done")
    said = ok(cli("action", "done", "Call Ana")).stdout
    assert "Action 2 done" in said
    options = {o["number"]: o for o in as_json(cli("option", "list", "--json"))}
    assert options[1]["action_number"] == 1 and options[2]["action_number"] is None
    # what cannot be named says what can
    missing = cli("goal", "show", "7")
    assert missing.exit_code == 1 and "No goal 7: goals are numbered 1–2" in missing.stderr
    ok(cli("goal", "add", "Write the tour budget"))
    several = cli("goal", "show", "write")
    assert several.exit_code == 1 and "matches several goals: 1, 3" in several.stderr
    assert as_json(cli("goal", "show", "WRITE THE TOUR BUDGET", "--json"))["number"] == 3


def test_a_removed_goal_keeps_its_number_and_the_next_goal_does_not_take_it(cli, journal_path):
    ok(cli("goal", "add", "First goal"))
    ok(cli("goal", "add", "Second goal"))
    ok(cli("rm", as_json(cli("goal", "show", "2", "--json"))["short_id"]))
    assert as_json(cli("goal", "add", "Third goal", "--json"))["number"] == 3
    refused = cli("goal", "progress", "2", "50")
    assert refused.exit_code == 1 and "was removed" in refused.stderr


def test_plan_numbers_agree_in_both_journals_after_concurrent_additions(cli, tmp_path):
    """Maja and Tomaž each add goals, outcomes, options and actions between exchanges, at once:
    after the exchanges every number names the same record in both journals, none twice."""
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"

    def run(path, *args, at: str = "14:30", **kw):
        return cli("--journal", str(path), *args, env={"MENTORLOG_NOW": f"2026-11-21T{at}:00+01:00"}, **kw)

    def exchange(sender, receiver, name, at):
        bundle = tmp_path / name
        ok(run(sender, "share", str(bundle), "--plain", at=at))
        return as_json(run(receiver, "merge", str(bundle), "--json", at=at))

    ok(run(maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(run(maja, "goal", "add", "Fund the tour"))
    first = tmp_path / "first.json"
    ok(run(maja, "share", str(first), "--plain"))
    ok(run(tomaz, "init", "--from", str(first)))
    # both sides add at once (Maja first, by a minute), twice over, with exchanges between
    for round_, (early, late, then) in enumerate((("15:00", "15:01", "15:30"), ("16:00", "16:01", "16:30"))):
        for kind, args in (("goal", ()), ("outcome", ("--by", "2027-06-01")), ("option", ()), ("action", ())):
            ok(run(maja, kind, "add", f"Maja's {kind} {round_}", *args, at=early))
            ok(run(tomaz, kind, "add", f"Tomaž's {kind} {round_}", *args, at=late))
        ok(run(maja, "goal", "add", f"Maja's second goal {round_}", at=early))
        merged = exchange(maja, tomaz, f"to-tomaz-{round_}.json", then)
        assert merged["added"] > 0
        told = {item["code"]: item["message"] for item in merged["news"]}
        assert told["goal-renumbered"].startswith(
            f"You and Maja both added a goal {2 + 3 * round_}; Maja's keeps"
        )
        exchange(tomaz, maja, f"to-maja-{round_}.json", then)
        exchange(maja, tomaz, f"to-tomaz-{round_}-again.json", then)

    def numbered(path, kind):
        listed = as_json(
            run(path, kind, "list", *(("--all",) if kind in ("goal", "action") else ()), "--json")
        )
        return {row["number"]: row.get("title", row.get("text")) for row in listed}

    for kind in ("goal", "outcome", "option", "action"):
        mine, his = numbered(maja, kind), numbered(tomaz, kind)
        assert mine == his, kind
        texts = list(mine.values())
        assert len(texts) == len(set(texts))  # no record twice, none lost
    assert len(numbered(maja, "goal")) == 7 and len(numbered(maja, "action")) == 4
    # the earlier-made keeps its number; the later-made one is renumbered in both
    goals = numbered(tomaz, "goal")
    assert goals[2] == "Maja's goal 0" and "Tomaž's goal 0" in goals.values()
    shown = as_json(
        run(tomaz, "goal", "show", str(next(n for n, t in goals.items() if t == "Tomaž's goal 0")), "--json")
    )
    assert shown["title"] == "Tomaž's goal 0"


def test_a_private_goal_never_makes_the_shared_numbers_differ(cli, tmp_path):
    """Maja keeps a goal private (numbered 1 in her journal, 2 for her shared one); Tomaž, who
    cannot see it, adds two shared goals at the same time (1 and 2 in his journal). Their bundles
    cross, and then go back and forth with goals added on both sides between them: every shared
    goal has the same number in both journals, and her private goal moves out of the way in her
    journal alone."""
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"

    def run(path, *args, at: str = "14:30", **kw):
        return cli("--journal", str(path), *args, env={"MENTORLOG_NOW": f"2026-11-21T{at}:00+01:00"}, **kw)

    def share(sender, name, at):
        ok(run(sender, "share", str(tmp_path / name), "--plain", at=at))
        return tmp_path / name

    def numbered(path):
        return {row["number"]: row["title"] for row in as_json(run(path, "goal", "list", "--all", "--json"))}

    def agree():
        hers, his = numbered(maja), numbered(tomaz)
        assert {n: t for n, t in hers.items() if "PRIVATE-CANARY" not in t} == his
        assert len(hers) == len(set(hers.values()))  # no number twice in her journal either
        return hers, his

    ok(run(maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(run(tomaz, "init", "--from", str(share(maja, "first.json", "14:30"))))
    for round_, (early, late, then) in enumerate((("15:00", "15:01", "15:30"), ("16:01", "16:00", "16:30"))):
        secret = as_json(run(maja, "goal", "add", f"PRIVATE-CANARY {round_}", "--json", at=early))
        ok(run(maja, "edit", secret["id"], "--private", at=early))
        ok(run(maja, "goal", "add", f"Maja's goal {round_}", at=early))
        ok(run(tomaz, "goal", "add", f"Tomaž's goal {round_}", at=late))
        ok(run(tomaz, "goal", "add", f"Tomaž's other goal {round_}", at=late))
        to_tomaz, to_maja = share(maja, f"m{round_}.json", then), share(tomaz, f"t{round_}.json", then)
        ok(run(tomaz, "merge", str(to_tomaz), at=then))  # the two bundles cross
        ok(run(maja, "merge", str(to_maja), at=then))
        agree()  # already: a number said on the phone now names the same goal in both
        ok(run(tomaz, "merge", str(share(maja, f"m{round_}-again.json", then)), at=then))
        ok(run(maja, "merge", str(share(tomaz, f"t{round_}-again.json", then)), at=then))

    hers, his = agree()
    assert len(his) == 6 and len(hers) == 8
    assert not any("PRIVATE-CANARY" in title for title in his.values())
    # Tomaž's first goals keep the numbers his journal gave them: her private goal moved instead
    assert his[1] == "Tomaž's goal 0" and his[2] == "Maja's goal 0"
    assert hers[3] == "Tomaž's other goal 0"
    for number, title in his.items():  # a number typed in either journal names the same goal
        assert as_json(run(maja, "goal", "show", str(number), "--json"))["title"] == title


# --- words kept whole at 60 columns ---------------------------------------------------------------

LONG = "Finish the pre-application for the co-production fund, budget and letters of intent attached"
LISTS = [
    ("goal", "list", "--all"),
    ("action", "list", "--all"),
    ("option", "list"),
    ("outcome", "list"),
    ("rule", "list"),
    ("topic", "list", "--all"),
    ("assess", "show"),
    ("log",),
    ("search", "pre-application"),
    ("session", "show", "1"),
    ("session", "list", "--all"),
    ("goal", "check"),
    ("agenda",),
    ("status",),
]


@pytest.fixture(scope="module")
def long_words_journal(click_command, fresh_journal, tmp_path_factory):
    """A journal holding the long title in every kind of record a list shows, made once: each list
    is read from a copy of it."""
    from .conftest import Runner, copied_in

    home = tmp_path_factory.mktemp("long-words")
    copied_in(home, fresh_journal, "journal.db")
    runner, env = Runner(click_command), {"MENTORLOG_HOME": str(home), "COLUMNS": "120"}
    for args in (
        ("goal", "add", LONG),
        ("action", "add", LONG, "--due", "2026-12-10"),
        ("action", "add", LONG + " again"),
        ("action", "done", "2"),
        ("option", "add", LONG, "--feasibility", "4"),
        ("outcome", "add", LONG, "--by", "2027-06-01", "--goal", "1"),
        ("rule", "add", LONG, "--kind", "communication"),
        ("session", "plan", "in 5 days 18:00", "--place", "Café Union"),
        ("session", "plan", "in 40 days 18:00", "--place", LONG.replace(",", "")),
        ("topic", "add", LONG),
        ("assess", "skills", LONG, "--rating", "3"),
        ("note", "--shared", LONG),
    ):
        ok(runner.run(list(args), env=env))
    return home / "journal.db"


@pytest.mark.parametrize("args", LISTS, ids=lambda a: " ".join(a))
def test_every_list_keeps_words_whole_at_60_columns(cli, journal_path, long_words_journal, args):
    shutil.copy(long_words_journal, journal_path)
    shown = ok(cli(*args, env={"COLUMNS": "60"})).stdout
    words = set(shown.split())
    if args[0] not in ("log", "search"):  # the timeline is left whole when piped, for grep
        assert all(len(line) <= 60 for line in shown.splitlines()), shown
    for word in LONG.split():
        assert word in words or word + "," in words or word.rstrip(",") in words, (word, shown)


# --- sessions in time order, and the phase they were held in --------------------------------------


def test_a_first_meeting_recorded_afterwards_comes_first_in_lists_and_reports(cli, journal_path):
    ok(cli("session", "plan", "2026-11-10 18:00", "--past"))
    ok(cli("topic", "add", "Second meeting topic", "--session", "1"))
    ok(cli("session", "plan", "2026-10-01 18:00", "--past"))  # the first meeting, recorded afterwards
    ok(cli("topic", "add", "First meeting topic", "--session", "2"))
    ok(cli("session", "plan", "2026-12-01 18:00"))
    ok(cli("topic", "add", "Next meeting topic"))
    ok(cli("session", "held", "1"))
    ok(cli("session", "held", "2"))
    listed = [s["number"] for s in as_json(cli("session", "list", "--all", "--json"))]
    assert listed == [2, 1, 3]  # numbers keep their meaning, the list follows time
    topics = as_json(cli("topic", "list", "--all", "--json"))
    assert [t["text"] for t in topics] == [
        "First meeting topic",
        "Second meeting topic",
        "Next meeting topic",
    ]
    assert [t["session"] for t in topics] == [2, 1, 3]
    report = ok(cli("report", "bridging-the-gap")).stdout
    assert report.index("Session 2,") < report.index("Session 1,")
    table = [line for line in report.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    assert [line.split("|")[1].strip() for line in table][:2] == ["2", "1"]


def test_session_show_says_the_phase_it_was_held_in(cli, journal_path):
    ok(cli("session", "plan", "2026-11-10 18:00", "--past"))  # planned while getting started
    ok(cli("phase", "next", "--force"))
    planned = as_json(cli("session", "show", "1", "--json"))
    assert (planned["phase"], planned["held_phase"]) == ("getting-started", None)
    ok(cli("session", "held", "1"))
    ok(cli("phase", "next", "--force"))  # moving on later changes nothing of it
    shown = as_json(cli("session", "show", "1", "--json"))
    assert (shown["phase"], shown["held_phase"]) == ("getting-started", "here-and-now")
    said = ok(cli("session", "show", "1")).stdout
    assert "here-and-now (held in; planned in getting-started)" in said


# --- moving on before the agreement is approved -----------------------------------------------------


def test_phase_next_without_an_approved_agreement_is_refused_off_a_terminal_naming_force(cli, journal_path):
    before = digest(journal_path)
    refused = cli("phase", "next")
    assert refused.exit_code == 1
    assert (
        "No agreement is approved yet" in refused.stderr
        and "`mentorlog phase next --force`" in refused.stderr
    )
    assert digest(journal_path) == before
    named = cli("phase", "there-and-then")
    assert named.exit_code == 1 and "`mentorlog phase there-and-then --force`" in named.stderr
    assert "getting-started → here-and-now" in ok(cli("phase", "next", "--force")).stdout
    assert "here-and-now → getting-started" in ok(cli("phase", "getting-started")).stdout  # back: no question


def test_phase_next_after_approval_moves_on_without_a_question(cli, journal_path):
    ok(cli("agreement", "edit", "--meetings", "10"))
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))
    assert "getting-started → here-and-now" in ok(cli("phase", "next")).stdout


def test_phase_next_without_an_approved_agreement_asks_on_a_terminal(journal_path):
    declined = run_on_terminal(["phase", "next"], ["n"])
    assert "No agreement is approved yet; move on to here-and-now all the same?" in declined
    assert "Nothing changed: the mentorship stays in getting-started." in declined
    accepted = run_on_terminal(["phase", "next"], ["y"])
    assert "getting-started → here-and-now" in accepted


# --- a session planned before the agreement is approved ------------------------------------------


def _calendar_event(cli):
    import icalendar

    calendar = icalendar.Calendar.from_ical(ok(cli("calendar")).stdout)
    (event,) = [c for c in calendar.walk("VEVENT")]
    return event


@pytest.mark.parametrize(
    ("flags", "mode", "place", "link", "location"),
    [
        (("--place", "Online", "--link", "https://meet.example/mt"), "online", "Online", "https://meet.example/mt",
         "https://meet.example/mt"),
        (("--place", "Online"), "online", "Online", None, "Online"),
        (("--link", "https://meet.example/mt"), "online", None, "https://meet.example/mt", "https://meet.example/mt"),
        (("--place", "Café Union"), "in-person", "Café Union", None, "Café Union"),
    ],
)  # fmt: skip
def test_a_session_planned_before_approval_takes_the_drafts_place_link_and_length(
    cli, journal_path, flags, mode, place, link, location
):
    ok(cli("agreement", "edit", "--length", "75", *flags))  # a draft, not approved
    ok(cli("session", "plan", "in 5 days 18:00"))
    session = as_json(cli("agenda", "--format", "json"))["session"]
    assert (session["mode"], session["place"], session["link"], session["length_minutes"]) == (
        mode,
        place,
        link,
        75,
    )
    agenda = ok(cli("agenda")).stdout
    assert "in person" not in agenda
    event = _calendar_event(cli)
    assert str(event.get("LOCATION")) == location
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=75)


def test_the_approved_agreement_wins_over_a_later_draft(cli, journal_path):
    ok(cli("agreement", "edit", "--place", "Café Union", "--length", "90"))
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))
    ok(cli("agreement", "amend"))
    ok(cli("agreement", "edit", "--place", "Online", "--length", "60"))  # an amendment, not yet approved
    ok(cli("session", "plan", "in 5 days 18:00"))
    session = as_json(cli("session", "show", "1", "--json"))
    assert (session["mode"], session["place"], session["length_minutes"]) == ("in-person", "Café Union", 90)


# --- confirmations true for the state the person is in --------------------------------------------


def test_before_any_exchange_nothing_claims_to_be_shared_or_awaited(cli, journal_path, tmp_path):
    said = ok(cli("topic", "add", "Fees")).stdout
    assert "shared with your partner" not in said
    assert "Tomaž has it after your next `mentorlog share` (your first:" in said
    status = ok(cli("status")).stdout
    assert "No bundle from Tomaž" not in status and "Nothing exchanged with Tomaž yet" in status
    ok(cli("share", str(tmp_path / "first.json"), "--plain"))
    said = ok(cli("topic", "add", "Touring")).stdout
    assert "Tomaž has it after your next `mentorlog share` (or `mentorlog sync`)." in said
    assert "No bundle from Tomaž yet" in ok(cli("status")).stdout


def test_under_automatic_sync_confirmations_say_the_folder_shares_it(cli, tmp_path, paired):
    """Maja's journal, paired with Tomaž's (bundles sealed to his key), with automatic sync on."""
    import shutil

    maja = tmp_path / "maja.db"
    shutil.copy2(paired["maja"], maja)
    folder = tmp_path / "synced"
    folder.mkdir()

    def run(*args):
        return ok(cli("-j", str(maja), *args))

    run("session", "plan", "2026-11-10 18:00", "--past")
    run("session", "held", "1")
    note = as_json(run("note", "A private thought", "--json"))["short_id"]
    said = run("topic", "add", "Before").stdout  # the commands name this journal (-j), to be pasted
    assert f"after your next `mentorlog -j {maja} share` (or `mentorlog -j {maja} sync`)" in said
    run("sync", str(folder), "--auto", "on")
    for args, what in (
        (("feedback", "1", "--rating", "4"), "it"),
        (("reflect", "--answer", "insights=Saying no helps"), "them"),
        (("topic", "add", "Fees"), "it"),
        (("edit", note, "--shared"), "it"),
    ):
        said = run(*args).stdout
        assert "after your next" not in said, args
        assert f"Tomaž has {what} as soon as automatic sync writes your bundle into the folder" in said, args
    private = run("feedback", "1", "--rating", "5", "--private").stdout
    assert "It is private: it stays in your journal." in private and "automatic sync" not in private


# --- the editor ---------------------------------------------------------------------------------------


def _script(folder, name: str, body: str):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def _logged(journal_path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(journal_path)
    try:
        return [row[0] for row in conn.execute("select text from note order by rowid")]
    finally:
        conn.close()


def test_with_no_editor_set_the_fallback_is_editor_where_present_else_vi(journal_path, tmp_path):
    bin_ = tmp_path / "bin"
    _script(bin_, "vi", "printf 'Typed in vi' >> \"$1\"")
    run_on_terminal(["note"], [], env={"PATH": str(bin_)})
    assert _logged(journal_path) == ["Typed in vi"]
    _script(bin_, "editor", "printf 'Typed in the system editor' >> \"$1\"")
    run_on_terminal(["note"], [], env={"PATH": str(bin_)})
    assert _logged(journal_path) == ["Typed in vi", "Typed in the system editor"]
    _script(bin_, "chosen", "printf 'Typed in mine' >> \"$1\"")
    run_on_terminal(["note"], [], env={"PATH": str(bin_), "EDITOR": "chosen"})  # $EDITOR first, as ever
    assert _logged(journal_path)[-1] == "Typed in mine"


def test_an_editor_quit_without_saving_aborts_quietly(cli, journal_path, tmp_path):
    quit_ = _script(tmp_path / "bin", "quit", "exit 0")  # as `:q!` in vi: the file left as it was
    before = digest(journal_path)
    said = run_on_terminal(["note"], [], env={"EDITOR": str(quit_)}, expect=0)
    assert "Nothing saved: the note is empty." in said and "Error" not in said
    assert digest(journal_path) == before
    short = as_json(cli("note", "A note to edit", "--json"))["short_id"]
    said = run_on_terminal(["edit", short], [], env={"EDITOR": str(quit_)}, expect=0)
    assert "Nothing saved: the note is as it was." in said
    assert _logged(journal_path) == ["A note to edit"]


def test_an_editor_that_deletes_its_file_gets_a_clear_error(journal_path, tmp_path):
    remover = _script(tmp_path / "bin", "remover", 'rm -f "$1"')
    before = digest(journal_path)
    said = run_on_terminal(["note"], [], env={"EDITOR": str(remover)}, expect=1)
    assert "removed the file it was given; nothing was saved" in said and "Traceback" not in said
    assert digest(journal_path) == before


# --- assess: private, and who sees it -----------------------------------------------------------------

CANARY = "CANARY-assessment-7f3a"


def test_assess_private_stays_in_the_journal_and_the_message_says_who_sees_it(cli, journal_path, tmp_path):
    private = ok(cli("--as", "mentor", "assess", "skills", f"Weak on budgets {CANARY}", "--private"))
    assert "It is private: it stays in your journal" in private.stdout
    ok(cli("--as", "mentor", "assess", "network", "Wide", "--private"))
    shared = ok(cli("--as", "mentor", "assess", "knowledge", "Knows the field"))
    assert "It is shared: Maja has it after your next `mentorlog share`" in shared.stdout
    own = ok(cli("assess", "personal", "Curious"))
    assert "It is shared: Tomaž has it after your next `mentorlog share`" in own.stdout
    bundle = tmp_path / "out.json"
    ok(cli("share", str(bundle), "--plain"))
    assert CANARY not in bundle.read_text() and "Knows the field" in bundle.read_text()
    assert CANARY not in ok(cli("report", "here-and-now")).stdout
    assert CANARY in ok(cli("report", "here-and-now", "--include-private")).stdout
    entries = {
        e["text"]: e["visibility"]
        for a in as_json(cli("assess", "show", "--json"))["areas"]
        for e in a["entries"]
    }
    assert entries[f"Weak on budgets {CANARY}"] == entries["Wide"] == "private"
    assert entries["Knows the field"] == "shared"


def test_assess_with_no_area_off_a_terminal_names_both_ways(cli, journal_path):
    refused = cli("assess")
    assert refused.exit_code == 2 and "run `mentorlog assess` on a terminal for the form" in refused.output


def test_goals_from_a_bundle_without_numbers_are_numbered_on_arrival(cli, tmp_path):
    """A bundle from a mentorlog before plan numbers carries goals and actions without one."""
    import json

    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"
    ok(cli("-j", str(maja), "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(cli("-j", str(maja), "goal", "add", "Fund the tour"))
    ok(cli("-j", str(maja), "action", "add", "Call the city fund"))
    bundle = tmp_path / "old.json"
    ok(cli("-j", str(maja), "share", str(bundle), "--plain"))
    lines = bundle.read_text().splitlines()
    lines = ["]}" if line.startswith('],"signature":') else line for line in lines]  # unsigned, as then
    for i, line in enumerate(lines):
        if line.startswith('{"table":"goal"') or line.startswith('{"table":"action"'):
            record = json.loads(line.rstrip(","))
            record["fields"].pop("number")
            record["versions"].pop("number", None)
            lines[i] = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + (
                "," if line.endswith(",") else ""
            )
    bundle.write_text("\n".join(lines) + "\n")
    assert '"number"' not in "".join(line for line in lines if '"table":"goal"' in line)
    ok(cli("-j", str(tomaz), "init", "--from", str(bundle)))
    assert as_json(cli("-j", str(tomaz), "goal", "show", "1", "--json"))["title"] == "Fund the tour"
    assert as_json(cli("-j", str(tomaz), "action", "done", "1", "--json"))["text"] == "Call the city fund"
