"""Date words that start with a minus (`-1w`, `-3h`, `-30min`) read as arguments, not options."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from typer.core import TyperCommand

if TYPE_CHECKING:
    from typer._click.core import Context

_DATE_WORD = re.compile(r"-[0-9]")  # -1w, -3h, -30min: no option of these commands starts so


def date_words_as_arguments(args: list[str], params: Sequence[Any]) -> list[str]:
    """`args` with a date word that starts with a minus (`-1w`, `-3h`) read as an argument rather
    than an option: the options first, then `--`, then the arguments in the order given. Values of
    options (`--start -1w`) stay with their option; `args` without such a word are left as they are."""
    takes_value = {
        name
        for param in params
        if getattr(param, "param_type_name", "") == "option" and not getattr(param, "is_flag", False)
        for name in (*param.opts, *param.secondary_opts)
    }
    options: list[str] = []
    arguments: list[str] = []
    moved = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            arguments.extend(args[i + 1 :])
            break
        if _DATE_WORD.match(arg):
            arguments.append(arg)
            moved = True
        elif arg.startswith("-") and len(arg) > 1:
            options.append(arg)
            if arg in takes_value and i + 1 < len(args):
                i += 1
                options.append(args[i])
        else:
            arguments.append(arg)
        i += 1
    return [*options, "--", *arguments] if moved else args


class DateWords(TyperCommand):
    """A command whose WHEN may be `-1w`, `-3h` or `-30min` without `--`: read as a date, never as
    an option (`-3h` is three hours ago, not `-h` for help)."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, date_words_as_arguments(args, self.get_params(ctx)))
