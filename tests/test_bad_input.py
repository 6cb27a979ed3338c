"""Bad input of every kind gets a clear error at the command line, never "Something unexpected".

Numbers beyond what the journal can hold, user templates that would run for ever or print without
end, includes that reach outside the templates folder, and text made only of invisible characters.
"""

from __future__ import annotations

import sqlite3

import pytest

from .conftest import digest, ok

HUGE = str(2**63)  # one more than SQLite's largest integer
NUMBERED = [
    ("session", "show", HUGE),
    ("session", "held", HUGE),
    ("session", "cancel", HUGE),
    ("session", "move", HUGE, "2026-12-01 10:00"),
    ("session", "confirm", HUGE),
    ("session", "edit", HUGE, "--length", "60"),
    ("feedback", HUGE, "--rating", "4"),
    ("topic", "add", "Budget", "--session", HUGE),
    ("note", "-q", "What about the fund?", "--session", HUGE),
    ("note", "A thought", "--session", HUGE),
    ("agenda", "--session", HUGE),
    ("log", "--session", HUGE),
]


@pytest.mark.parametrize("args", NUMBERED, ids=lambda args: " ".join(args[:2]))
def test_a_session_number_beyond_the_journal_is_no_session(cli, journal_path, args):
    ok(cli("session", "plan", "2026-11-25 10:00"))
    before = digest(journal_path)
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: No session {HUGE}: sessions are numbered 1–1"), result.stderr
    assert "unexpected" not in result.output
    assert digest(journal_path) == before


@pytest.mark.parametrize("versions", [(HUGE,), ("1", HUGE), (str(-(2**63) - 1),)])
def test_an_agreement_version_beyond_the_journal_is_no_version(cli, journal_path, versions):
    ok(cli("agreement", "edit", "--meetings", "8"))
    result = cli("agreement", "diff", "--", *versions)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: No version "), result.stderr
    assert "versions are numbered 1–1" in result.stderr


# --- user templates ---------------------------------------------------------------------------


@pytest.fixture
def own_template(cli, journal_path, mentorlog_home):
    """Write the user's own `NAME` template (mode 0600 in a 0700 folder, as `templates copy` makes)."""
    folder = mentorlog_home / "templates"
    folder.mkdir(mode=0o700, exist_ok=True)

    def write(name: str, source: str):
        path = folder / name
        path.write_text(source)
        path.chmod(0o600)
        return path

    return write


