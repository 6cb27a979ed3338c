"""How a merge reads to a person: what came, what is new for them, what changed on both sides.

A merge's report (exchange/merge_report.py) carries each conflict as facts; the sentence is made
here, for the terminal (`merge_lines`) and for `--json` (`worded`, the conflict's `message`)."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from mentorlog.words import plural

if TYPE_CHECKING:
    from mentorlog.model import Pair

LOCKED = (
    "{file} in the sync folder is locked with a pairing code: run `mentorlog sync --code WORDS` with "
    "the code your partner tells you."
)
LEFT_ALONE = "{file} left alone: {reason}"


def merge_lines(report: dict[str, Any], *, heading: bool = True) -> list[str]:
    """The lines `merge`, `sync` and `init --from` print after taking in a partner's bundle."""
    name = report["from_name"]
    lines = []
    if heading:
        if report["added"] or report["updated"]:
            counts = [plural(report["added"], "new record"), plural(report["updated"], "changed record")]
            lines.append(f"Merged {name}'s bundle: {' and '.join(counts)}.")
        else:
            count = report["unchanged"]
            held = "its one record is" if count == 1 else f"all {count} records are"
            lines.append(f"Nothing new from {name}: {held} already here.")
    if report["news"]:
        lines.append(f"What's new from {name}:")
        lines.extend(f"  • {item['message']}" for item in report["news"])
    if report["kept_private"]:
        lines.append(
            f"  • {plural(report['kept_private'], 'entry')} you made private again stayed as "
            f"{'it is' if report['kept_private'] == 1 else 'they are'} here ({name} still has "
            f"{'it' if report['kept_private'] == 1 else 'them'})."
        )
    if report["conflicts"]:
        lines.append("Changed on both sides (the later change was kept):")
        lines.extend(f"  • {conflict_message(conflict, name)}" for conflict in report["conflicts"])
    return lines


def worded(report: dict[str, Any]) -> dict[str, Any]:
    """The report as `--json` gives it: each conflict with its sentence (`message`), its facts
    for wording left out. A refusal (`{"file", "refused"}`) is as it was."""
    if "conflicts" not in report:
        return report
    name = report["from_name"]
    conflicts = [
        {
            **{key: conflict[key] for key in ("table", "id", "field", "mine", "theirs", "winner")},
            "message": conflict_message(conflict, name),
        }
        for conflict in report["conflicts"]
    ]
    return {**report, "conflicts": conflicts}


def conflict_message(conflict: dict[str, Any], name: str) -> str:
    """goal 'Funding', title: your 'Find funding' was replaced by Maja's later 'Funding'."""
    what = f"{record_label(conflict['record'])}, {conflict['field_words']}"
    mine, theirs = _shown(conflict["mine"]), _shown(conflict["theirs"])
    if conflict["winner"] == "theirs":
        return f"{what}: your {mine} was replaced by {name}'s later {theirs}."
    return f"{what}: {name}'s {theirs} was replaced by your later {mine}."


def record_label(record: dict[str, Any]) -> str:
    """A record as a person names it: goal 'Funding', the agreement (version 2), session 3, …."""
    table = record["table"]
    if table == "pair":
        return "the mentorship"
    if table == "agreement":
        return f"the agreement (version {record['version']})"
    if table == "session":
        return f"session {record['number']}"
    if table == "goal":
        return f"goal {_shown(record['title'])}"
    text = record["text"]
    kind = record["kind"] if table == "note" else table.replace("_", " ")
    return f"{kind} {_shown(text)}" if text else str(kind)


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    text = str(value).replace("\n", " ")
    return repr(text if len(text) <= 60 else text[:59] + "…")


