"""Pairing codes: five words said aloud or written on paper at the first meeting.

The words come from the EFF Long Wordlist (7,776 words; by the Electronic Frontier Foundation,
CC BY 3.0 US), shipped inside the package (`mentorlog/words/`). Five words drawn with `secrets`
give 5 × log2(7776) ≈ 64.6 bits: a bundle locked with a code uses age's scrypt mode, where each
guess costs about a second of one core and 1 GiB of memory, so guessing a code offline would take
a large computing centre millions of years (the README, "Pairing at the first meeting", has the
sums). A code is typed back in any case, with spaces, hyphens or commas between the words.
"""

from __future__ import annotations

import re
import secrets
from functools import cache
from pathlib import Path

from mentorlog.errors import InvalidInput

WORDS = 5
WORD_FILE = Path(__file__).resolve().parent.parent / "words" / "eff_large_wordlist.txt"


@cache
def word_list() -> tuple[str, ...]:
    """The shipped word list, in its order."""
    lines = WORD_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _known() -> frozenset[str]:
    return frozenset(word_list())


def new_code() -> str:
    """A fresh pairing code: five words, each drawn uniformly with `secrets`."""
    words = word_list()
    return " ".join(secrets.choice(words) for _ in range(WORDS))


def bits() -> float:
    """The entropy of a code, in bits."""
    import math

    return WORDS * math.log2(len(word_list()))


def read_code(text: str) -> str:
    """A code as typed, in its one spelling (lower case, one space between words); refuses a
    word that is not on the list or a wrong number of words, before any costly decryption."""
    known = _known()
    words: list[str] = []
    for token in re.split(r"[\s,;.]+", text.strip().lower()):
        if not token:
            continue
        if token in known:
            words.append(token)
        elif "-" in token and all(part in known for part in token.split("-") if part):
            words.extend(part for part in token.split("-") if part)
        else:
            raise InvalidInput(
                f"{token!r} is not one of the words of a pairing code; check the spelling with your "
                "partner (`mentorlog pair` shows the code on their side)."
            )
    if len(words) != WORDS:
        raise InvalidInput(
            f"A pairing code has {WORDS} words; that was {len(words)}. "
            "`mentorlog pair` shows the code on your partner's side."
        )
    return " ".join(words)