def agenda_refused(cli, tmp_path):
    out = tmp_path / "agenda.md"
    result = cli("agenda", "--format", "markdown", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert not out.exists()  # nothing written
    assert "Traceback" not in result.output and "unexpected" not in result.output
    (line,) = result.stderr.splitlines()
    return line


@pytest.mark.parametrize(
    "source, what",
    [
        ("{{ 'a' * 10**9 }}", "made a value of more than 50,000,000 characters"),
        ("{% set all = [0] * 10**9 %}{{ all | length }}", "made a value of more than 50,000,000 characters"),
        ("{{ 7 ** 123456789 }}", "raised a number to a power above 1000"),
        (
            "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
            "wrote more than 1,000,000 characters (with the templates it includes)",
        ),
    ],
    ids=["long-text", "long-list", "huge-power", "long-output"],
)
def test_a_template_that_would_fill_memory_is_stopped_and_named(
    cli, own_template, tmp_path, monkeypatch, source, what
):
    from mentorlog.render import templates

    if "wrote" in what:  # 50,000,000 by default: a tenth of a second's work for the test instead
        monkeypatch.setattr(templates, "OUTPUT_LIMIT", 1_000_000)
    template = own_template("agenda.md.j2", source)
    line = agenda_refused(cli, tmp_path)
    assert line == (
        f"Error: The template {template} {what}, so mentorlog stopped it; nothing was written. "
        "Compare it with the built-in one (`mentorlog templates copy`)."
    )


@pytest.mark.parametrize("printing", [False, True], ids=["silent-loops", "printing-loops"])
def test_a_template_that_would_run_for_ever_is_stopped_and_named(
    cli, own_template, tmp_path, monkeypatch, printing
):
    import time

    from mentorlog.render import templates

    monkeypatch.setattr(templates, "TIME_LIMIT", 0.2)  # ten seconds by default
    body = "{{ i }}" if printing else ""
    loops = f"{{% for i in range(100000) %}}{{% for j in range(100000) %}}{body}{{% endfor %}}{{% endfor %}}"
    own_template("_header.md.j2", loops)  # included by the user's agenda
    agenda = own_template("agenda.md.j2", '{% include "_header.md.j2" %}')
    started = time.monotonic()
    line = agenda_refused(cli, tmp_path)
    assert time.monotonic() - started < 20
    assert line.startswith(
        f"Error: The template {agenda} ran for more than 0.2 seconds (with the templates it includes), "
        "so mentorlog stopped it; nothing was written."
    )


def test_an_include_outside_the_templates_is_refused_naming_the_template_that_has_it(
    cli, own_template, tmp_path
):
    own_template("agenda.md.j2", '{% include "_header.md.j2" %}')
    header = own_template("_header.md.j2", "{% include '../../etc/passwd' %}")
    line = agenda_refused(cli, tmp_path)
    assert line == (
        f"Error: The template {header} includes '../../etc/passwd', which is not a template: an include "
        "names a template in the templates folder or a built-in one (`mentorlog templates list`)."
    )


def test_the_built_in_templates_render_within_the_limits(cli, journal_path, mentorlog_home):
    """With a template of the user's in the folder every render is limited; a copy of a built-in
    one, and the built-in reports, are well within."""
    ok(cli("templates", "copy", "agenda"))
    mine = mentorlog_home / "templates" / "agenda.md.j2"
    mine.write_text(mine.read_text() + "\nMy own closing line.\n")
    assert ok(cli("agenda", "--format", "markdown")).stdout.rstrip().endswith("My own closing line.")
    assert ok(cli("report", "agreement")).stdout.startswith("# ")


# --- text that shows nothing ------------------------------------------------------------------

EMPTY = " is empty: type a few words."
INVISIBLE_ONLY = {  # text that shows nothing, and what is said of it
    "hangul-filler": ("\u3164", EMPTY),
    "joiners-and-selectors": ("\u200d\u2060\ufe0f\u00ad\u2800", EMPTY),
    "bidi-marks": ("\u200e\u200f\u061c", " holds a control character (U+200E)"),
    "tag-characters": ("\U000e0068\U000e0069", " holds a control character (U+E0068)"),
    "noncharacters": ("\ufdd0\U0001fffe", " holds a control character (U+FDD0)"),
}


@pytest.mark.parametrize("text, said", INVISIBLE_ONLY.values(), ids=INVISIBLE_ONLY.keys())
def test_text_of_invisible_characters_only_is_refused(cli, journal_path, tmp_path, text, said):
    before = digest(journal_path)
    for args in (
        ("note", text),
        ("note", "--shared", f" {text} "),
        ("goal", "add", text),
        ("topic", "add", text),
        ("rule", "add", text),
    ):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "unexpected" not in result.output
        assert said in result.stderr, (args, result.stderr)
    new = tmp_path / "new.db"
    result = cli("--journal", str(new), "init", "--mentor", text, "--mentee", "Maja", "--me", "mentee")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: The mentor's name{said}"), result.stderr
    assert not new.exists()
    assert digest(journal_path) == before


@pytest.mark.parametrize(
    "character", ["\u200e", "\u200f", "\u061c", "\U000e0041", "\U000e007f", "\ufdd0", "\U0010ffff"]
)
def test_an_invisible_format_character_is_refused_like_other_controls(cli, journal_path, character):
    result = cli("note", f"Looks harmless{character} but is not")
    assert result.exit_code == 1
    assert f"holds a control character (U+{ord(character):04X})" in result.stderr, result.stderr
    conn = sqlite3.connect(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="mentorlog: pair.mentor cannot hold that value"):
            conn.execute("update pair set mentor = ?", [f"Tomaž{character}"])
    finally:
        conn.close()


def test_invisible_characters_inside_text_are_kept_as_typed(cli, journal_path):
    """A joiner inside an emoji, a soft hyphen in a word, Hangul with its filler: text, kept."""
    text = "Family 👨\u200d👩\u200d👧 meeting about the resi\u00addency ❤\ufe0f"
    ok(cli("note", text))
    conn = sqlite3.connect(journal_path)
    assert conn.execute("select text from note").fetchall() == [(text,)]
    conn.close()


def test_a_bundle_carrying_invisible_format_characters_is_refused(two, tmp_path):
    from .conftest import INIT

    ok(two("mentee", *INIT))
    ok(two("mentee", "note", "--shared", "First shared note"))
    first = tmp_path / "first.json"
    ok(two("mentee", "share", str(first), "--plain"))
    ok(two("mentor", "init", "--from", str(first)))
    ok(two("mentee", "note", "--shared", "Second shared note"))
    second = tmp_path / "second.json"
    ok(two("mentee", "share", str(second), "--plain"))
    before = digest(two.paths["mentor"])
    for character in ("\U000e0069", "\u200f", "\ufdd0"):
        spoiled = tmp_path / "spoiled.json"
        text = second.read_text(encoding="utf-8")
        assert text.count("Second shared note") == 1
        spoiled.write_text(text.replace("Second shared", f"Second{character} shared"), encoding="utf-8")
        result = two("mentor", "merge", str(spoiled))
        assert result.exit_code == 1, result.output
        message = result.stderr
        assert message.startswith("Error: The bundle is refused: note "), message
        assert f", field text, holds a control character (U+{ord(character):04X})." in message, message
        assert digest(two.paths["mentor"]) == before
    ok(two("mentor", "merge", str(second)))  # the bundle itself is fine
