"""Borderless tables of text drawn in one pass: the lines rich's `Table.grid(padding=(0, p))` and
`Table(box=None, show_header=False, padding=(0, p))` draw, in the same styles, at a fraction of
the cost.

Why: rich measures and draws every cell through three layers (the table, a `Padding`, the text)
and the console's general path. A journal of years has hundreds of rows on one screen (the
dashboard's milestones, the agenda's goals in play and what happened since the last session),
and drawing them through `Table` cost more than the rest of the command. Here a cell is measured
from its plain string and broken into lines by rich's own `Text.wrap`, with rich's own rules for
column widths, so the lines are the ones rich draws: a test draws random tables both ways and
compares them, styles included. Whatever this does not cover (a cell that is not text, a column
too narrow for its padding, a table without rows or columns) is drawn by rich's `Table` itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

NEWLINE = Text("\n")


class Column(NamedTuple):
    no_wrap: bool
    style: str


class Grid:
    """A table without borders or header. `edge=False` is rich's `Table.grid(padding=(0, padding))`
    (no padding at the outer edges, one gap between columns); `edge=True` is `Table(box=None,
    show_header=False, padding=(0, padding))` (every cell padded on both sides)."""

    def __init__(self, *, padding: int = 1, edge: bool = False):
        self.padding = padding
        self.edge = edge
        self.columns: list[Column] = []
        self.rows: list[tuple[Any, ...]] = []

    def add_column(self, *, no_wrap: bool = False, style: str = "") -> None:
        self.columns.append(Column(no_wrap, style))

    def add_row(self, *cells: Any) -> None:
        self.rows.append(cells)

    def table(self) -> Table:
        """The same table as rich's `Table` (what is drawn when the fast path does not apply)."""
        if self.edge:
            table = Table(show_header=False, box=None, padding=(0, self.padding))
        else:
            table = Table.grid(padding=(0, self.padding))
        for column in self.columns:
            table.add_column(no_wrap=column.no_wrap, style=column.style)
        for row in self.rows:
            table.add_row(*row)
        return table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        drawn = self.draw(console, options)
        if drawn is None:
            yield self.table()
        else:
            yield from drawn

    # --- the fast path ----------------------------------------------------------------------

    def _pads(self, index: int) -> tuple[int, int]:
        """Left and right padding of a column, as rich gives them (pad_edge and collapse_padding
        for a grid; every side for a borderless table)."""
        if self.edge:
            return self.padding, self.padding
        return 0, 0 if index == len(self.columns) - 1 else self.padding

    def draw(self, console: Console, options: ConsoleOptions) -> list[Segment] | None:
        if not self.columns or not self.rows or options.max_width < 1:
            return None
        cells: list[list[Text]] = []
        for row in self.rows:
            if len(row) != len(self.columns):
                return None
            texts = []
            for cell in row:
                if isinstance(cell, str):
                    cell = console.render_str(cell, highlight=False, markup=options.markup)
                if type(cell) is not Text:
                    return None
                texts.append(cell)
            cells.append(texts)
        longest = [max(_longest_line(row[i]) for row in cells) for i in range(len(self.columns))]
        widths = self._widths(longest, options.max_width)
        if widths is None:
            return None
        pads = [self._pads(i) for i in range(len(self.columns))]
        if any(width - left - right < 1 for width, (left, right) in zip(widths, pads, strict=True)):
            return None
        styles = [console.get_style(column.style or "") for column in self.columns]
        none = console.get_style("none")  # the style of rich's Padding
        new_line = Segment.line()
        out: list[Segment] = []
        cache: dict[tuple[Any, ...], list[list[Segment]]] = {}
        for texts in cells:
            drawn = []
            for index, text in enumerate(texts):
                key = (index, text.plain, text.style, tuple(text.spans), text.justify, text.overflow,
                       text.no_wrap, text.end, text.tab_size)  # fmt: skip
                lines = cache.get(key)
                if lines is None:
                    lines = self._cell(console, text, index, widths[index], pads[index], styles[index], none)
                    cache[key] = lines
                drawn.append(lines)
            height = max(len(lines) for lines in drawn)
            for line_no in range(height):
                for index, lines in enumerate(drawn):
                    if line_no < len(lines):
                        out.extend(lines[line_no])
                    else:
                        out.append(Segment(" " * widths[index], styles[index]))
                out.append(new_line)
        return out

    def _cell(
        self,
        console: Console,
        text: Text,
        index: int,
        width: int,
        pads: tuple[int, int],
        style: Style,
        none: Style,
    ) -> list[list[Segment]]:
        """The lines of one cell, each `width` cells wide: the text as rich's `Text` draws itself
        in the column (wrapped, justified, padded), inside the cell's padding, in the column's style."""
        left, right = pads
        inner = width - left - right
        justify = text.justify or "left"
        overflow = text.overflow or "ellipsis"
        plain = text.plain
        if (
            justify == "left"
            and overflow != "ignore"
            and text.end == "\n"
            and len(plain) <= inner
            and plain.isascii()
            and plain.isprintable()
        ):
            # One line that fits, one cell a character: what `Text.wrap` makes of it is the text
            # padded to the width, drawn as `Text.render` draws it once joined (its own style a
            # span over it, so a text without spans is still drawn in its style).
            filled = plain + " " * (inner - len(plain))
            if text.spans:
                one = text.copy()
                one.truncate(inner, overflow=overflow, pad=True)
                lines = [list(one.render(console))]
            elif text.style:
                lines = [[Segment(filled, console.get_style(text.style))]]
            else:
                lines = [[Segment(filled)]]
        else:
            wrapped = text.wrap(
                console,
                inner,
                justify=justify,
                overflow=overflow,
                tab_size=(console.tab_size if text.tab_size is None else text.tab_size) or 8,
                no_wrap=text.no_wrap if text.no_wrap is not None else self.columns[index].no_wrap,
            )
            segments = NEWLINE.join(wrapped).render(console, end=text.end)
            lines = list(
                Segment.split_and_crop_lines(segments, inner, include_new_lines=False, pad=True, style=none)
            )
        result = []
        for segments_of_line in lines:
            padded = [Segment(" " * left, none), *segments_of_line] if left else list(segments_of_line)
            if right:
                padded.append(Segment(" " * right, none))
            # every line is `width` cells already (rich's own crop-and-pad would copy it as it is)
            result.append(list(Segment.apply_style(padded, style)) if style else padded)
        return result

    def _widths(self, longest: list[int], max_width: int) -> list[int] | None:
        """The width of each column by rich's rules (`Table._calculate_column_widths` for a table
        that does not expand): each column as wide as its longest line and its padding, and when
        they do not fit, the columns that wrap narrowed (rich's `_collapse_widths`), then all of
        them, then measured again at those widths. (Only the widest measure counts there, so a
        cell's narrowest, its longest word, is never needed.)"""
        count = len(self.columns)
        pads = [sum(self._pads(i)) for i in range(count)]

        def column(index: int, width: int) -> int:
            """A column's widest measure within `width`: a cell's text measured inside its padding."""
            if width < 1:
                return 0
            if width - pads[index] < 1:
                return width
            return min(longest[index] + pads[index], width)

        widths = [column(i, max_width) or 1 for i in range(count)]
        if sum(widths) > max_width:
            try:
                from rich._ratio import ratio_reduce

                widths = Table._collapse_widths(widths, [not c.no_wrap for c in self.columns], max_width)
            except (ImportError, AttributeError):  # a rich without them: its Table draws
                return None
            if sum(widths) > max_width:
                widths = ratio_reduce(sum(widths) - max_width, [1] * count, widths, widths)
            widths = [column(i, width) for i, width in enumerate(widths)]
        return widths


def _longest_line(text: Text) -> int:
    """A text's widest measure, its longest line, as `Text.__rich_measure__` gives it."""
    plain = text.plain
    if plain.isascii() and plain.replace("\n", "").isprintable():  # one cell a character
        return max(map(len, plain.splitlines()), default=0)
    return max((cell_len(line) for line in plain.splitlines()), default=0)
