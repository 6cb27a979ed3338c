"""The long lists of `status` and the agenda (milestones, goals in play, what happened since the last
session) are drawn in one pass by render/grid.py, and exactly as rich's `Table` draws them: the
same segments, characters and styles, at every width (README, "Speed")."""

from __future__ import annotations

import io
import random

import pytest
from rich.console import Console
from rich.text import Text

from mentorlog.render.grid import Grid
from mentorlog.render.terminal import bar, bullets, plain, whole

WORDS = "grant budget festival venue tour fee contract residency audience premiere rehearsal".split()
HOSTILE = ["x" * 130, "漢字かな交じり", "é😀 ok", "a\tb", "line one\nline two", "", "   ", "[bold]x[/]"]


def random_text(rng: random.Random) -> Text | str:
    kind = rng.random()
    if kind < 0.5:
        value = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30)))
    else:
        value = " ".join(rng.choice(HOSTILE + WORDS) for _ in range(rng.randint(0, 6)))
    if rng.random() < 0.1:
        return value
    text = Text(
        value,
        style=rng.choice(["", "", "green", "dim red"]),
        overflow=rng.choice([None, "fold", "fold", "ellipsis", "crop"]),
        no_wrap=rng.choice([None, None, True]),
        justify=rng.choice([None, None, None, "left", "right", "center", "full", "default"]),
    )
    if value and rng.random() < 0.4:
        start = rng.randrange(len(value))
        text.stylize(rng.choice(["bold", "red", "italic"]), start, rng.randint(start, len(value)))
    if rng.random() < 0.3:
        text.append(plain("  due 2026-11-22", style="dim"))
    return text


def drawn(renderable, width: int, colour: bool) -> list:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        highlight=False,
        markup=False,
        emoji=False,
    )
    return list(console.render(renderable, console.options))


def test_a_grid_draws_exactly_what_rich_table_draws():
    rng = random.Random(7)
    fast = 0
    for _ in range(400):
        grid = Grid(padding=rng.choice([0, 1, 1, 2]), edge=rng.random() < 0.5)
        columns = rng.randint(1, 4)
        for _ in range(columns):
            grid.add_column(no_wrap=rng.random() < 0.4, style=rng.choice(["", "", "green"]))
        for _ in range(rng.randint(1, 6)):
            grid.add_row(*(random_text(rng) for _ in range(columns)))
        width = rng.choice([1, 3, 8, 20, 40, 60, 80, 100, 140])
        colour = rng.random() < 0.5
        console = Console(file=io.StringIO(), width=width)
        fast += grid.draw(console, console.options) is not None
        # same segments: the same characters, in the same styles, split the same way
        assert drawn(grid, width, colour) == drawn(grid.table(), width, colour)
    assert fast > 150  # most of them by the one-pass path (the rest are handed to rich's Table)


@pytest.mark.parametrize("width", [60, 80, 100, 120, 140])
def test_the_long_lists_of_status_and_the_agenda_take_the_one_pass_path(width):
    rng = random.Random(width)
    milestones = bullets(
        [
            ("✓", plain(f"2026-11-{d:02}  ", style="green").append(plain(" ".join(WORDS[:d]), style="green")))
            for d in range(1, 29)
        ],
        style="green",
    )
    sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40))) for _ in range(40)]
    notes = bullets([("•", Text("lesson: ").append(plain(sentence))) for sentence in sentences])
    goals = Grid(padding=1, edge=True)
    for no_wrap in (True, True, False, True):
        goals.add_column(no_wrap=no_wrap)
    for p in range(0, 100, 7):
        goals.add_row("  ", bar(p), plain(" ".join(WORDS[: p % 11 + 1])), whole("2027-01-05", style="dim"))
    console = Console(file=io.StringIO(), width=width)
    for grid in (milestones, notes, goals):
        assert grid.draw(console, console.options) is not None
        for colour in (False, True):
            assert drawn(grid, width, colour) == drawn(grid.table(), width, colour)
