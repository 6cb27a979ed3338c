"""Writing what mentorlog makes for its owner (reports, exports, calendars, bundles, templates).

Design:
- **Never harm a file by accident.** An existing file is replaced only when the caller says so
  (`--force` for `--out`). A journal, or SQLite's `-wal`/`-shm`/`-journal` file beside one, is
  never written over, `--force` or not (an export over the open journal would destroy it). Only
  regular files are written: a folder, a device (`/dev/null`), a pipe or socket, or a symbolic
  link to one of those is refused with the way out (`--out -` prints to standard output, which
  can be redirected anywhere). A link to a regular file is followed, and that file replaced.
- **Private and atomic.** Files are written 0600 and folders mentorlog creates are 0700, whatever
  the umask. The text goes to a temporary file in the destination's folder, is fsynced, then
  renamed into place (or hard-linked, which fails if a file appeared meanwhile), and the folder
  is fsynced, so a crash leaves the old file or the new one, never half of one.
- **No litter.** A temporary file is named `.NAME.HOST-PID.RANDOM.mentorlog-tmp`; one left by a
  run that was killed (its process is gone) is removed by the next write to that folder.
- **Errors name the real cause**: permission denied, disk full, read-only file system.
- `-` means standard output wherever mentorlog writes a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import socket
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

from mentorlog.errors import InvalidInput, MentorlogError, Refused
from mentorlog.exchange.file_kinds import kind_of
from mentorlog.paths import make_private_folders

STDOUT = "-"
TEMP_SUFFIX = ".mentorlog-tmp"
FILE_MODE = 0o600
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
_TEMP_NAME = re.compile(
    r"^\..+\.(?P<host>[A-Za-z0-9-]*)-(?P<pid>\d+)\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$"
)


class WriteFailed(MentorlogError):
    """The operating system refused a write (permissions, a full disk); nothing was changed."""


def is_stdout(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDOUT


def write_private(path: Path | str, text: str, *, replace_existing: bool = True) -> Path:
    """Write `text` to `path` (mode 0600, atomically); `-` writes it to standard output.

    `replace_existing=False` refuses a file that exists (what `--out` does without `--force`).
    """
    if is_stdout(path):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return Path(STDOUT)
    data = text.encode("utf-8")
    return write_private_stream(path, lambda out: out.write(data), replace_existing=replace_existing)


def write_private_stream(
    path: Path | str, produce: Callable[[IO[bytes]], object], *, replace_existing: bool = True
) -> Path:
    """Like `write_private`, for output made piece by piece: `produce(handle)` writes the bytes
    (a bundle of a large journal is never held whole in memory)."""
    if is_stdout(path):
        produce(sys.stdout.buffer)
        sys.stdout.flush()
        return Path(STDOUT)
    target = check_destination(Path(path).expanduser(), replace_existing=replace_existing)
    _write_atomically(target, produce, replace_existing)
    return target


def replace_in_folder(path: Path, produce: Callable[[IO[bytes]], object]) -> Path:
    """Write `path` in a folder that others can write to (the sync folder): the bytes go to a new
    temporary file there (never opened through a link), which is renamed over the name. Whatever
    stood at the name (a file, a symbolic link, a pipe) is replaced, never opened or followed, so
    nothing outside the folder is ever written. A folder at the name is refused by the rename."""
    target = Path(path).expanduser()
    if not target.parent.is_dir():
        raise InvalidInput(f"The folder {target.parent} does not exist; create it or choose another one.")
    _write_atomically(target, produce, True)
    return target


def check_destination(path: Path, *, replace_existing: bool) -> Path:
    """The file a write to `path` would create or replace, or an error saying why not and what to do."""
    if is_stdout(path):
        return path
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        folder = path.parent
        if not folder.is_dir():
            raise InvalidInput(
                f"The folder {folder} does not exist; create it (`mkdir -p {folder}`) or choose another file."
            ) from None
        _refuse_journal_sidecar(path)
        return path
    except OSError as error:
        raise _os_error(error, path) from None
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise Refused(
                f"{path} is a symbolic link to {target}, which does not exist; mentorlog does not write "
                "through it. Remove the link or choose another file."
            )
        what = kind_of(os.stat(target).st_mode)
        if what != "file":
            raise Refused(
                f"{path} is a symbolic link to {what} ({target}); mentorlog writes only regular files. "
                "Choose a file name, or use `-` to print to standard output."
            )
        return check_destination(target, replace_existing=replace_existing)
    what = kind_of(info.st_mode)
    if what == "a folder":
        raise InvalidInput(f"{path} is a folder; give a file name in it, e.g. {path / 'report.md'}.")
    if what != "file":
        raise Refused(
            f"{path} is {what}, not a regular file; mentorlog writes only regular files. "
            "Use `-` to print to standard output and redirect it where you like."
        )
    if _is_sqlite(path):
        raise Refused(
            f"{path} is a journal (an SQLite database); mentorlog never writes over one, --force or not. "
            "Choose another file name."
        )
    _refuse_journal_sidecar(path)
    if not replace_existing:
        raise Refused(f"{path} exists already; add --force to replace it, or choose another file name.")
    return path


def private_folder(path: Path) -> Path:
    """Make `path` (and any missing parents) with mode 0700, whatever the umask; existing folders
    are left as they are."""
    path = Path(path).expanduser()
    try:
        make_private_folders(path)
    except OSError as error:
        raise _os_error(error, Path(error.filename or path)) from None
    if not path.is_dir():
        raise InvalidInput(f"{path} is not a folder; move it aside so mentorlog can make its folder there.")
    return path


def clean_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files that killed runs of mentorlog on this machine left in `folder`."""
    removed: list[Path] = []
    host = _host()
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMP_NAME.match(name)
        if not match or match.group("host") != host or _alive(int(match.group("pid"))):
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid():
                os.unlink(path)
                removed.append(path)
    return removed


