"""`import jrnl|csv FILE [--dry-run]`: entries written elsewhere, brought in as private notes."""

from pathlib import Path
from typing import Annotated

import typer

from mentorlog.cli.common import JsonFlag
from mentorlog.cli.context import opened

app = typer.Typer(
    help="Bring entries written elsewhere in as private notes, with their dates.", no_args_is_help=True
)
FileArgument = Annotated[Path, typer.Argument(metavar="FILE", help="The file to bring in.")]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Check every entry and say what would come in; write nothing.")
]


@app.command("jrnl")
def jrnl(
    ctx: typer.Context, file: FileArgument, dry_run: DryRun = False, json_output: JsonFlag = False
) -> None:
    """jrnl's JSON export (jrnl --export json > FILE): each entry a private note, dated, its @tags
    as tags."""
    _run(ctx, "jrnl", file, dry_run, json_output)


@app.command("csv")
def csv(
    ctx: typer.Context, file: FileArgument, dry_run: DryRun = False, json_output: JsonFlag = False
) -> None:
    """A CSV with a header row: date, text, and kind and tags if wanted (tags separated by spaces
    or commas); each row a private note, dated."""
    _run(ctx, "csv", file, dry_run, json_output)


def _run(ctx: typer.Context, form: str, file: Path, dry_run: bool, json_output: bool) -> None:
    from mentorlog.journal.importing import import_entries
    from mentorlog.render.messages import import_summary

    with opened(ctx, json_output) as run:
        data = import_entries(
            run.journal,
            form,
            file,
            run.now,
            dry_run=dry_run,
            date_order=run.date_order,
            acting_as=run.acting_as,
        )
    run.out.said(data, import_summary(data))
