"""The bundle format as a third-party reader sees it: one JSON document, one record per line, that
the shipped JSON Schema accepts; tombstones without their words; nothing private."""

from __future__ import annotations

import json

import jsonschema
import pytest

from mentorlog.exchange import bundle_schema

from .conftest import ok

CANARY = "CANARY-format-5c1a"


@pytest.fixture
def files(cli, journal_path, tmp_path):
    ok(cli("goal", "add", "Find funding for the tour", "--due", "2027-05-01"))
    ok(cli("note", "--shared", "--tag", "funding", "A shared note to keep"))
    ok(cli("note", "--shared", "A shared note to remove"))
    ok(cli("note", CANARY))
    ok(cli("session", "plan", "2026-12-03 18:00"))
    ok(cli("topic", "add", "Pricing my work"))
    removed = json.loads(ok(cli("log", "--json")).stdout)
    target = next(e for e in removed if e["text"] == "A shared note to remove")
    ok(cli("rm", target["id"]))
    bundle, export = tmp_path / "bundle.json", tmp_path / "export.json"
    ok(cli("share", str(bundle), "--plain"))
    ok(cli("export", "--format", "json", "--out", str(export)))
    return bundle, export


def test_the_shipped_schema_is_made_from_the_fields(generated_files):
    assert bundle_schema.SHIPPED.read_text() == generated_files["mentorlog/bundle.schema.json"]


def test_bundles_and_exports_match_the_schema(files):
    schema = json.loads(bundle_schema.SHIPPED.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in files:
        document = json.loads(path.read_text())
        errors = sorted(validator.iter_errors(document), key=str)
        assert not errors, errors[0]
        lines = path.read_text().splitlines()
        if document["format"] == "mentorlog-bundle":  # signed: the signature is the last line
            assert lines[-1].startswith('],"signature":"-----BEGIN SSH SIGNATURE-----')
            assert document["signing_key"].startswith("ssh-ed25519 ")
        else:  # an export is for its owner, not signed
            assert lines[-1] == "]}" and "signature" not in document
        assert lines[0].endswith('"records":[')
        assert len(lines) == len(document["records"]) + 2  # one record per line


def test_the_schema_catches_a_bad_value(files):
    validator = jsonschema.Draft202012Validator(json.loads(bundle_schema.SHIPPED.read_text()))
    document = json.loads(files[0].read_text())
    note = next(r for r in document["records"] if r["table"] == "note")
    note["fields"]["kind"] = "diary"
    assert list(validator.iter_errors(document))


def test_a_bundle_holds_nothing_private_and_no_words_of_a_removed_entry(files):
    bundle, export = files
    text = bundle.read_text()
    assert CANARY not in text and "A shared note to remove" not in text
    tombstone = next(
        r for r in json.loads(text)["records"] if r["table"] == "note" and r["fields"].get("deleted_at")
    )
    assert "text" not in tombstone["fields"] and "visibility" not in tombstone
    exported = export.read_text()
    assert CANARY in exported and "A shared note to remove" in exported
    assert all("visibility" in r for r in json.loads(exported)["records"])


def test_tags_and_revisions_are_data_not_json_in_json(files):
    document = json.loads(files[0].read_text())
    note = next(r for r in document["records"] if r["table"] == "note" and r["fields"].get("tags"))
    assert note["fields"]["tags"] == ["funding"]
