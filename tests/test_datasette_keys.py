"""The journal opened in Datasette with the metadata mentorlog writes: the keys table (the secret
age key, the signing key, a pairing code) is neither listed nor served, and no SQL can read it;
the rest of the journal is there to browse. Played as someone at the Datasette page would try."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.conftest import ok

SECRET_PATHS = (
    "/{db}/keys.json",
    "/{db}/keys/1.json",
    "/{db}.json?sql=select+identity+from+keys",
    "/{db}.json?sql=select+group_concat(identity)+from+keys",
    "/{db}/note.json?_where=exists(select+1+from+keys)",
    "/{db}/keys.csv",
)


def test_the_metadata_names_this_journal_and_hides_the_keys(cli, journal_path, tmp_path):
    out = tmp_path / "metadata.json"
    ok(cli("datasette-metadata", "--out", str(out)))
    data = json.loads(out.read_text())
    table = data["databases"][journal_path.stem]["tables"]["keys"]
    assert table == {"hidden": True, "allow": False}
    assert data["databases"][journal_path.stem]["allow_sql"] is False
    assert out.stat().st_mode & 0o777 == 0o600


def test_datasette_never_shows_the_secret_key(cli, journal_path, tmp_path):
    app = pytest.importorskip("datasette.app", reason="Datasette is not installed (pip install datasette)")
    ok(cli("note", "A note to browse", "--shared"))
    out = tmp_path / "metadata.json"
    ok(cli("datasette-metadata", "--out", str(out)))
    import sqlite3

    conn = sqlite3.connect(journal_path)
    secret = conn.execute("select identity from keys").fetchone()[0]
    conn.close()
    assert secret.startswith("AGE-SECRET-KEY-")
    db = journal_path.stem

    async def browse():
        ds = app.Datasette(files=[str(journal_path)], metadata=json.loads(out.read_text()))
        found = {}
        for path in (*SECRET_PATHS, "/{db}.json", "/{db}/note.json", "/-/databases.json", "/{db}"):
            response = await ds.client.get(path.format(db=db))
            found[path] = (response.status_code, response.text)
        return found

    found = asyncio.run(browse())
    for path in SECRET_PATHS:
        status, text = found[path]
        assert status == 403 and secret not in text, (path, status)
    for path, (_, text) in found.items():
        assert secret not in text, path
    assert found["/{db}/note.json"][0] == 200 and "A note to browse" in found["/{db}/note.json"][1]
    listed = json.loads(found["/{db}.json"][1])
    assert "keys" not in {t["name"] for t in listed["tables"] if not t.get("hidden")}
