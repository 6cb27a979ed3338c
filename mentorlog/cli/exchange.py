"""`share`, `merge`, `export`, `calendar` and `backup`: the only ways out of a journal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.cli.common import Out
from mentorlog.cli.context import command, keep_calendar_of, opened
from mentorlog.cli.output import format_choice
from mentorlog.cli.pairing import CodeOption, with_code
from mentorlog.render.exchange import LEFT_ALONE, merged_lines, share_lines, sync_lines
from mentorlog.words import plural

Force = Annotated[bool, typer.Option("--force", help="Replace the --out file if it exists.")]


def share(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE]",
            help="Where to write the bundle (default: mentorlog-ROLE-YYYYMMDD-HHMM.age in the current "
            "folder, a name that names no one; .json with --plain).",
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain", help="Write readable JSON, not encrypted: anyone who handles it can read it."
        ),
    ] = False,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Everything again, whatever your partner is known to have: a bundle that claims nothing "
            "about what either journal has had, taken even after a journal was restored from a backup.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    json_output: common.JsonFlag = False,
) -> None:
    """Write a bundle of everything shared (never anything private) for your partner: encrypted
    for your partner's journal alone once paired, locked with the pairing code before that."""
    from mentorlog.exchange import share as sharing

    with opened(ctx, json_output, sync=False) as run:
        data = sharing.share(
            run.journal, file, run.now, plain=plain, everything=everything, replace_existing=force
        )
    if run.out.json or data["path"] != "-":
        run.out.said(data, *share_lines(data))
        return
    for line in share_lines(data):  # the bundle itself went to standard output
        common.tell(line)


def sync(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FOLDER]",
            help="The folder you and your partner both see (Syncthing, Nextcloud, Dropbox, a USB "
            "stick); remembered, so later just `mentorlog sync`.",
        ),
    ] = None,
    auto: Annotated[
        str | None,
        typer.Option(
            "--auto",
            metavar="on|off",
            help="on: every command merges your partner's changes first and shares yours after.",
        ),
    ] = None,
    code: CodeOption = None,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Write everything of yours into the folder again, as `share --all` does."),
    ] = False,
    json_output: common.JsonFlag = False,
) -> None:
    """Merge what your partner's journal wrote in the shared folder, and write yours there."""
    from mentorlog.exchange import sync as syncing

    if auto is not None and auto not in ("on", "off"):
        raise typer.BadParameter("use on or off.", param_hint="--auto")
    if folder is not None and not _journal_exists(ctx):  # no journal yet: join the partner's
        from mentorlog.cli.journal import join_folder, say_started

        journal, merged, shared = join_folder(ctx, folder, None, code, None if auto is None else auto == "on")
        say_started(journal, merged, shared, from_bundle=True)
        return
    with opened(ctx, json_output, sync=False) as run:
        data = with_code(
            lambda words: syncing.sync(
                run.journal,
                run.now,
                folder,
                None if auto is None else auto == "on",
                code=words,
                everything=everything,
            ),
            code,
        )
    from mentorlog.render.exchange import worded

    run.out.said({**data, "merged": [worded(report) for report in data["merged"]]}, *sync_lines(data))


def merge(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE…", help="Your partner's bundles.")],
    code: CodeOption = None,
    unsigned: Annotated[
        bool,
        typer.Option(
            "--unsigned",
            help="Take a plain bundle that is not signed by your partner's journal (you vouch that it is "
            "theirs); it never changes the pairing.",
        ),
    ] = False,
    json_output: common.JsonFlag = False,
) -> None:
    """Merge your partner's bundles into your journal, field by field, and say what is new."""
    from mentorlog.exchange import exchange

    made = command(ctx, json_output)
    reports = with_code(
        lambda words: exchange.merge_files(made.spec, files, made.now, code=words, unsigned_ok=unsigned), code
    )
    refused = [report for report in reports if "refused" in report]
    if len(refused) < len(reports):  # what came may move a session or a reminder
        keep_calendar_of(made.spec, made.now)
    from mentorlog.render.exchange import worded

    lines: list[str] = []
    for report in reports:
        if "refused" in report:
            lines.append(LEFT_ALONE.format(file=report["file"], reason=report["refused"]))
        else:
            lines += merged_lines(report, several=len(reports) > 1)
    reports = [worded(report) for report in reports]
    made.out.said(reports[0] if len(reports) == 1 else reports, *lines)
    if refused:
        from mentorlog.errors import Refused

        names = ", ".join(report["file"] for report in refused)
        taken = len(reports) - len(refused)
        raise Refused(
            f"Refused {plural(len(refused), 'file')} of {len(reports)}: {names} (each said why above); "
            f"{'the other ' + plural(taken, 'file') + ' merged' if taken else 'nothing was merged'}."
        )


def export(
    ctx: typer.Context,
    format_: Annotated[str, typer.Option("--format", help="json or markdown.")],
    out: Annotated[
        Path, typer.Option(metavar="PATH", help="Where to write it (mode 0600); - is standard output.")
    ],
    force: Force = False,
) -> None:
    """Your whole journal, private entries included, for keeping or moving."""
    from mentorlog.exchange import export as exports
    from mentorlog.journal import files

    format_choice(format_, ("json", "markdown"))
    with opened(ctx, sync=False) as run:
        if format_ == "json":
            written = exports.export_json(run.journal, out, run.now, force=force)
        else:
            from mentorlog.render.templates import render_export

            text = render_export(exports.markdown_data(run.journal, run.now))
            written = files.write_private(out, text, replace_existing=force)
    if not files.is_stdout(written):
        common.say(f"Exported the whole journal, private entries included, to {written}. Keep it safe.")


def calendar(
    ctx: typer.Context,
    out: Out = None,
    force: Force = False,
    every_journal: Annotated[
        bool,
        typer.Option("--all", help="One calendar for every journal in the mentorlog home, with reminders."),
    ] = False,
) -> None:
    """Sessions as events and open actions with due dates as to-dos (iCalendar)."""
    from mentorlog.render.ical import calendar_text
    from mentorlog.sessions import calendar as calendars

    if every_journal:
        from mentorlog.sessions.calendar_file import calendar_data

        data = calendar_data(None, command(ctx).now, every_journal=True)
        common.deliver(calendar_text(data), out, "calendar", force)
        return
    with opened(ctx) as run:
        data = calendars.calendar(run.journal, run.now)
    common.deliver(calendar_text(data), out, "calendar", force)


def datasette_metadata(ctx: typer.Context, out: Out = None, force: Force = False) -> None:
    """Metadata for Datasette that keeps the keys table (the secret key) out of sight and turns
    off arbitrary SQL: `datasette journal.db -m metadata.json`."""
    from mentorlog.exchange import export as exports

    with opened(ctx, sync=False) as run:
        data = exports.datasette_metadata(run.journal)
    common.deliver(common.json_text(data), out, "Datasette metadata", force)


def backup(
    ctx: typer.Context,
    dest: Annotated[Path | None, typer.Argument(metavar="[DEST]", help="Where to write the copy.")] = None,
) -> None:
    """A consistent copy of the journal (SQLite's backup API), mode 0600."""
    from mentorlog.exchange import export as exports

    with opened(ctx, sync=False) as run:
        written = exports.backup(run.journal, dest, run.now)
    common.say(f"Backed up the journal to {written}.")


def _journal_exists(ctx: typer.Context) -> bool:
    from mentorlog import paths

    return paths.journal_path(command(ctx).spec).exists()
