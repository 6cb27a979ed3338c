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
):
    """Write a bundle of everything shared (never anything private) for your partner: encrypted
    for your partner's journal alone once paired, locked with the pairing code before that."""
    from mentorlog.services import share as sharing

    with common.journal(ctx, sync=False) as journal:
        data = sharing.share(
            journal, file, common.now(), plain=plain, everything=everything, replace_existing=force
        )
    if json_output:
        common.emit_json(data)
        return
    say = common.say if data["path"] != "-" else common.tell  # the bundle itself went to stdout
    name = data["partner"]
    how = {
        "key": f", encrypted for {name}'s journal alone",
        "code": ", locked with the pairing code",
        "answer": f", locked with {name}'s pairing code (which {name}'s journal knows)",
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
    if data["protection"] == "answer":
        say(
            f"Send it to {name}, who runs `mentorlog merge FILE` (no code to type): it carries your "
            f"journal's keys, vouched for by {name}'s code. Once {name}'s next bundle has come, yours "
            f"are encrypted for {name}'s journal alone."
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
    everything: Annotated[
        bool,
        typer.Option("--all", help="Write everything of yours into the folder again, as `share --all` does."),
    ] = False,
    json_output: common.JsonFlag = False,
):
    """Merge what your partner's journal wrote in the shared folder, and write yours there."""
    from mentorlog.services import sync as syncing

    if auto is not None and auto not in ("on", "off"):
        raise typer.BadParameter("use on or off.", param_hint="--auto")
    if folder is not None and not _journal_exists(ctx):  # no journal yet: join the partner's
        from mentorlog.cli.journal import join_folder, say_started

        journal, merged, shared = join_folder(ctx, folder, None, code, None if auto is None else auto == "on")
        say_started(journal, merged, shared, from_bundle=True)
        return
    with common.journal(ctx, sync=False) as journal:
        data = with_code(
            lambda words: syncing.sync(
                journal,
                common.now(),
                folder,
                None if auto is None else auto == "on",
                code=words,
                everything=everything,
            ),
            code,
        )
    from mentorlog.render.exchange import merge_lines, worded

    if json_output:
        common.emit_json({**data, "merged": [worded(report) for report in data["merged"]]})
        return
    for name in data["locked"]:
        common.say(common.LOCKED.format(file=name))
    for item in data["left_alone"]:
        common.say(common.LEFT_ALONE.format(file=item["file"], reason=item["reason"]))
    for report in data["merged"]:
        protection = protection_line(report)
        if protection:
            common.say(protection)
        for line in merge_lines(report):
            common.say(line)
    for item in data["notices"]:
        common.say(f"{item['file']}: {item['message']}")
    from mentorlog.render.programme_events import received_lines

    for line in received_lines(data["programme_events"]):
        common.say(line)
    if not data["merged"] and not data["locked"] and not data["left_alone"]:
        common.say("Nothing new from your partner in the folder.")
    shared = data["shared"]
    from mentorlog.words import plural

    if shared is None:
        pass  # said above: something stands where this journal's bundle goes
    elif shared["records"]:
        common.say(f"Shared {plural(shared['records'], 'changed record')} into {data['folder']}.")
    else:
        common.say(f"Nothing new of yours to share; your bundle in {data['folder']} is up to date.")
    if shared is not None and shared["protection"] == "code":
        common.say(f"Tell {shared['partner']} the pairing code (never in the folder): {shared['code']}")
        common.say(
            f"{shared['partner']} joins from this folder with: "
            f"`mentorlog init --from {_typed_folder(data['folder'])} --code {_quoted(shared['code'])}`"
        )
    common.say(
        "Automatic sync is on: every command merges first and shares after."
        if data["auto"]
        else "Run `mentorlog sync` again after a change (or `mentorlog sync --auto on`)."
    )


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
):
    """Merge your partner's bundles into your journal, field by field, and say what is new."""
    from mentorlog.services import exchange

    def run(words: str | None) -> list[dict]:
        spec = common.state(ctx).journal
        return exchange.merge_files(spec, files, common.now(), code=words, unsigned_ok=unsigned)

    reports = with_code(run, code)
    refused = [report for report in reports if "refused" in report]
    if len(refused) < len(reports):  # what came may move a session or a reminder
        common.keep_calendar_of(common.state(ctx).journal)
    if json_output:
        from mentorlog.render.exchange import worded

        reports = [worded(report) for report in reports]
        common.emit_json(reports[0] if len(reports) == 1 else reports)
    else:
        from mentorlog.render.exchange import merge_lines

        several = len(reports) > 1
        for report in reports:
            if "refused" in report:
                common.say(common.LEFT_ALONE.format(file=report["file"], reason=report["refused"]))
                continue
            protection = protection_line(report)
            if protection:
                common.say(protection)
            lines = merge_lines(report)
            if several and lines:
                lines[0] = f"{report['file']}: {lines[0]}"
            for line in lines:
                common.say(line)
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


def calendar(
    ctx: typer.Context,
    out: Out = None,
    force: Force = False,
    every_journal: Annotated[
        bool,
        typer.Option("--all", help="One calendar for every journal in the mentorlog home, with reminders."),
    ] = False,
):
    """Sessions as events and open actions with due dates as to-dos (iCalendar)."""
    from mentorlog.render.ical import calendar_text
    from mentorlog.services import calendar as calendars

    if every_journal:
        from mentorlog.services.calendar_file import calendar_data

        data = calendar_data(None, common.now(), every_journal=True)
        common.deliver(calendar_text(data), out, "calendar", force)
        return
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


def _journal_exists(ctx: typer.Context) -> bool:
    from mentorlog import paths

    return paths.journal_path(common.state(ctx).journal).exists()


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _typed_folder(folder: str) -> str:
    """The folder as the partner types it: under the home folder as `~/…`, which is where sync
    tools put a shared folder on both machines (Syncthing's `~/Sync`), else the whole path."""
    import os

    home = os.path.expanduser("~").rstrip("/")
    rest = folder[len(home) + 1 :] if home and folder.startswith(home + "/") else None
    if rest and _quoted(rest) == rest:
        return f"~/{rest}"
    return _quoted(folder)
