"""Issue 13, items 1, 2 and 3 at the command line: numeric dates in the journal's order (or
MENTORLOG_DATE_ORDER), sessions in the past only with --past, past due dates kept with a warning,
series that keep their weekday, the agreed period guarding plans (--beyond-agreement), date words
with a minus as arguments, `session edit`, and the approved agreement driving the status header and
its nudges (README: "Sessions", "Dates", "The dashboard and its nudges").

The clock is NOW (Saturday 21 November 2026, 14:30 in Europe/Ljubljana); a few tests run in
America/New_York, a zone west of UTC, by setting TZ for the command."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from .conftest import NOW, as_json, clock_at, ok

NEW_YORK = {"TZ": "America/New_York"}
LINK = "https://meet.example/maja-and-tomaz-a-long-room-name"


def sessions(cli, env: dict | None = None) -> list[dict]:
    return as_json(cli("session", "list", "--all", "--json", env=env))


def approve(cli, *flags: str) -> None:
    """The mentee writes and proposes the agreement, the mentor approves it (at one laptop)."""
    ok(cli("agreement", "edit", *flags))
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))


# --- the order of numeric dates -----------------------------------------------------------------


def test_numeric_dates_are_day_first_until_the_journal_is_set_to_month_first(cli, journal_path):
    assert as_json(cli("goal", "add", "Fees", "--due", "3.4.2027", "--json"))["due"] == "2027-04-03"
    said = ok(cli("settings", "date-order", "mdy")).stdout
    assert "now reads numeric dates mdy: 3/4/2028 is 4 March" in said
    assert as_json(cli("goal", "add", "Tour", "--due", "3/4/2027", "--json"))["due"] == "2027-03-04"
    assert as_json(cli("settings", "date-order", "--json")) == {
        "date_order": "mdy",
        "in_use": "mdy",
        "from_environment": False,
    }
    # the variable wins for the commands run with it, and says so
    day_first = {"MENTORLOG_DATE_ORDER": "dmy"}
    assert as_json(cli("goal", "add", "Grant", "--due", "3/4/2027", "--json", env=day_first))["due"] == (
        "2027-04-03"
    )
    shown = ok(cli("settings", "date-order", env=day_first)).stdout
    assert "reads numeric dates mdy" in shown and "MENTORLOG_DATE_ORDER=dmy is set" in shown


def test_every_command_that_reads_a_date_uses_the_journals_order(cli, journal_path):
    ok(cli("settings", "date-order", "mdy"))
    assert as_json(cli("action", "add", "Call", "--due", "1/2/2027", "--json"))["due"] == "2027-01-02"
    assert as_json(cli("outcome", "add", "Premiere", "--by", "1/2/2027", "--json"))["by"] == "2027-01-02"
    option = as_json(cli("option", "add", "Ask venues", "--json"))
    chosen = as_json(cli("option", "choose", option["short_id"], "--due", "1/3/2027", "--json"))
    assert chosen["due"] == "2027-01-03"
    goal = as_json(cli("goal", "add", "Fees", "--json"))
    revised = as_json(cli("goal", "revise", goal["short_id"], "--due", "1/4/2027", "--reason", "x", "--json"))
    assert revised["due"] == "2027-01-04"
    planned = as_json(cli("session", "plan", "1/5/2027 18:00", "--json"))
    assert planned["starts_at"] == "2027-01-05T18:00:00+01:00"
    moved = as_json(cli("session", "move", "1", "1/6/2027", "--json"))
    assert moved["starts_at"] == "2027-01-06T18:00:00+01:00"  # a day alone keeps the session's time
    ok(cli("agreement", "edit", "--period-end", "3/31/2027"))
    assert as_json(cli("agreement", "show", "--json"))["period_end"] == "2027-03-31"
    ok(cli("contact", "Called", "--via", "phone", "--on", "11/2/2026"))
    assert as_json(cli("log", "--kind", "contact", "--json"))[0]["occurred_on"] == "2026-11-02"
    assert as_json(cli("log", "--until", "11/20/2026", "--kind", "contact", "--json")) == []  # written today
    assert len(as_json(cli("log", "--since", "11/21/2026", "--kind", "contact", "--json"))) == 1
    ended = as_json(cli("end", "--on", "11/20/2026", "--json"))
    assert ended["ended_on"] == "2026-11-20"


def test_init_reads_its_dates_in_the_order_it_is_given_and_keeps_it(cli, mentorlog_home):
    ok(cli("init", "--mentor", "T", "--mentee", "M", "--me", "mentee", "--start", "9/1/2026",
           "--date-order", "mdy"))  # fmt: skip
    assert as_json(cli("status", "--json"))["pair"]["starts_on"] == "2026-09-01"
    assert as_json(cli("settings", "date-order", "--json"))["date_order"] == "mdy"
    other = cli("-j", "other", "init", "--mentor", "T", "--mentee", "M", "--me", "mentee",
                "--start", "9/1/2026")  # fmt: skip
    ok(other)
    assert as_json(cli("-j", "other", "status", "--json"))["pair"]["starts_on"] == "2026-01-09"


def test_a_date_order_that_is_neither_is_refused_with_the_two_that_work(cli, journal_path):
    refused = cli("settings", "date-order", "ymd")
    assert refused.exit_code == 1 and "use dmy (3/4/2028 is 3 April) or mdy" in refused.stderr
    bad_env = cli("goal", "add", "Fees", "--due", "3/4/2027", env={"MENTORLOG_DATE_ORDER": "us"})
    assert bad_env.exit_code == 1 and "MENTORLOG_DATE_ORDER='us' is not a date order" in bad_env.stderr
    assert as_json(cli("goal", "list", "--json")) == []  # nothing was written
    refused = cli("-j", "x", "init", "--mentor", "T", "--mentee", "M", "--me", "mentee", "--date-order", "x")
    assert refused.exit_code == 1 and "'x' is not a date order" in refused.stderr


# --- the past ---------------------------------------------------------------------------------------


def test_a_session_in_the_past_needs_past_and_nothing_is_written_without(cli, journal_path):
    refused = cli("session", "plan", "3 days ago 18:00")
    assert refused.exit_code == 1
    assert "Wednesday 18 November 2026 18:00 is in the past (3 days ago)" in refused.stderr
    assert "add --past" in refused.stderr
    assert sessions(cli) == []
    made = as_json(cli("session", "plan", "3 days ago 18:00", "--past", "--json"))
    assert made["starts_at"] == "2026-11-18T18:00:00+01:00" and made["state"] == "proposed"
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    ok(cli("session", "held", "1"))  # it really took place
    earlier = cli("session", "schedule", "--every", "weekly", "--count", "3", "--start", "-2w")
    assert earlier.exit_code == 1 and "The series starts in the past" in earlier.stderr
    later = ok(cli("session", "plan", "in 2 days 18:00"))
    assert "Proposed session 2: Mon 2026-11-23 18:00" in later.stdout
    back = cli("session", "move", "2", "yesterday")
    assert back.exit_code == 1 and "move it to a time ahead" in back.stderr


def test_a_due_date_in_the_past_is_kept_with_a_warning(cli, journal_path):
    added = cli("goal", "add", "Fees", "--due", "2026-11-14", "--json")
    assert added.exit_code == 0
    assert json.loads(added.stdout)["due"] == "2026-11-14" and "warnings" not in json.loads(added.stdout)
    assert "the goal's due date, Saturday 14 November 2026, is in the past (7 days ago)" in added.stderr
    action = cli("action", "add", "Call the venue", "--due", "yesterday")
    assert action.exit_code == 0 and "the action's due date" in action.stderr and "yesterday" in action.stderr
    outcome = cli("outcome", "add", "Premiere", "--by", "-1w")
    assert outcome.exit_code == 0 and "the outcome's date" in outcome.stderr
    goal = as_json(cli("goal", "list", "--json"))[0]["short_id"]
    revised = cli("goal", "revise", goal, "--due", "-2d", "--reason", "late")
    assert revised.exit_code == 0 and "the goal's new due date" in revised.stderr
    ahead = cli("goal", "add", "Tour", "--due", "today")
    assert ahead.exit_code == 0 and ahead.stderr == ""  # today is not past


# --- series -----------------------------------------------------------------------------------------


def test_a_monthly_series_keeps_the_third_wednesday_and_its_time_across_the_clock_change(cli, journal_path):
    made = ok(cli("session", "schedule", "--every", "monthly", "--count", "7", "--start", "2027-01-20 18:00"))
    assert "Proposed 7 sessions, monthly on the third Wednesday at 18:00:" in made.stdout
    assert "`mentorlog session confirm 1-7`" in made.stdout
    starts = [s["starts_at"] for s in sessions(cli)]
    assert starts == [
        "2027-01-20T18:00:00+01:00",
        "2027-02-17T18:00:00+01:00",
        "2027-03-17T18:00:00+01:00",
        "2027-04-21T18:00:00+02:00",  # summer time: still 18:00 on the wall
        "2027-05-19T18:00:00+02:00",
        "2027-06-16T18:00:00+02:00",
        "2027-07-21T18:00:00+02:00",
    ]
    listed = ok(cli("session", "list")).stdout
    assert "Wed 2027-01-20 18:00" in listed and "Wed 2027-07-21 18:00" in listed  # with the weekday


def test_a_series_finer_than_a_day_is_refused(cli, journal_path):
    refused = cli("session", "schedule", "--every", "FREQ=SECONDLY", "--count", "3")
    assert refused.exit_code == 1 and "repeats within a day" in refused.stderr
    assert sessions(cli) == []


def test_a_series_past_the_approved_end_is_refused_with_the_agreed_dates(cli, journal_path):
    approve(cli, "--period-end", "2027-03-31")
    args = ("session", "schedule", "--every", "monthly", "--count", "7", "--start", "2027-01-20 18:00")
    refused = cli(*args)
    assert refused.exit_code == 1
    assert "4 sessions of the series (Wed 21 Apr 2027, Wed 19 May 2027, Wed 16 Jun 2027 and 1 more)" in (
        refused.stderr
    )
    assert "Tuesday 1 September 2026 to Wednesday 31 March 2027 (agreement version 1)" in refused.stderr
    assert "give --count 3" in refused.stderr and "--beyond-agreement" in refused.stderr
    assert sessions(cli) == []
    ok(cli(*args[:5], "3", *args[6:]))
    assert len(sessions(cli)) == 3
    ok(cli(*args, "--beyond-agreement"))
    assert len(sessions(cli)) == 10


def test_a_single_session_outside_the_period_names_it_provisional_before_approval(cli, journal_path):
    refused = cli("session", "plan", "2027-10-05 18:00")
    assert refused.exit_code == 1
    assert "falls after the end of the mentorship, Wednesday 1 September 2027" in refused.stderr
    assert "as given at `init`; provisional until an agreement is approved" in refused.stderr
    early = cli("session", "plan", "2026-08-20 18:00", "--past")
    assert (
        early.exit_code == 1
        and "before the start of the mentorship, Tuesday 1 September 2026" in early.stderr
    )
    ok(cli("session", "plan", "2027-10-05 18:00", "--beyond-agreement"))
    ok(cli("session", "plan", "2026-12-01 18:00"))
    moved = cli("session", "move", "2", "2027-10-06")
    assert moved.exit_code == 1 and "to move it there anyway" in moved.stderr


# --- date words with a minus, as arguments -----------------------------------------------------------


def test_date_words_with_a_minus_are_arguments_without_a_double_dash(cli, journal_path):
    week_ago = as_json(cli("session", "plan", "-1w", "--past", "--json"))
    assert week_ago["starts_at"] == "2026-11-14T10:00:00+01:00"
    hours_ago = as_json(cli("session", "plan", "--past", "-3h", "--json"))  # not -h for help
    assert hours_ago["starts_at"] == "2026-11-21T11:30:00+01:00"
    ahead = as_json(cli("session", "plan", "+2d", "--length", "60", "--json"))
    assert ahead["starts_at"] == "2026-11-23T10:00:00+01:00" and ahead["length_minutes"] == 60
    moved = as_json(cli("session", "move", "3", "+1d", "--json"))  # tomorrow, at the session's time
    assert moved["starts_at"] == "2026-11-22T10:00:00+01:00"
    back = as_json(cli("session", "move", "3", "-30min", "--past", "--json"))
    assert back["starts_at"] == "2026-11-21T14:00:00+01:00"
    series = ok(cli("session", "schedule", "--every", "weekly", "--count", "2", "--start", "-1d", "--past"))
    assert "weekly on Fridays at 10:00" in series.stdout
    assert "Usage" in cli("session", "plan", "-h").stdout  # help alone is still help
    unknown = cli("session", "plan", "tomorrow", "--lenght", "60")
    assert unknown.exit_code == 2 and "No such option" in unknown.stderr


def test_an_ambiguous_minus_m_is_refused_with_the_two_spellings(cli, journal_path):
    refused = cli("session", "plan", "-30m", "--past")
    assert refused.exit_code == 1 and "-30min for minutes or -30mo for months" in refused.stderr


# --- session edit ------------------------------------------------------------------------------------


def test_session_edit_changes_length_place_link_and_kind_and_keeps_the_rest(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00", "--place", "Café Union"))
    ok(cli("topic", "add", "Fees", "--session", "1"))
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    said = ok(cli("session", "edit", "1", "--length", "60", "--online", LINK)).stdout
    assert said.startswith("Session 1 (Thu 2026-11-26 18:00, still confirmed) is now 60 min")
    assert LINK in said
    session = as_json(cli("session", "show", "1", "--json"))
    assert (session["length_minutes"], session["mode"], session["link"], session["place"]) == (
        60, "online", LINK, None,
    )  # fmt: skip
    assert session["state"] == "confirmed" and session["starts_at"] == "2026-11-26T18:00:00+01:00"
    assert [t["text"] for t in session["topics"]] == ["Fees"]
    back = as_json(cli("session", "edit", "1", "--place", "Kino Šiška", "--kind", "workshop", "--json"))
    assert (back["mode"], back["place"], back["link"], back["kind"]) == (
        "in-person", "Kino Šiška", None, "workshop",
    )  # fmt: skip
    assert back["changed"] == ["mode", "place", "link", "kind"]
    assert "nothing changed" in ok(cli("session", "edit", "1", "--kind", "workshop")).stdout
    nothing = cli("session", "edit", "1")
    assert (
        nothing.exit_code == 1 and "give --length MIN, --place T, --online URL or --kind K" in nothing.stderr
    )
    both = cli("session", "edit", "1", "--place", "x", "--online", LINK)
    assert both.exit_code == 1 and "not both" in both.stderr
    ok(cli("session", "cancel", "1"))
    cancelled = cli("session", "edit", "1", "--length", "90")
    assert cancelled.exit_code == 1 and "only a planned session can be edited" in cancelled.stderr


def test_the_length_nudge_points_at_session_edit_and_goes_once_it_is_used(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00", "--length", "45"))
    ok(cli("session", "plan", "in 40 days 18:00", "--length", "180"))
    nudge = {n["code"]: n["message"] for n in as_json(cli("status", "--json"))["nudges"]}
    assert nudge["length-outside-guidance"].startswith("Session 1 (45 min), session 2 (180 min):")
    ok(cli("session", "edit", "1", "--length", "90"))
    ok(cli("session", "edit", "2", "--length", "120"))
    assert "length-outside-guidance" not in [n["code"] for n in as_json(cli("status", "--json"))["nudges"]]


# --- in a zone west of UTC --------------------------------------------------------------------------


def test_in_new_york_dates_words_and_series_are_read_in_local_time(cli, journal_path):
    # NOW is 08:30 on Saturday 21 November 2026 in New York
    hours_ago = as_json(cli("session", "plan", "-3h", "--past", "--json", env=NEW_YORK))
    assert hours_ago["starts_at"] == "2026-11-21T05:30:00-05:00"
    refused = cli("session", "plan", "today 07:00", env=NEW_YORK)
    assert refused.exit_code == 1 and "07:00 is in the past (earlier today)" in refused.stderr
    made = ok(cli("session", "schedule", "--every", "monthly", "--count", "3", "--start", "2027-02-09 18:00",
                  env=NEW_YORK))  # fmt: skip
    assert "monthly on the second Tuesday at 18:00" in made.stdout
    starts = [s["starts_at"] for s in sessions(cli, env=NEW_YORK) if s["number"] > 1]
    # New York moves its clocks on 14 March 2027: the wall time stays 18:00
    assert starts == ["2027-02-09T18:00:00-05:00", "2027-03-09T18:00:00-05:00", "2027-04-13T18:00:00-04:00"]


def test_in_new_york_the_dst_gap_and_day_first_dates_are_refused_or_read_as_set(cli, journal_path):
    gap = cli("session", "plan", "2027-03-14 02:30", env=NEW_YORK)
    assert gap.exit_code == 1 and "does not exist in America/New_York" in gap.stderr
    assert "Use 01:59 or 03:00" in gap.stderr
    day_first = as_json(cli("session", "plan", "5.1.2027 18:00", "--json", env=NEW_YORK))
    assert day_first["starts_at"] == "2027-01-05T18:00:00-05:00"
    month_first = {**NEW_YORK, "MENTORLOG_DATE_ORDER": "mdy"}
    assert as_json(cli("session", "plan", "5/1/2027 18:00", "--json", env=month_first))["starts_at"] == (
        "2027-05-01T18:00:00-04:00"
    )


# --- the approved agreement drives the dashboard -------------------------------------------------------


def test_the_status_header_shows_the_agreed_period_provisional_before_approval(cli, journal_path):
    before = as_json(cli("status", "--json"))["period"]
    assert before == {"start": "2026-09-01", "end": "2027-09-01", "provisional": True}
    for width in (60, 80, 120):
        shown = " ".join(ok(cli("status", env={"COLUMNS": str(width)})).stdout.split())
        assert "2026-09-01 → 2027-09-01, provisional until an agreement is approved" in shown.replace(
            "│ ", ""
        )
    approve(cli, "--period-end", "2027-03-31")
    after = as_json(cli("status", "--json"))["period"]
    assert after == {"start": "2026-09-01", "end": "2027-03-31", "provisional": False}
    assert "2026-09-01 → 2027-03-31, as agreed" in ok(cli("status")).stdout


def test_final_session_due_follows_the_approved_end(cli, journal_path):
    march = clock_at(NOW.replace(year=2027, month=3, day=10))

    def codes() -> dict[str, str]:
        return {n["code"]: n["message"] for n in as_json(cli("status", "--json", env=march))["nudges"]}

    assert "final-session-due" not in codes()  # the init period ends in September
    approve(cli, "--period-end", "2027-03-31")
    assert codes()["final-session-due"].startswith("The mentorship ends on Wednesday 31 March 2027:")


def test_inactive_follows_the_agreed_cadence_for_the_meetings_held_so_far(cli, journal_path):
    approve(cli, "--start-cadence", "fortnightly", "--start-meetings", "2", "--cadence", "monthly")
    ok(cli("session", "plan", "-1d 18:00", "--past"))
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    ok(cli("session", "held", "1"))

    def inactive(days: int) -> str | None:
        env = clock_at(NOW + timedelta(days=days))
        found = {n["code"]: n["message"] for n in as_json(cli("status", "--json", env=env))["nudges"]}
        return found.get("inactive")

    assert inactive(27) is None  # every 2 weeks at the start: 14 days, and two weeks more
    assert inactive(28) == (
        "No session held for 29 days (since session 1); you agreed to meet every 2 weeks: time to meet again."
    )
    ok(cli("session", "plan", "2026-12-01 18:00"))
    ok(cli("--as", "mentor", "session", "confirm", "2"))
    ok(cli("session", "held", "2", env=clock_at(NOW + timedelta(days=11))))
    # two held: the later rhythm, monthly (30 days and two weeks)
    assert inactive(50) is None
    assert "you agreed to meet monthly" in (inactive(56) or "")


def test_all_six_areas_mapped_counts_the_mentees_own_assessments(cli, journal_path):
    ok(cli("phase", "here-and-now", "--force"))
    six = ("personal", "professional", "knowledge", "skills", "resources", "network")
    for area in six:
        ok(cli("--as", "mentor", "assess", area, "His view of her", "--rating", "3"))
    assert as_json(cli("status", "--json"))["suggestion"] is None  # the mentor's view is not her map
    for area in six:
        ok(cli("assess", area, "Where I stand", "--rating", "3"))
    assert "All six areas are mapped" in as_json(cli("status", "--json"))["suggestion"]


@pytest.mark.parametrize("width", (60, 80, 120))
def test_session_messages_and_list_keep_weekdays_and_links_whole(cli, journal_path, width):
    ok(cli("session", "plan", "2027-01-20 18:00", "--online", LINK))
    env = {"COLUMNS": str(width)}
    listed = ok(cli("session", "list", env=env)).stdout
    assert "Wed 2027-01-20 18:00" in listed and LINK in listed
    assert all(len(line.rstrip()) <= width for line in listed.splitlines())


def test_the_quarter_check_in_counts_from_the_agreed_start(cli, journal_path):
    approve(cli, "--period-start", "2026-10-01")  # a month after the start given at init
    ok(cli("session", "plan", "2026-12-15 18:00"))
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    ok(cli("session", "held", "1", env=clock_at(NOW.replace(month=12, day=16))))
    january = clock_at(NOW.replace(year=2027, month=1, day=5))
    data = as_json(cli("status", "--json", env=january))
    # three months from 1 October is 1 January: the session on 15 December came before that mark
    assert "quarter-check-in" in [n["code"] for n in data["nudges"]]
    assert "quarter-check-in" not in [m["key"] for m in data["milestones"]]


def test_agreement_refusals_count_meetings_in_english(cli, journal_path):
    refused = cli("agreement", "edit", "--start-meetings", "1")
    assert refused.exit_code == 1 and "1 meeting at which cadence?" in refused.stderr
