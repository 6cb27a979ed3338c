"""Where journals live by default: the platform's per-user data folder, as platformdirs names it
(on Linux mentorlog follows the XDG rule itself, to spare a quick command the import)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mentorlog import paths


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is followed on Linux only")
@pytest.mark.parametrize(
    "xdg", [None, "", "   ", "/srv/data", "/srv/data/", "/srv/data ", " /srv/data", "relative/data", "~/data"]
)
@pytest.mark.parametrize("home", ["absolute", "", "relative/home", None])
def test_the_data_folder_is_the_one_platformdirs_names(monkeypatch, tmp_path, xdg, home):
    from platformdirs import user_data_dir

    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", str(tmp_path / "home") if home == "absolute" else home)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    monkeypatch.delenv("MENTORLOG_HOME", raising=False)
    assert paths.home() == Path(user_data_dir("mentorlog", appauthor=False))


def test_mentorlog_home_comes_first(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTORLOG_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.home() == tmp_path / "elsewhere"
    assert paths.journal_path(None) == tmp_path / "elsewhere" / "journal.db"
