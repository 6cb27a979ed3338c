"""Issue 13, item 8: the wide form of a table is shown only when nothing in it is cut, at every
width from 60 columns on, not only at 60, 80 and 120 (README: "Errors, colours and scripts")."""

from __future__ import annotations

import io

from rich.console import Console

from mentorlog.render.process import goals_table
from mentorlog.render.sessions import sessions_table

LINK = "https://meet.example/maja-and-tomaz-2026"
WIDTHS = range(60, 141)


def shown(renderable, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, highlight=False, markup=False)
    console.print(renderable)
    return console.export_text()


def test_a_link_in_the_session_list_is_never_cut_at_any_width():
    session = {
        "number": 5,
        "starts_at": "2026-11-24T18:00+01:00",
        "length_minutes": 90,
        "state": "confirmed",
        "kind": "one-to-one",
        "mode": "online",
        "link": LINK,
        "place": None,
    }
    for width in WIDTHS:
        out = shown(sessions_table([session]), width)
        assert LINK in out, (width, out)
        assert "Tue 2026-11-24 18:00" in out, width
        assert all(len(line.rstrip()) <= width for line in out.splitlines()), width


def test_goal_columns_are_never_cut_at_any_width():
    goal = {
        "short_id": "f51kbz",
        "number": 12,
        "title": "Set and publish a fee scale for my production work, with a word-that-is-long-enough",
        "progress": 40,
        "due": "2027-03-01",
        "status": "active",
        "missing": ["linked-to-vision"],
    }
    for width in WIDTHS:
        out = shown(goals_table([goal]), width)
        squashed = " ".join(out.split())
        assert "word-that-is-long-enough" in out and "2027-03-01" in out and "f51kbz" in out, width
        assert "lacks linked-to-vision" in squashed, (width, out)
        assert "…" not in out, width


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_messages_wrap_at_whole_words_on_a_terminal_and_stay_whole_when_piped(monkeypatch, capsys):
    import sys

    from mentorlog.cli import common

    message = (
        "Session 5 (Wed 2026-12-09 18:00, still confirmed) is now 90 min, one-to-one, online at "
        f"{LINK}/a-room-name-too-long-for-one-line-of-sixty-columns."
    )
    screen = Terminal()
    with monkeypatch.context() as patched:
        patched.setenv("COLUMNS", "60")
        patched.setattr(sys, "stdout", screen)
        common.say(message)
    lines = screen.getvalue().splitlines()
    assert len(lines) > 1 and " ".join(lines) == message  # no word broken, nothing lost
    assert all(len(line) <= 60 for line in lines if "://" not in line)
    assert any(line.startswith(LINK) for line in lines)  # the link whole, on a line of its own
    common.say(message)
    assert capsys.readouterr().out == message + "\n"  # piped: one line, for grep
