"""Issue 13, item 6: assessments carry their author. The here-and-now starting point is the
mentee's own first assessment, the final reflection compares her own first and latest, and the
mentor's view stands beside them, never counted as hers (README: "Here and now: where the mentee
stands", "Reports")."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from .conftest import NOW, as_json, clock_at, ok

LATER = clock_at(NOW + timedelta(days=200))
LATEST = clock_at(NOW + timedelta(days=210))


@pytest.fixture
def mapped(cli, journal_path):
    """Maja maps two areas, re-assesses one later; Tomaž records his view of her network."""
    ok(cli("assess", "network", "Few contacts abroad", "--rating", "2"))
    ok(cli("assess", "skills", "Strong budgeting", "--rating", "4"))
    ok(cli("assess", "network", "Two festivals know my work", "--rating", "4", env=LATER))
    return journal_path


def test_the_mentors_rating_is_his_view_not_the_mentees_reassessment(cli, mapped):
    result = ok(
        cli("--as", "mentor", "assess", "network", "Knows more people than she says", "--rating", "5")
    )
    assert result.stdout.startswith("Recorded your view of Maja's network: reports show it beside Maja's own")
    assert "Re-assessed" not in result.stdout
    done = as_json(cli("--as", "mentor", "assess", "skills", "Budgets well", "--rating", "3", "--json"))
    assert done == {"area": "skills", "reassessment": False, "rating": 3, "author": "mentor"}
    again = as_json(cli("assess", "skills", "Budgets and negotiates", "--rating", "5", "--json"))
    assert again["reassessment"] is True and again["author"] == "mentee"

    shown = as_json(cli("assess", "show", "--json"))
    network = next(a for a in shown["areas"] if a["area"] == "network")
    assert [(e["author"], e["rating"]) for e in network["entries"]] == [
        ("mentee", 2),
        ("mentee", 4),
        ("mentor", 5),
    ]
    view = ok(cli("assess", "show")).stdout
    assert "mentor's view" in view and "Knows more people than she says" in view


def test_a_mentors_assessment_alone_does_not_map_an_area_for_the_mentee(cli, journal_path):
    ok(cli("--as", "mentor", "assess", "personal", "Energetic", "--rating", "3"))
    assert "personal" in as_json(cli("assess", "show", "--json"))["unmapped"]
    report = ok(cli("report", "here-and-now")).stdout
    assert "No area has a rating from the mentee yet" in report
    assert "| Personal development | — | _not mapped yet_ | — | 3/5: Energetic |" in report


def test_the_here_and_now_starting_point_is_the_mentees_own_first_assessment(cli, mapped):
    ok(
        cli(
            "--as",
            "mentor",
            "assess",
            "network",
            "Knows more people than she says",
            "--rating",
            "5",
            env=LATEST,
        )
    )
    report = ok(cli("report", "here-and-now")).stdout
    assert "2 of 6 areas mapped by the mentee" in report
    assert "the one with most room to grow Network of contacts (2/5)" in report
    assert "the average rating is 3.0" in report  # (2 + 4) / 2: the later 4 and the mentor's 5 do not count
    assert (
        "| Network of contacts | 2/5 | Few contacts abroad | Saturday 21 November 2026 | 5/5: Knows more"
        in report
    )
    assert "Two festivals know my work" not in report
    assert "_Re-assessed later: Network of contacts;" in report


def test_the_final_reflection_compares_the_mentees_own_first_and_latest_with_the_mentors_view_beside(
    cli, mapped
):
    ok(
        cli(
            "--as",
            "mentor",
            "assess",
            "network",
            "Knows more people than she says",
            "--rating",
            "1",
            env=LATEST,
        )
    )
    report = ok(cli("report", "final-reflection")).stdout
    assert "| Area | First | Latest | Change | The mentor's view |" in report
    network = next(line for line in report.splitlines() if line.startswith("| Network of contacts"))
    assert network == (
        "| Network of contacts | 2/5 (Saturday 21 November 2026) | 4/5 (Wednesday 9 June 2027) | +2 "
        "| 1/5 (Saturday 19 June 2027) |"
    )
    skills = next(line for line in report.splitlines() if line.startswith("| Skills"))
    assert skills.endswith("| 4/5 (not re-assessed) | +0 | — |")


def test_without_a_mentors_view_the_reports_have_no_column_for_it(cli, mapped):
    for kind in ("here-and-now", "final-reflection"):
        assert "The mentor's view" not in ok(cli("report", kind)).stdout


def test_a_private_assessment_stays_out_of_the_reports_unless_asked(cli, mapped):
    shown = as_json(cli("assess", "show", "--json"))
    latest = next(a for a in shown["areas"] if a["area"] == "network")["entries"][-1]
    assert latest["visibility"] == "shared"
    conn = sqlite3.connect(mapped)
    conn.execute("update assessment set visibility = 'private' where text = 'Two festivals know my work'")
    conn.commit()
    conn.close()
    network = "| Network of contacts | 2/5 (Saturday 21 November 2026) |"
    assert f"{network} 2/5 (not re-assessed) |" in ok(cli("report", "final-reflection")).stdout
    private = ok(cli("report", "final-reflection", "--include-private")).stdout
    assert f"{network} 4/5 (Wednesday 9 June 2027) | +2 |" in private


def test_the_mentors_view_travels_to_the_mentees_journal_and_stays_apart(cli, tmp_path):
    paths = {"mentee": tmp_path / "maja.db", "mentor": tmp_path / "tomaz.db"}

    def run(who, *args, env=None):
        return cli("--journal", str(paths[who]), *args, env=env)

    ok(run("mentee", "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(run("mentee", "assess", "network", "Few contacts abroad", "--rating", "2"))
    first = tmp_path / "first.json"
    ok(run("mentee", "share", str(first), "--plain"))
    ok(run("mentor", "init", "--from", str(first), "--me", "mentor"))
    ok(run("mentor", "assess", "network", "Well liked, rarely follows up", "--rating", "3", env=LATER))
    back = tmp_path / "back.json"
    ok(run("mentor", "share", str(back), "--plain", env=LATER))
    ok(run("mentee", "merge", str(back), env=LATER))
    ok(run("mentee", "assess", "network", "Two festivals know my work", "--rating", "4", env=LATEST))
    again = tmp_path / "again.json"
    ok(run("mentee", "share", str(again), "--plain", env=LATEST))
    ok(run("mentor", "merge", str(again), env=LATEST))
    for who in ("mentee", "mentor"):
        line = next(
            line
            for line in ok(run(who, "report", "final-reflection", env=LATEST)).stdout.splitlines()
            if line.startswith("| Network of contacts")
        )
        assert "| 2/5 (Saturday 21 November 2026) | 4/5 (Saturday 19 June 2027) | +2 |" in line
        assert line.endswith("| 3/5 (Wednesday 9 June 2027) |")


def test_the_here_and_now_is_mapped_by_the_mentees_own_assessments_only(cli, journal_path):
    areas = ("personal", "professional", "knowledge", "skills", "resources", "network")
    for area in areas:
        ok(cli("--as", "mentor", "assess", area, "His view", "--rating", "3"))

    def mapped() -> bool:
        milestones = as_json(cli("status", "--json"))["milestones"]
        return any(m["key"] == "here-and-now-mapped" for m in milestones)

    assert not mapped()  # the mentor's views map nothing
    for area in areas:
        ok(cli("assess", area, "My own view", "--rating", "4", env=LATER))
    assert mapped()
