"""Where journals and user templates live.

`--journal NAME|PATH` (or `MENTORLOG_JOURNAL`): a bare NAME means `<home>/NAME.db`; anything
with a path separator or ending in `.db` is a path. `<home>` is `MENTORLOG_HOME` or the
platform's per-user data directory for mentorlog (platformdirs). The default NAME is `journal`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mentorlog.errors import InvalidInput

DEFAULT_NAME = "journal"
SUFFIX = ".db"


def home() -> Path:
    """The folder that holds named journals and the user's templates."""
    env = os.environ.get("MENTORLOG_HOME")
    if env:
        return Path(env).expanduser()
    return data_home()


def data_home() -> Path:
    """The platform's per-user data folder for mentorlog, as platformdirs names it. On Linux that
    is the XDG rule, followed here: importing platformdirs there costs a quick `note` five of its
    seventy milliseconds (tests/test_paths.py checks that both give the same folder)."""
    home = os.environ.get("HOME", "")
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel") and os.path.isabs(home):
        base = os.environ.get("XDG_DATA_HOME", "")
        if not os.path.isabs(base):  # unset, blank or relative: the XDG default
            base = os.path.join(home, ".local", "share")
        return Path(base) / "mentorlog"
    from platformdirs import user_data_dir

    return Path(user_data_dir("mentorlog", appauthor=False))


FOLDER_MODE = 0o700


def make_private_folders(path: Path) -> None:
    """Make `path` and any missing parents with mode 0700, whatever the umask (the umask only takes
    rights away, so each new folder is set again after it is made); existing folders are left as
    they are. Raises OSError as the system does."""
    missing = []
    probe = Path(path)
    while not os.path.lexists(probe):
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(folder, FOLDER_MODE)


def templates_dir() -> Path:
    """The folder whose templates override the built-in ones of the same name."""
    return home() / "templates"


def is_path(spec: str) -> bool:
    return "/" in spec or os.sep in spec or spec.endswith(SUFFIX)


def journal_path(spec: str | None = None) -> Path:
    """Resolve `--journal`, then `MENTORLOG_JOURNAL`, then the default name, to a file path."""
    spec = spec if spec is not None else os.environ.get("MENTORLOG_JOURNAL") or DEFAULT_NAME
    spec = spec.strip()
    if not spec:
        raise InvalidInput("The journal name is empty: give a name like `work` or a path ending in .db.")
    if is_path(spec):
        return Path(spec).expanduser()
    return home() / f"{spec}{SUFFIX}"


def journal_label(path: Path) -> str:
    """How to name a journal to its owner: the bare name when it lives in <home>, else the path."""
    try:
        if path.parent.resolve() == home().resolve() and path.suffix == SUFFIX:
            return path.stem
    except OSError:
        pass
    return str(path)


def builtin_templates_dir() -> Path:
    """The templates shipped with mentorlog: inside the package when installed from a wheel,
    the top-level `templates/` folder when running from a checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    return package / "templates"
