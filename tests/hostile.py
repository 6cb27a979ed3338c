"""A journal whose every kind of text is hostile, for the tests of what mentorlog writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .conftest import ok

# Markdown structure, raw HTML, a remote image (a web beacon), a link, Jinja, Rich markup, and a
# second paragraph with "- " lines: none of it may become structure anywhere.
HOSTILE = (
    "# real heading?\n---\n> quoted line\n1. numbered line\n"
    "- dash line <script>alert(1)</script> <img src=x onerror=alert(1)>\n"
    "![beacon](http://evil.example/beacon.png) [link](http://evil.example/) <http://evil.example/a>\n"
    "{{ 7*7 }} {% raw %}raw{% endraw %} [bold red]red[/bold red] [/b] | pipe | back\\slash *star* _under_\n"
    "\n"
    "Second paragraph\n- with a dash line\n==="
)
ONE_LINE = "# Goal [bold]x[/bold] <img src=x onerror=alert(1)> ![b](http://evil.example/b.png) {{ 7*7 }} | p."
# What the input checks refuse, planted in the journal file as another program (or a bundle) could.
CONTROLS = "\x1b]0;pwned\x07\x1b[2J\rCR\x9b31m\u202eevil\u2066iso\u2069"
RAW_CONTROLS = ("\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2066", "\u2069")


def build_hostile(cli, home: Path) -> Path:
    """A journal whose every kind of text is hostile, made through the CLI, then with control
    characters written straight into the file."""
    ok(
        cli(
            "init", "--mentor", "Tomaž [/b]", "--mentee", "Maja [bold red]", "--me", "mentee",
            "--programme", "Prog # [i]x[/i].", "--start", "2026-01-05",
        )
    )  # fmt: skip
    ok(cli("agreement", "edit", "--meetings", "10", "--place", ONE_LINE, "--expect-mentor", HOSTILE))
    ok(cli("agreement", "edit", "--expect-mentee", HOSTILE, "--content-plan", HOSTILE, "--contact", HOSTILE))
    ok(cli("rule", "add", HOSTILE, "--kind", "respect"))
    ok(cli("vision", HOSTILE))
    ok(cli("goal", "add", ONE_LINE, "--measure", HOSTILE, "--why", HOSTILE, "--due", "in 200 days"))
    ok(cli("outcome", "add", HOSTILE, "--by", "in 300 days"))
    ok(cli("option", "add", HOSTILE, "--feasibility", "4"))
    for area in ("personal", "skills", "strengths", "improvements", "resources", "network"):
        ok(cli("assess", area, HOSTILE, "--rating", "3"))
    ok(cli("action", "add", HOSTILE, "--due", "in 3 days"))
    ok(cli("session", "plan", "in 5 days 18:00", "--place", ONE_LINE))
    ok(
        cli(
            "session",
            "plan",
            "in 40 days 18:00",
            "--online",
            "https://meet.example/a-rather-long-room-name-2026",
        )
    )
    ok(cli("topic", "add", HOSTILE, "--session", "1"))
    ok(cli("note", "-q", "--shared", HOSTILE))
    ok(cli("note", "-l", "--shared", HOSTILE))
    ok(cli("note", "--kind", "decision", "--shared", HOSTILE))
    ok(cli("note", HOSTILE, "--tag", "x[b]"))
    ok(cli("contact", HOSTILE, "--via", "email", "--shared"))
    ok(cli("reflect", "--answer", f"insights={HOSTILE}", "--answer", f"stay-in-touch={HOSTILE}"))
    ok(cli("end"))
    path = home / "journal.db"
    conn = sqlite3.connect(path)
    with conn:
        drop_checks(conn)
        for table, column in (
            ("note", "text"), ("topic", "text"), ("action", "text"), ("rule", "text"), ("vision", "text"),
            ("goal", "title"), ("outcome", "text"), ("option", "text"), ("assessment", "text"),
            ("reflection", "text"), ("session", "place"), ("agreement", "expect_mentor"),
            ("pair", "mentee"), ("pair", "mentor"), ("pair", "programme"),
        ):  # fmt: skip
            conn.execute(f"update [{table}] set [{column}] = [{column}] || ?", (CONTROLS,))
    conn.close()
    return path


def drop_checks(conn: sqlite3.Connection) -> None:
    """Remove the journal's value checks: it refuses control characters (its check triggers), but
    an older mentorlog's journal, or one edited by a program that removed the checks, may hold
    them, and the renderers must be safe whatever the journal holds."""
    found = conn.execute("select name from sqlite_master where type = 'trigger' and name like 'check_%'")
    for (name,) in list(found):
        conn.execute(f"drop trigger [{name}]")
