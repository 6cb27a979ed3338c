"""Counts that read as English, and plain messages wrapped at whole words."""

from __future__ import annotations

import textwrap

# Words whose plural is not the word + "s" (the rest follow the two rules in `plural`).
IRREGULAR = {"entry": "entries", "private entry": "private entries", "person": "people"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 topic`, `2 topics`, `0 topics`, `1 private entry`, `3 entries`, `2 matches`."""
    if count == 1:
        return f"{count} {word}"
    if many is None:
        many = IRREGULAR.get(word)
    if many is None:
        if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
            many = word[:-1] + "ies"
        elif word.endswith(("s", "x", "z", "ch", "sh")):
            many = word + "es"
        else:
            many = word + "s"
    return f"{count} {many}"


def agree(count: int, one: str, many: str) -> str:
    """The verb that goes with a count: `agree(1, "is", "are")` → `is`."""
    return one if count == 1 else many


def wrap_message(text: str, width: int | None, indent: str = "") -> str:
    """A plain message wrapped at whole words for a terminal `width` (None: as it is, for pipes).

    A word longer than the line (a link, a path, a command) is never broken: it gets a line
    of its own and the terminal shows it whole.
    """
    if width is None:
        return text
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=max(20, width),
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    return "\n".join(lines)
