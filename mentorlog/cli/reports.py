"""`report KIND`: a Markdown document for a phase of the mentorship."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mentorlog.cli import common


def report(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="agreement")],
    out: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Write to FILE (mode 0600) instead of printing.")
    ] = None,
    include_private: Annotated[
        bool, typer.Option(help="Include private entries (for your eyes only).")
    ] = False,
):
    """Render a report as Markdown."""
    from mentorlog.render.templates import render
    from mentorlog.services import reports

    with common.journal(ctx) as journal:
        context = reports.report_context(journal, kind, common.now(), include_private)
    common.deliver(render(f"{kind}.md.j2", context), out, f"{kind} report")


def register(app: typer.Typer) -> None:
    app.command()(report)