def pairing_lines(data: dict[str, Any]) -> list[str]:
    """The pairing in words."""
    name = data["partner"]
    lines: list[str] = []
    if data["renewed"]:
        lines.append("This journal has a new key and a new pairing code.")
    if data["paired"] and not data["code"]:
        lines.append(
            f"Paired with {name}'s journal since {data['paired_at']}: "
            f"the bundles you share are encrypted for it alone."
        )
        return lines
    waiting = f"{name}'s first bundle" if not data["paired"] else f"{name}'s next bundle"
    lines += [
        f"Waiting for {waiting}. Tell {name} the pairing code, in person, by phone or on paper "
        "(never in the message that carries a bundle):",
        "",
        f"    {data['code']}",
        "",
        "Until then the bundles you share are locked with it. "
        + (
            f"{name} starts a journal from the first one with `mentorlog init --from FILE`, or merges it "
            "with `mentorlog merge FILE`, and types the code when asked."
            if not data["paired"]
            else f"{name} merges the next one with `mentorlog merge FILE` and types the code when asked."
        ),
    ]
    return lines


def protection_line(report: dict[str, Any]) -> str | None:
    """What `merge` or `share` says about how a bundle was protected."""
    protection, name = report.get("protection"), report.get("partner") or report.get("from_name")
    signature = report.get("signature") or {}
    if protection == "plain" and signature.get("vouched"):
        return (
            f"This bundle was not protected (plain JSON) and is not signed by {name}'s journal: you took it "
            "on your word (--unsigned). It changed nothing of the pairing."
        )
    if protection == "plain":
        return (
            "This bundle was not protected (plain JSON): anyone who handled the file could have read it "
            "or changed it."
        )
    if signature.get("replaced_partner_key"):
        return (
            f"{name}'s journal has new keys (paired again with the code): bundles signed by its old key "
            "are refused from now on, and the bundles you share are encrypted for the new key alone."
        )
    if report.get("paired"):
        return f"Paired with {name}'s journal: the bundles you share from now on are encrypted for it alone."
    if signature.get("first_use"):
        return (
            f"{name}'s signing key is now pinned: from now on only bundles signed by {name}'s journal are "
            "taken in. (Your journals were paired before bundles were signed; `mentorlog pair --code` "
            "pairs them again with a code if you are in doubt.)"
        )
    return None


def share_lines(data: dict[str, Any]) -> list[str]:
    """What `share` wrote, how it is protected, and what the partner does with it."""
    name = data["partner"]
    how = {
        "key": f", encrypted for {name}'s journal alone",
        "code": ", locked with the pairing code",
        "answer": f", locked with {name}'s pairing code (which {name}'s journal knows)",
        "plain": ", as plain JSON (anyone who handles it can read it and change it)",
    }[data["protection"]]
    lines = [
        f"Wrote {plural(data['records'], 'shared record')} to {data['path']}{how}; "
        f"{plural(data['private_left_out'], 'private entry')} stayed in your journal."
    ]
    if data["protection"] == "code":
        return lines + [
            f"Tell {name} the pairing code, in person, by phone or on paper (never in the same message):",
            "",
            f"    {data['code']}",
            "",
            f"Send {name} the file; {name} starts a journal from it with `mentorlog init --from FILE` "
            "(or merges it with `mentorlog merge FILE`) and types the code when asked.",
        ]
    if data["protection"] == "answer":
        return lines + [
            f"Send it to {name}, who runs `mentorlog merge FILE` (no code to type): it carries your "
            f"journal's keys, vouched for by {name}'s code. Once {name}'s next bundle has come, yours "
            f"are encrypted for {name}'s journal alone."
        ]
    return lines + [f"Send it to {name}, who runs `mentorlog merge FILE`."]


def merged_lines(report: dict[str, Any], several: bool = False) -> list[str]:
    """One bundle taken in by `merge` or `sync`: how it was protected, then what it brought
    (`several`: each first line names its file)."""
    protection = protection_line(report)
    lines = merge_lines(report)
    if several and lines:
        lines[0] = f"{report['file']}: {lines[0]}"
    return ([protection] if protection else []) + lines


