"""`import jrnl|csv FILE [--dry-run]`: entries written elsewhere, brought in as private notes."""

from pathlib import Path
from typing import Annotated, Any

import typer

from mentorlog.cli import common
from mentorlog.cli.common import JsonFlag

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
    from mentorlog.services.importing import import_entries

    with common.journal(ctx) as journal:
        data = import_entries(
            journal,
            form,
            file,
            common.now(),
            dry_run=dry_run,
            date_order=common.date_order(journal),
            acting_as=common.acting(ctx),
        )
    if json_output:
        common.emit_json(data)
        return
    common.say(summary(data))


def summary(data: dict[str, Any]) -> str:
    from mentorlog.words import plural

    new = data["new"]
    span = (
        f", {data['first_day']} to {data['last_day']}"
        if data["first_day"] and data["first_day"] != data["last_day"]
        else (f", {data['first_day']}" if data["first_day"] else "")
    )
    skipped = (
        f" {plural(data['already_there'], 'entry', 'entries')} already in the journal, skipped."
        if data["already_there"]
        else ""
    )
    if data["dry_run"]:
        return f"Would import {plural(new, 'private note')}{span}.{skipped} Nothing was written (--dry-run)."
    if not new:
        return f"Nothing new to import: every entry is already in the journal.{skipped}"
    return f"Imported {plural(new, 'private note')}{span}.{skipped} `mentorlog log` shows them."