def _write_atomically(target: Path, produce: Callable[[IO[bytes]], object], replace_existing: bool) -> None:
    folder = target.parent
    clean_stale_temporaries(folder)
    temp = folder / f".{target.name}.{_host()}-{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, FILE_MODE)
    except OSError as error:
        raise _os_error(error, target) from None
    try:
        os.fchmod(fd, FILE_MODE)  # whatever the umask said
        with os.fdopen(fd, "wb") as handle:
            produce(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if replace_existing:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
        _fsync_folder(folder)
    except OSError as error:
        raise _os_error(error, target) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _link_new(temp: Path, target: Path) -> None:
    """Put `temp` at `target` only if nothing is there (a hard link never replaces a file)."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise Refused(
            f"{target} exists already; add --force to replace it, or choose another file name."
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(target):
            raise Refused(
                f"{target} exists already; add --force to replace it, or choose another file name."
            ) from None
        os.replace(temp, target)  # a file system without hard links


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems cannot fsync a folder
            os.fsync(fd)
    finally:
        os.close(fd)


def _os_error(error: OSError, path: Path) -> MentorlogError:
    """A message that names what really went wrong, and what to do about it."""
    folder = path.parent
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        return WriteFailed(
            f"Permission denied: mentorlog may not write {path}. Choose a folder you can write to, "
            f"or ask its owner to let you (`ls -ld {folder}` shows who may)."
        )
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return WriteFailed(
            f"The disk is full (no space left for {path}); nothing was written. "
            "Free some space, or choose a place on another disk."
        )
    if error.errno == errno.EROFS:
        return WriteFailed(f"{folder} is on a read-only file system; choose a place you can write to.")
    if error.errno == errno.ENAMETOOLONG:
        return InvalidInput(f"The file name {path.name[:40]}… is too long; choose a shorter one.")
    return WriteFailed(f"Could not write {path}: {error.strerror or error}. Nothing was changed.")


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _refuse_journal_sidecar(path: Path) -> None:
    """SQLite keeps a journal's recent writes in NAME-wal (and NAME-shm): replacing one loses them."""
    for suffix in SQLITE_SIDECARS:
        if path.name.endswith(suffix):
            database = path.with_name(path.name[: -len(suffix)])
            if database.is_file() and _is_sqlite(database):
                raise Refused(
                    f"{path} belongs to the journal {database} (SQLite keeps its latest changes there); "
                    "mentorlog never writes over it. Choose another file name."
                )


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, and belongs to someone else
    return True


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "", socket.gethostname())[:32]
