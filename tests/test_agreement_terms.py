"""Issue 13, items 3 and 5: the agreed terms in one place, a proposal edited by the mentor goes
back to the mentee, every change of state is kept (and travels), `agreement diff`, a start phase
for the cadence and an online link (README: "Getting started: the agreement and the rules of the game")."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mentorlog.journal.journal import opened
from mentorlog.model import Audience, Cadence
from mentorlog.process import agreement

from .conftest import as_json, ok
from .exchange_helpers import shared_content


def agree(cli, *flags: str):
    return ok(cli("agreement", "edit", *flags))


def events(cli) -> list[tuple[int, str, str, list[str]]]:
    return [
        (v["version"], e["event"], e["by"], e["changed"])
        for v in as_json(cli("agreement", "history", "--json"))
        for e in v["events"]
    ]


def terms(path):
    with opened(str(path)) as journal:
        return agreement.terms(journal, Audience.OWNER)


# --- the mentor's edit of a proposal ----------------------------------------------------------


def test_the_mentors_edit_of_a_proposal_sends_it_back_to_the_mentee_and_history_keeps_it(cli, journal_path):
    agree(cli, "--meetings", "10", "--place", "Café Union")
    ok(cli("agreement", "propose"))
    sent_back = ok(cli("--as", "mentor", "agreement", "edit", "--place", "Online", "--length", "75"))
    assert sent_back.stdout.startswith(
        "Your changes (session length, place) send version 1 back to Maja as a draft: "
        "Maja proposes it again, then you approve it."
    )
    assert as_json(cli("agreement", "show", "--json"))["state"] == "draft"

    refused = cli("--as", "mentor", "agreement", "approve")
    assert refused.exit_code == 1
    assert "went back to Maja as a draft when it was edited; Maja proposes it again" in refused.stderr
    assert "never proposed" not in refused.stderr

    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))
    assert events(cli) == [
        (1, "drafted", "mentee", []),
        (1, "proposed", "mentee", []),
        (1, "reopened", "mentor", ["length_minutes", "place"]),
        (1, "proposed", "mentee", []),
        (1, "approved", "mentor", []),
    ]
    shown = ok(cli("agreement", "history")).stdout
    assert "sent back to the mentee by the mentor (changed: session length, place)" in shown
    assert shown.index("sent back") < shown.rindex("proposed by the mentee") < shown.index("approved by")


def test_the_mentees_edit_of_her_proposal_takes_it_back_and_an_edit_that_changes_nothing_keeps_it(
    cli, journal_path
):
    agree(cli, "--meetings", "10")
    ok(cli("agreement", "propose"))
    same = ok(cli("agreement", "edit", "--meetings", "10"))
    assert same.stdout.startswith("Nothing changed: version 1 is still a proposal.")
    assert as_json(cli("agreement", "show", "--json"))["state"] == "proposed"
    back = ok(cli("agreement", "edit", "--meetings", "8"))
    assert back.stdout.startswith(
        "Version 1 is a draft again after your changes (number of meetings); propose it again"
    )
    assert events(cli)[-1] == (1, "reopened", "mentee", ["meetings"])
    assert "taken back to draft by the mentee" in ok(cli("agreement", "history")).stdout


def test_the_mentor_writing_a_draft_is_told_that_the_mentee_proposes_it(cli, journal_path):
    result = ok(cli("--as", "mentor", "agreement", "edit", "--meetings", "10"))
    assert result.stdout.startswith("Agreement version 1 is a draft; Maja proposes it when it is ready.")
    assert "agreement propose" not in result.stdout.splitlines()[0]


# --- agreement diff -----------------------------------------------------------------------------


def test_diff_shows_each_changed_field_between_the_version_in_force_and_the_amendment(cli, journal_path):
    agree(cli, "--meetings", "10", "--cadence", "monthly", "--place", "Café Union")
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))
    ok(cli("agreement", "amend"))
    agree(cli, "--meetings", "12", "--link", "https://meet.jit.si/maja-tomaz")
    data = as_json(cli("agreement", "diff", "--json"))
    assert data["from"] == {"version": 1, "state": "approved"}
    assert data["to"] == {"version": 2, "state": "draft"}
    assert data["changes"] == [
        {"field": "meetings", "label": "number of meetings", "from": 10, "to": 12},
        {"field": "link", "label": "online link", "from": None, "to": "https://meet.jit.si/maja-tomaz"},
    ]
    shown = ok(cli("agreement", "diff")).stdout
    assert "Version 1 (approved) → version 2 (draft)" in shown
    assert "Number of meetings" in shown and "https://meet.jit.si/maja-tomaz" in shown
    assert "Place" not in shown  # unchanged fields are left out
    assert as_json(cli("agreement", "diff", "2", "1", "--json"))["changes"][0]["from"] == 12
    assert as_json(cli("agreement", "diff", "1", "--json"))["to"]["version"] == 2


def test_diff_without_a_second_version_or_with_unknown_ones_says_what_to_do(cli, journal_path):
    nothing = cli("agreement", "diff")
    assert nothing.exit_code == 1 and "no agreement yet" in nothing.stderr
    agree(cli, "--meetings", "10")
    only = cli("agreement", "diff")
    assert only.exit_code == 1 and "Version 1 is the only version" in only.stderr
    unknown = cli("agreement", "diff", "1", "7")
    assert unknown.exit_code == 1 and "No version 7: versions are numbered 1–1" in unknown.stderr
    itself = cli("agreement", "diff", "1", "1")
    assert itself.exit_code == 1 and "with itself" in itself.stderr


def test_diff_with_no_version_in_force_compares_the_latest_with_the_one_before(cli, journal_path):
    agree(cli, "--meetings", "10")
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))
    ok(cli("agreement", "amend"))
    agree(cli, "--meetings", "11")
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))  # version 2 is in force and the latest
    data = as_json(cli("agreement", "diff", "--json"))
    assert (data["from"]["version"], data["to"]["version"]) == (1, 2)
    assert data["changes"] == [{"field": "meetings", "label": "number of meetings", "from": 10, "to": 11}]


# --- the cadence's start phase and the link -----------------------------------------------------


def test_a_start_phase_then_a_later_rhythm(cli, journal_path):
    shown = agree(
        cli,
        "--meetings",
        "10",
        "--start-cadence",
        "fortnightly",
        "--start-meetings",
        "3",
        "--cadence",
        "monthly",
    ).stdout
    assert "every 2 weeks for the first 3 meetings, then" in shown
    data = as_json(cli("agreement", "show", "--json"))
    assert (data["start_cadence"], data["start_meetings"], data["cadence"]) == ("fortnightly", 3, "monthly")
    assert data["cadence_in_words"] == "every 2 weeks for the first 3 meetings, then monthly"
    report = ok(cli("report", "agreement")).stdout
    assert "| Cadence | every 2 weeks for the first 3 meetings, then monthly |" in report

    agree(cli, "--start-cadence", "none")
    data = as_json(cli("agreement", "show", "--json"))
    assert (data["start_cadence"], data["start_meetings"], data["cadence_in_words"]) == (
        None,
        None,
        "monthly",
    )


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--cadence", "sometimes"], "use one of: weekly, fortnightly, every-3-weeks, monthly"),
        (["--start-cadence", "fortnightly"], "Say how many meetings keep the start cadence (fortnightly)"),
        (["--start-meetings", "3"], "3 meetings at which cadence? Give the start cadence too"),
        (
            ["--meetings", "4", "--start-cadence", "weekly", "--start-meetings", "4"],
            "The start phase (4 meetings) must be shorter than the whole mentorship (4 meetings)",
        ),
        (["--start-meetings", "0", "--start-cadence", "weekly"], "from 1 to 100, not 0"),
        (["--link", "meet jit si"], "A link has no spaces"),
        (["--link", "https://a\nhttps://b"], "holds a line break"),
        (["--period-start", "2027-05-01", "--period-end", "2027-04-01"], "must come after its start"),
    ],
)
def test_terms_that_cannot_be_kept_are_refused_and_nothing_is_written(cli, journal_path, flags, words):
    result = cli("agreement", "edit", *flags)
    assert result.exit_code == 1, result.output
    assert words in result.stderr
    assert as_json(cli("agreement", "show", "--json"))["version"] is None


def test_the_link_is_kept_whole_on_a_narrow_terminal(cli, journal_path):
    link = "https://meet.jit.si/maja-horvat-and-tomaz-zupan-creative-mentorship-2026"
    agree(cli, "--link", link)
    shown = ok(cli("agreement", "show", env={"COLUMNS": "60"})).stdout
    assert link in shown.replace("\n", "").replace(" ", "")
    assert "…" not in shown


# --- terms() ------------------------------------------------------------------------------------


def test_terms_before_approval_are_the_init_period_and_the_latest_draft_marked_provisional(cli, journal_path):
    before = terms(journal_path)
    assert (before.start, before.end, before.provisional, before.version) == (
        date(2026, 9, 1),
        date(2027, 9, 1),
        True,
        None,
    )
    assert (before.length_minutes, before.cadence, before.meetings) == (90, Cadence.MONTHLY, None)
    agree(cli, "--period-end", "2027-03-31", "--meetings", "8", "--cadence", "fortnightly", "--length", "75")
    draft = terms(journal_path)
    assert draft.end == date(2027, 9, 1)  # the draft's period is not agreed yet
    assert (draft.meetings, draft.cadence, draft.length_minutes, draft.provisional) == (
        8,
        Cadence.FORTNIGHTLY,
        75,
        True,
    )
    header = ok(cli("report", "here-and-now")).stdout
    assert (
        "Tuesday 1 September 2026 to Wednesday 1 September 2027 (provisional: no agreement approved yet)"
        in header
    )


def test_terms_after_approval_are_the_approved_versions_even_while_an_amendment_is_drafted(cli, journal_path):
    agree(
        cli,
        "--period-end",
        "2027-03-31",
        "--meetings",
        "8",
        "--start-cadence",
        "every-3-weeks",
        "--start-meetings",
        "2",
        "--link",
        "https://meet.jit.si/x",
    )
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))
    ok(cli("agreement", "amend"))
    agree(cli, "--meetings", "20", "--period-end", "2027-06-30")
    agreed = terms(journal_path)
    assert (agreed.end, agreed.meetings, agreed.version, agreed.provisional) == (
        date(2027, 3, 31),
        8,
        1,
        False,
    )
    assert agreed.link == "https://meet.jit.si/x"
    assert [agreed.cadence_after(held) for held in range(4)] == [
        Cadence.EVERY_3_WEEKS,
        Cadence.EVERY_3_WEEKS,
        Cadence.MONTHLY,
        Cadence.MONTHLY,
    ]
    assert [agreed.days_after(held) for held in (0, 2)] == [21, 30]
    report = ok(cli("report", "final-reflection")).stdout
    assert "- From Tuesday 1 September 2026 to Wednesday 31 March 2027\n" in report
    assert "provisional" not in report
    assert "of 8 planned" in report


# --- two journals -------------------------------------------------------------------------------


def exchange(two, tmp_path, sender: str, receiver: str, name: str) -> None:
    bundle = tmp_path / f"{name}.json"
    ok(two(sender, "share", str(bundle), "--plain"))
    ok(two(receiver, "merge", str(bundle)))


def test_every_change_of_state_travels_both_ways_and_both_journals_agree(two, tmp_path):
    ok(two("mentee", "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(two("mentee", "agreement", "edit", "--meetings", "10", "--place", "Café Union"))
    ok(two("mentee", "agreement", "propose"))
    first = tmp_path / "first.json"
    ok(two("mentee", "share", str(first), "--plain"))
    ok(two("mentor", "init", "--from", str(first), "--me", "mentor"))

    sent_back = ok(
        two("mentor", "agreement", "edit", "--start-cadence", "fortnightly", "--start-meetings", "3")
    )
    assert "send version 1 back to Maja" in sent_back.stdout
    exchange(two, tmp_path, "mentor", "mentee", "back")
    assert as_json(two("mentee", "agreement", "show", "--json"))["state"] == "draft"
    ok(two("mentee", "agreement", "propose"))
    exchange(two, tmp_path, "mentee", "mentor", "again")
    ok(two("mentor", "agreement", "approve"))
    exchange(two, tmp_path, "mentor", "mentee", "approved")

    expected = [
        (1, "drafted", "mentee", []),
        (1, "proposed", "mentee", []),
        (1, "reopened", "mentor", ["start_cadence", "start_meetings"]),
        (1, "proposed", "mentee", []),
        (1, "approved", "mentor", []),
    ]
    for who in ("mentee", "mentor"):
        assert events(lambda *a, w=who: two(w, *a)) == expected
    assert shared_content(two.paths["mentee"]) == shared_content(two.paths["mentor"])
    assert terms(two.paths["mentee"]) == terms(two.paths["mentor"])
    assert (
        terms(two.paths["mentee"]).cadence_in_words == "every 2 weeks for the first 3 meetings, then monthly"
    )

    # merging the same bundles again changes nothing
    again = json.loads(ok(two("mentee", "merge", str(tmp_path / "approved.json"), "--json")).stdout)
    assert again["added"] == 0 and again["updated"] == 0
