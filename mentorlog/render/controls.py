"""The terminal's escaping, apart from the rest of render/escape.py (whose patterns a quick command
need not compile): every control character written as a visible escape."""

from __future__ import annotations

from mentorlog.pasteable import for_journal

# Everything a terminal or a reader could act on: C0 but \t and \n, DEL, C1, bidi overrides and
# isolates, and the Unicode line/paragraph separators (which split lines where no one sees one).
CONTROLS = (
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
)
# each one's visible escape, for str.translate (a character class of these ranges costs a regular
# expression's compiler nearly half a millisecond, on every command that prints)
_VISIBLE = {code: f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" for code in CONTROLS}


def visible_controls(value: object) -> str:
    """`value` as text, with every control character written as a visible escape (`\\x1b`,
    `\\u202e`); a Windows line end is an ordinary line end."""
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").translate(_VISIBLE)


def terminal_text(value: object) -> str:
    """Text safe to print on a terminal: no escape sequence, CR or bidi override gets through; a
    command in it names the journal the command ran on, when that is not the default one
    (`mentorlog/pasteable.py`)."""
    return for_journal(visible_controls(value))