def sync_lines(data: dict[str, Any]) -> list[str]:
    """What `sync` did: the partner's files merged or left alone, this journal's bundle written,
    and whether sync runs by itself."""
    lines = [LOCKED.format(file=name) for name in data["locked"]]
    lines += [LEFT_ALONE.format(file=item["file"], reason=item["reason"]) for item in data["left_alone"]]
    for report in data["merged"]:
        lines += merged_lines(report)
    lines += [f"{item['file']}: {item['message']}" for item in data["notices"]]
    from mentorlog.render.programme_events import received_lines

    lines += received_lines(data.get("programme_events"))
    if not data["merged"] and not data["locked"] and not data["left_alone"]:
        lines.append("Nothing new from your partner in the folder.")
    shared = data["shared"]
    if shared is None:
        pass  # said above: something stands where this journal's bundle goes
    elif shared["records"]:
        lines.append(f"Shared {plural(shared['records'], 'changed record')} into {data['folder']}.")
    else:
        lines.append(f"Nothing new of yours to share; your bundle in {data['folder']} is up to date.")
    if shared is not None and shared["protection"] == "code":
        lines.append(f"Tell {shared['partner']} the pairing code (never in the folder): {shared['code']}")
        lines.append(
            f"{shared['partner']} joins from this folder with: "
            f"`mentorlog init --from {_typed_folder(data['folder'])} --code {shlex.quote(shared['code'])}`"
        )
    lines.append(
        "Automatic sync is on: every command merges first and shares after."
        if data["auto"]
        else "Run `mentorlog sync` again after a change (or `mentorlog sync --auto on`)."
    )
    return lines


def _typed_folder(folder: str) -> str:
    """The folder as the partner types it: under the home folder as `~/…`, which is where sync
    tools put a shared folder on both machines (Syncthing's `~/Sync`), else the whole path."""
    import os

    home = os.path.expanduser("~").rstrip("/")
    rest = folder[len(home) + 1 :] if home and folder.startswith(home + "/") else None
    if rest and shlex.quote(rest) == rest:
        return f"~/{rest}"
    return shlex.quote(folder)


def synced_lines(what: str | dict[str, Any]) -> list[str]:
    """What automatic sync did before or after a command (said on standard error)."""
    if isinstance(what, str):
        return [what]
    if what.get("locked"):
        return [LOCKED.format(file=what["file"])]
    if "refused" in what:
        return [LEFT_ALONE.format(file=f"{what['file']} in the sync folder", reason=what["refused"])]
    if "notice" in what:
        return [f"{what['file']} in the sync folder: {what['notice']}"]
    return [f"From the sync folder ({what['file']}):", *merge_lines(what)]


def started_lines(
    label: str, path: str, pair: Pair, paired: str | None, merged: dict[str, Any] | None, joined: Any,
    from_bundle: bool,
) -> list[str]:  # fmt: skip
    """What `init` (or `sync FOLDER` with no journal yet) made: the journal, the pairing (`paired`:
    the partner's name when started from their bundle and paired), what is new from the partner's
    bundle, and (`joined` not False: what was shared) the sync folder."""
    lines = [
        f"Created the journal {label!r} ({path}) for {pair.mentee} "
        f"(mentee) and {pair.mentor} (mentor), {pair.starts_on} to {pair.ends_on}."
    ]
    if paired:
        lines.append(f"Paired with {paired}'s journal: the bundles you share are encrypted for it alone.")
    if merged is not None:
        lines += merge_lines(merged, heading=False)
    if joined is not False:
        lines += joined_lines(joined)
    lines.append(
        "Next: `mentorlog status`"
        + (", then the agreement for the first session." if not from_bundle else ".")
    )
    return lines


def joined_lines(joined: dict[str, Any]) -> list[str]:
    """What joining through the folder set up: the folder, automatic sync, the first bundle back."""
    folder, partner, shared = joined["folder"], joined["partner"], joined["shared"]
    lines = [
        f"Syncing through {folder}"
        + (
            f", automatically as {partner} does: every command merges first and shares after."
            if joined["auto"]
            else f" as {partner} does: run `mentorlog sync` after a change (or `mentorlog sync --auto on`)."
        )
    ]
    if shared is not None:
        lines.append(
            f"Shared {plural(shared['records'], 'record')} into {folder}: {partner}'s journal pairs with "
            "yours when it reads them."
        )
    return lines
