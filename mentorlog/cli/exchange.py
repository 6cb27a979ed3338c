"""`share`, `merge`, `export`, `calendar` and `backup`: the only ways out of a journal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mentorlog.cli import common
from mentorlog.cli.pairing import CodeOption, protection_line, with_code
from mentorlog.words import plural

Out = Annotated[
    Path | None, typer.Option(metavar="FILE", help="Write to FILE (mode 0600); - is standard output.")
]
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
    json_output: common.JsonFlag = False,
):
    """Write a bundle of everything shared (never anything private) for your partner: encrypted
    for your partner's journal alone once paired, locked with the pairing code before that."""
    from mentorlog.services import exchange

    with common.journal(ctx, sync=False) as journal:
        data = exchange.share(journal, file, common.now(), plain=plain)
    if json_output:
        common.emit_json(data)
        return
    say = common.say if data["path"] != "-" else common.tell  # the bundle itself went to stdout
    name = data["partner"]
    how = {
        "key": f", encrypted for {name}'s journal alone",
        "code": ", locked with the pairing code",
        "plain": ", as plain JSON (anyone who handles it can read it and change it)",
    }[data["protection"]]
    say(
        f"Wrote {plural(data['records'], 'shared record')} to {data['path']}{how}; "
        f"{plural(data['private_left_out'], 'private entry')} stayed in your journal."
    )
    if data["protection"] == "code":
        say(f"Tell {name} the pairing code, in person, by phone or on paper (never in the same message):")
        say("")
        say(f"    {data['code']}")
        say("")
        say(
            f"Send {name} the file; {name} starts a journal from it with `mentorlog init --from FILE` "
            "(or merges it with `mentorlog merge FILE`) and types the code when asked."
        )
        return
    say(f"Send it to {name}, who runs `mentorlog merge FILE`.")


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
    json_output: common.JsonFlag = False,
):
    """Merge what your partner's journal wrote in the shared folder, and write yours there."""
    from mentorlog.services import sync as syncing

    if auto is not None and auto not in ("on", "off"):
        raise typer.BadParameter("use on or off.", param_hint="--auto")
    with common.journal(ctx, sync=False) as journal:
        data = with_code(
            lambda words: syncing.sync(
                journal, common.now(), folder, None if auto is None else auto == "on", code=words
            ),
            code,
        )
    if json_output:
        common.emit_json(data)
        return
    from mentorlog.render.exchange import merge_lines

    for name in data["locked"]:
        common.say(common.LOCKED.format(file=name))
    for report in data["merged"]:
        protection = protection_line(report)
        if protection:
            common.say(protection)
        for line in merge_lines(report):
            common.say(line)
    if not data["merged"] and not data["locked"]:
        common.say("Nothing new from your partner in the folder.")
    shared = data["shared"]
    from mentorlog.words import plural

    if shared["records"]:
        common.say(f"Shared {plural(shared['records'], 'changed record')} into {data['folder']}.")
    else:
        common.say(f"Nothing new of yours to share; your bundle in {data['folder']} is up to date.")
    if shared["protection"] == "code":
        common.say(f"Tell {shared['partner']} the pairing code (never in the folder): {shared['code']}")
    common.say(
        "Automatic sync is on: every command merges first and shares after."
        if data["auto"]
        else "Run `mentorlog sync` again after a change (or `mentorlog sync --auto on`)."
    )


def merge(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE…", help="Your partner's bundles.")],
    code: CodeOption = None,
    json_output: common.JsonFlag = False,
):
    """Merge your partner's bundles into your journal, field by field, and say what is new."""
    from mentorlog.services import exchange

    reports = with_code(
        lambda words: exchange.merge_files(common.state(ctx).journal, files, common.now(), code=words), code
    )
    if json_output:
        common.emit_json(reports[0] if len(reports) == 1 else reports)
        return
    from mentorlog.render.exchange import merge_lines

    for report in reports:
        protection = protection_line(report)
        if protection:
            common.say(protection)
        for line in merge_lines(report):
            common.say(line)


def export(
    ctx: typer.Context,
    format_: Annotated[str, typer.Option("--format", help="json or markdown.")],
    out: Annotated[
        Path, typer.Option(metavar="PATH", help="Where to write it (mode 0600); - is standard output.")
    ],
    force: Force = False,
):
    """Your whole journal, private entries included, for keeping or moving."""
    from mentorlog.services import export as exports
    from mentorlog.services import files

    if format_ not in ("json", "markdown"):
        raise typer.BadParameter("use json or markdown.", param_hint="--format")
    with common.journal(ctx, sync=False) as journal:
        if format_ == "json":
            written = exports.export_json(journal, out, common.now(), force=force)
        else:
            from mentorlog.render.templates import render_export

            text = render_export(exports.markdown_data(journal, common.now()))
            written = files.write_private(out, text, replace_existing=force)
    if not files.is_stdout(written):
        common.say(f"Exported the whole journal, private entries included, to {written}. Keep it safe.")


def calendar(ctx: typer.Context, out: Out = None, force: Force = False):
    """Sessions as events and open actions with due dates as to-dos (iCalendar)."""
    from mentorlog.render.ical import calendar_text
    from mentorlog.services import calendar as calendars

    with common.journal(ctx) as journal:
        data = calendars.calendar(journal, common.now())
    common.deliver(calendar_text(data), out, "calendar", force)


def datasette_metadata(ctx: typer.Context, out: Out = None, force: Force = False):
    """Metadata for Datasette that keeps the keys table (the secret key) out of sight and turns
    off arbitrary SQL: `datasette journal.db -m metadata.json`."""
    from mentorlog.services import export as exports

    with common.journal(ctx, sync=False) as journal:
        data = exports.datasette_metadata(journal)
    common.deliver(common.json_text(data), out, "Datasette metadata", force)


def backup(
    ctx: typer.Context,
    dest: Annotated[Path | None, typer.Argument(metavar="[DEST]", help="Where to write the copy.")] = None,
):
    """A consistent copy of the journal (SQLite's backup API), mode 0600."""
    from mentorlog.services import export as exports

    with common.journal(ctx, sync=False) as journal:
        written = exports.backup(journal, dest, common.now())
    common.say(f"Backed up the journal to {written}.")
