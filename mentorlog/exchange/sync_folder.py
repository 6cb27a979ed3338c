"""The sync folder read as data, never as paths to follow: the names of mentorlog bundles in it
(conflict copies included), listed without following links, and a partner file read with
`O_NOFOLLOW` on an open file checked to be a regular one. The exchange through it is
exchange/sync.py."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from mentorlog.errors import InvalidInput, NotFound, Refused
from mentorlog.exchange.file_kinds import kind_of
from mentorlog.journal.journal import Journal
from mentorlog.model import Role

PREFIX = "mentorlog-"


def own_name(journal: Journal) -> str:
    """This journal's bundle in the folder: the end of the pair's id and the role, no names."""
    return f"{PREFIX}{journal.pair.id[-6:]}-{journal.pair.me}.age"


class Entry(NamedTuple):
    """A mentorlog file in the sync folder, as the folder lists it (never followed)."""

    path: Path
    pair6: str  # the end of the pair's id its name says
    role: str  # the role its name says
    kind: str  # "file", or what else it is: "a symbolic link", "a folder", …
    seen: tuple[int, int, int]  # size, time and inode of the name itself (os.lstat)
    mtime_ns: int


def bundle_name(name: str) -> tuple[str, str] | None:
    """(the end of the pair's id, the role) when `name` is a bundle mentorlog writes into a sync
    folder, or a conflict copy of one (`…-mentor.sync-conflict-…`, `…-mentor (conflicted copy …)`)."""
    if not name.startswith(PREFIX):
        return None
    rest = name[len(PREFIX) :]
    pair6, dash, role, after = rest[:6], rest[6:7], rest[7:13], rest[13:14]
    if dash != "-" or role not in ("mentor", "mentee") or after not in ("", ".", " ", "_", "-"):
        return None
    if not pair6.isalnum() or not pair6.isascii() or pair6 != pair6.lower():
        return None
    return pair6, role


def folder_entries(folder: Path) -> list[Entry]:
    """Every mentorlog bundle name in the folder, oldest first, as the folder lists it: a symbolic
    link is a link (never followed), a pipe a pipe. Hidden names (temporary files) are skipped."""
    found: list[Entry] = []
    try:
        listing = os.scandir(folder)
    except OSError:
        return found
    with listing:
        for item in listing:
            parsed = bundle_name(item.name)
            if parsed is None:
                continue
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            found.append(
                Entry(
                    Path(folder) / item.name,
                    *parsed,
                    kind_of(info.st_mode),
                    (info.st_size, info.st_mtime_ns, info.st_ino),
                    info.st_mtime_ns,
                )
            )
    return sorted(found, key=lambda e: (e.mtime_ns, e.path.name))


def partner_files(journal: Journal, folder: Path) -> list[Path]:
    """The partner's bundles in the folder that are regular files, conflict copies included, oldest
    first."""
    pair6, other = journal.pair.id[-6:], str(journal.pair.me.other)
    return [
        e.path for e in folder_entries(folder) if e.pair6 == pair6 and e.role == other and e.kind == "file"
    ]


def bundle_in_folder(folder: Path, me: Role | None) -> Path:
    """The partner's bundle in the sync folder that a new journal starts from (`init --from
    FOLDER`, `sync FOLDER` with no journal yet): the one mentorship's bundle there, of the role
    that is not `me` (when given). Several mentorships, or both roles with no `me`, are named."""
    found: dict[tuple[str, str], Path] = {}
    for entry in folder_entries(folder):
        if entry.kind == "file" and (me is None or entry.role != str(me)):
            if (
                entry.path.name == f"{PREFIX}{entry.pair6}-{entry.role}.age"
                or (entry.pair6, entry.role) not in found
            ):
                found[(entry.pair6, entry.role)] = entry.path
    if not found:
        raise NotFound(
            f"No mentorlog bundle in {folder} yet to start a journal from: your partner writes one there "
            f"with `mentorlog sync {folder}`; to start the mentorship yourself, "
            "`mentorlog init --mentor NAME --mentee NAME --me mentor|mentee`."
        )
    pairs = sorted({pair6 for pair6, _ in found})
    if len(pairs) > 1:
        listed = ", ".join(found[key].name for key in sorted(found))
        raise Refused(
            f"{folder} holds the bundles of {len(pairs)} mentorships ({listed}); start from your "
            f"partner's by its name: `mentorlog init --from {folder}/NAME --code WORDS`."
        )
    if len(found) > 1:
        raise Refused(
            f"{folder} holds both the mentee's and the mentor's bundle of this mentorship; say whose "
            "journal you start: `--me mentor` (from the mentee's bundle) or `--me mentee`."
        )
    return next(iter(found.values()))


def read_partner_file(path: Path) -> tuple[bytes, tuple[int, int, int]]:
    """A partner file's bytes, read without following a link or waiting on a pipe, and its size,
    time and inode as read (what sync remembers of it). Raises Refused for anything but a regular
    file, InvalidInput for one larger than a bundle may be, OSError when it cannot be read."""
    from mentorlog.exchange import bundle

    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused("It is a symbolic link; mentorlog never follows one in the sync folder.") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"It is {kind_of(info.st_mode)}, not a file; mentorlog reads only files there.")
        if info.st_size > bundle.MAX_BYTES:
            raise InvalidInput(
                f"It is larger than {bundle.MAX_BYTES // 2**20} MiB, the most a bundle may be."
            )
        chunks: list[bytes] = []
        size = 0
        while size <= bundle.MAX_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > bundle.MAX_BYTES:
            raise InvalidInput(
                f"It is larger than {bundle.MAX_BYTES // 2**20} MiB, the most a bundle may be."
            )
        return b"".join(chunks), (info.st_size, info.st_mtime_ns, info.st_ino)
    finally:
        os.close(fd)
