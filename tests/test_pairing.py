"""Issue: bundles only the partner can read — pairing at the first meeting, sealed and
tamper-evident exchange (README: "Pairing at the first meeting").

Sealing with a pairing code costs a second or more of scrypt on each side by design, so one pairing
is made for the whole run (`paired`, in conftest.py) and each test works on copies of its two
journals.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from mentorlog.exchange import bundle_schema

from .conftest import NAMES, TEXTS, as_json, digest, keys, ok
from .exchange_helpers import shared_content


def refused(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr


# --- pairing and exchanging -----------------------------------------------------------------


def test_the_first_bundle_is_locked_with_a_code_of_five_words(paired):
    shared = paired["shared"]
    assert shared["protection"] == "code" and shared["partner"] == "Tomaž"
    words = shared["code"].split()
    assert len(words) == 5 and all(w.isalpha() or "-" in w for w in words)
    assert paired["first"].read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt ")


def test_the_partner_types_the_code_on_a_terminal_and_is_paired(paired, cli):
    assert "Pairing code" in paired["terminal"] and "Paired with Maja's journal" in paired["terminal"]
    tomaz, maja = keys(paired["tomaz"]), keys(paired["maja"])
    assert tomaz["partner_recipient"] == maja["recipient"] and tomaz["code"] is None
    assert maja["partner_recipient"] == tomaz["recipient"]
    assert maja["code"] is None, "the code is dropped once Tomaž's answer to it arrived"
    # Tomaž's answer is locked with Maja's code (her journal opens it by itself): the code vouches
    # for his keys; once her bundle sealed to his key arrived, he needs her code no more
    assert paired["answer"]["protection"] == "answer" and paired["merged"]["protection"] == "code"
    assert paired["back"].read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert tomaz["partner_code"] is None and paired["sealed"].read_bytes().split(b"\n")[1].startswith(
        b"-> X25519"
    )
    assert paired["merged"]["added"] == 1 and paired["merged"]["paired"] is True
    assert maja["partner_signing_key"] == tomaz["signing_public"]
    assert tomaz["partner_signing_key"] == maja["signing_public"]
    state = as_json(cli("--journal", str(paired["maja"]), "pair", "--json"))
    assert state["paired"] and state["code"] is None and state["partner"] == "Tomaž"
    said = ok(cli("--journal", str(paired["tomaz"]), "pair")).stdout
    assert said.startswith("Paired with Maja's journal since 2026-11-21 ")


def test_a_round_of_exchanges_with_edits_on_both_sides(pair):
    ok(pair("maja", "note", "--shared", "Sent the application"))
    ok(pair("maja", "agreement", "propose"))
    ok(pair("tomaz", "note", "--shared", "-q", "What did the fund say?"))
    to_tomaz = pair.send("maja", "to-tomaz.age")
    merged = as_json(pair("tomaz", "merge", str(to_tomaz), "--json"))
    assert merged["by_table"]["note"]["added"] == 1 and merged["protection"] == "key"
    ok(pair("tomaz", "agreement", "approve"))
    ok(pair("maja", "goal", "add", "Second goal"))
    to_maja = pair.send("tomaz", "to-maja.age")
    said = ok(pair("maja", "merge", str(to_maja))).stdout
    assert "not protected" not in said
    assert as_json(pair("maja", "status", "--json"))["agreement"]["state"] == "approved"
    ok(pair("tomaz", "merge", str(pair.send("maja", "again.age"))))
    assert shared_content(pair.paths["maja"]) == shared_content(pair.paths["tomaz"])
    for bundle in (to_tomaz, to_maja):
        assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")


def test_without_a_code_off_a_terminal_the_message_says_how(paired, cli, tmp_path):
    target = tmp_path / "new.db"
    result = cli("--journal", str(target), "init", "--from", str(paired["first"]))
    refused(result, "locked with a pairing code", "--code")
    assert not target.exists()


def test_a_word_that_is_not_on_the_list_is_named_before_any_decryption(paired, cli, tmp_path):
    result = cli("--journal", str(tmp_path / "x.db"), "init", "--from", str(paired["first"]),
                 "--code", "abacus abdomen abide abiding zzzz")  # fmt: skip
    refused(result, "'zzzz' is not one of the words")
    result = cli(
        "--journal", str(tmp_path / "x.db"), "init", "--from", str(paired["first"]), "--code", "zoom"
    )
    refused(result, "has 5 words; that was 1")


# --- refusals, the journal untouched ---------------------------------------------------------


@pytest.mark.slow  # two more rounds of scrypt, a second or more each
def test_a_wrong_code_is_refused(paired, pair):
    wrong = " ".join(reversed(paired["shared"]["code"].split()))
    if wrong == paired["shared"]["code"]:
        wrong = "abacus abdomen abdominal abide abiding"
    before = digest(pair.paths["tomaz"])
    result = pair("tomaz", "merge", str(paired["first"]), "--code", wrong)
    refused(result, "The pairing code is wrong", "Nothing was merged")
    assert digest(pair.paths["tomaz"]) == before


def test_a_flipped_bit_is_refused(pair, tmp_path):
    for number in range(10):  # several chunks of age's stream
        ok(pair("maja", "note", "--shared", f"{number} " + "x" * 19_000))
    bundle = pair.send("maja", "to-tomaz.age")
    data = bundle.read_bytes()
    header_end = data.index(b"\n", data.index(b"\n--- ") + 1) + 1
    before = digest(pair.paths["tomaz"])
    for position in (header_end + 40, len(data) // 2, len(data) - 3, header_end - 10):
        spoiled = tmp_path / f"flipped-{position}.age"
        flipped = bytearray(data)
        flipped[position] ^= 0x01
        spoiled.write_bytes(bytes(flipped))
        refused(pair("tomaz", "merge", str(spoiled)), "was changed after it was made", "Nothing was merged")
    assert digest(pair.paths["tomaz"]) == before
    ok(pair("tomaz", "merge", str(bundle)))  # the bundle itself is fine


def test_a_cut_short_bundle_is_refused(pair, tmp_path):
    for number in range(8):
        ok(pair("maja", "note", "--shared", f"{number} " + "y" * 19_000))
    bundle = pair.send("maja", "to-tomaz.age")
    data = bundle.read_bytes()
    before = digest(pair.paths["tomaz"])
    for size in (10, 60, data.index(b"\n--- ") + 50, len(data) // 2, len(data) - 1):
        cut = tmp_path / f"cut-{size}.age"
        cut.write_bytes(data[:size])
        refused(pair("tomaz", "merge", str(cut)), "is cut short", "Nothing was merged")
    assert digest(pair.paths["tomaz"]) == before


def test_a_bundle_for_another_journal_is_refused(pair, cli, tmp_path):
    import pyrage
    from pyrage import x25519

    own = pair.send("maja", "mine.age")  # sealed for Tomaž's journal: Maja's cannot open it
    before = {who: digest(path) for who, path in pair.paths.items()}
    refused(pair("maja", "merge", str(own)), "encrypted for another journal", "a bundle you made")
    # another mentorship's bundle, sealed for a journal that is not this one
    other = tmp_path / "ana.db"
    ok(
        cli(
            "--journal",
            str(other),
            "init",
            "--mentor",
            "Tomaž Zupan",
            "--mentee",
            "Ana Novak",
            "--me",
            "mentee",
        )
    )
    plain = tmp_path / "ana.json"
    ok(cli("--journal", str(other), "share", str(plain), "--plain"))
    elsewhere = x25519.Identity.generate().to_public()
    sealed = tmp_path / "ana.age"
    sealed.write_bytes(pyrage.encrypt(plain.read_bytes(), [elsewhere]))
    refused(pair("tomaz", "merge", str(sealed)), "encrypted for another journal", "Nothing was merged")
    assert {who: digest(path) for who, path in pair.paths.items()} == before


def test_a_replayed_old_bundle_merges_as_a_no_op(pair):
    old = pair.send("maja", "old.age")
    ok(pair("tomaz", "merge", str(old)))
    ok(pair("maja", "note", "--shared", "Newer news"))
    ok(pair("maja", "agreement", "edit", "--place", "The library"))
    ok(pair("tomaz", "merge", str(pair.send("maja", "new.age"))))
    before = digest(pair.paths["tomaz"])
    again = as_json(pair("tomaz", "merge", str(old), "--json"))
    assert again["added"] == again["updated"] == 0 and again["protection"] == "key"
    assert digest(pair.paths["tomaz"]) == before


def test_a_plain_bundle_merges_but_says_so_and_never_changes_the_pairing(pair, tmp_path):
    from pyrage import x25519

    bundle = tmp_path / "plain.json"
    ok(pair("maja", "note", "--shared", "Plain news"))
    said = ok(pair("maja", "share", str(bundle), "--plain")).stdout
    assert "as plain JSON" in said
    document = json.loads(bundle.read_text())
    assert "recipient" not in document
    lines = bundle.read_bytes().split(b"\n")
    head = json.loads(lines[0] + b"]}")
    head["recipient"] = str(x25519.Identity.generate().to_public())  # a stranger's key, written in
    head.pop("records")
    forged = tmp_path / "forged.json"
    forged.write_bytes(json.dumps(head)[:-1].encode() + b',"records":[\n' + b"\n".join(lines[1:]))
    before = keys(pair.paths["tomaz"])
    result = ok(pair("tomaz", "merge", str(bundle)))  # signed by Maja's pinned key
    assert "This bundle was not protected" in result.stdout
    changed = digest(pair.paths["tomaz"])
    refused = pair("tomaz", "merge", str(forged))  # changed after it was signed
    assert refused.exit_code == 1 and "signature does not match what it holds" in refused.stderr
    assert digest(pair.paths["tomaz"]) == changed
    result = ok(pair("tomaz", "merge", "--unsigned", str(forged)))  # taken on the person's word
    assert "This bundle was not protected" in result.stdout
    assert keys(pair.paths["tomaz"]) == before


# --- nothing readable leaks ------------------------------------------------------------------


def test_a_bundle_holds_no_names_and_no_texts_as_bytes(paired, pair, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(pair("maja", "note", "--shared", TEXTS[3]))
    shared = as_json(pair("maja", "share", "--json"))
    default = Path(shared["path"])
    assert default.parent == Path(".") and default.suffix == ".age"
    assert default.name.startswith("mentorlog-mentee-20261121-")
    for bundle in (paired["first"], paired["back"], paired["sealed"], tmp_path / default):
        data = bundle.read_bytes()
        for text in (*NAMES, *TEXTS, "Looking forward"):
            assert text.encode() not in data, (bundle.name, text)
        assert not any(name.lower() in bundle.name.lower() for name in NAMES)


def test_a_third_party_reads_a_bundle_with_the_journal_identity(paired):
    import pyrage
    from pyrage import x25519

    data = paired["sealed"].read_bytes()
    header = data[: data.index(b"\n--- ") + 1].decode("ascii").splitlines()
    assert header[0] == "age-encryption.org/v1"
    stanzas = [line.split(" ") for line in header[1:] if line.startswith("-> ")]
    assert ["X25519"] == [s[1] for s in stanzas if s[1] in ("X25519", "scrypt")]
    assert len(data[data.index(b"\n--- ") + 5 :].split(b"\n", 1)[0]) == 43  # the header's MAC
    identity = x25519.Identity.from_str(keys(paired["maja"])["identity"])
    plaintext = pyrage.decrypt(data, [identity])
    document = json.loads(plaintext)
    schema = json.loads(bundle_schema.SHIPPED.read_text())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert not errors, errors[0]
    assert document["recipient"] == keys(paired["tomaz"])["recipient"]
    assert len(plaintext) % 65536 == 0 and plaintext.rstrip().endswith(b'-----END SSH SIGNATURE-----\\n"}')
    assert b"AGE-SECRET-KEY" not in plaintext.upper()
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(data, [x25519.Identity.from_str(keys(paired["tomaz"])["identity"])])
    first = paired["first"].read_bytes()
    assert first.split(b"\n")[1].startswith(b"-> scrypt ")


# --- re-pairing ------------------------------------------------------------------------------


@pytest.mark.slow  # several rounds of scrypt
def test_pair_code_renews_the_key_and_the_partner_merges_with_the_code(pair):
    old_key = keys(pair.paths["tomaz"])["recipient"]
    waiting = pair.send("maja", "before.age")  # sealed for Tomaž's old key, still on its way
    said = ok(pair("tomaz", "pair", "--code")).stdout
    assert "new key and a new pairing code" in said and "Waiting for Maja's next bundle" in said
    renewed = keys(pair.paths["tomaz"])
    assert renewed["recipient"] != old_key and renewed["code"] in said
    ok(pair("tomaz", "note", "--shared", "From my new laptop"))
    locked = pair.send("tomaz", "locked.age")
    assert locked.read_bytes().split(b"\n")[1].startswith(b"-> scrypt ")
    refused(pair("maja", "merge", str(locked)), "locked with a pairing code", "--code")
    merged = as_json(pair("maja", "merge", str(locked), "--code", renewed["code"].upper(), "--json"))
    assert merged["protection"] == "code" and merged["paired"] and merged["added"] == 1
    assert keys(pair.paths["maja"])["partner_recipient"] == renewed["recipient"]
    ok(pair("tomaz", "merge", str(waiting)))  # the old key still opens what was sealed for it
    assert keys(pair.paths["tomaz"])["code"] is not None
    reply = pair.send("maja", "reply.age")
    ok(pair("tomaz", "merge", str(reply)))
    done = keys(pair.paths["tomaz"])
    assert done["code"] is None and done["previous_identity"] is None
    assert ok(pair("tomaz", "pair")).stdout.startswith("Paired with Maja's journal since")
    refused(pair("tomaz", "merge", str(waiting)), "encrypted for another journal")


# --- imports ---------------------------------------------------------------------------------


def test_note_does_not_import_pyrage(pair):
    code = (
        "import sys\n"
        "from mentorlog.cli import main\n"
        f"try:\n    main(['--journal', {str(pair.paths['maja'])!r}, 'note', 'a quick one'])\n"
        "except SystemExit:\n    pass\n"
        "watched = ('pyrage', 'mentorlog.exchange.pairing')\n"
        "print('loaded=' + ','.join(m for m in watched if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "loaded=", out.stdout
    share = code.replace("'note', 'a quick one'", "'share', '-'")
    out = subprocess.run([sys.executable, "-c", share], capture_output=True, check=True)
    # the sealed bundle itself went to standard output, before the line the check prints
    assert out.stdout.rsplit(b"loaded=", 1)[-1].strip() == b"pyrage,mentorlog.exchange.pairing"


# --- the keys themselves ----------------------------------------------------------------------


def test_keys_never_leave_the_journal(pair, tmp_path):
    secret = keys(pair.paths["maja"])["identity"]
    export = tmp_path / "export.json"
    ok(pair("maja", "export", "--format", "json", "--out", str(export)))
    plain = tmp_path / "plain.json"
    ok(pair("maja", "share", str(plain), "--plain"))
    for path in (export, plain):
        text = path.read_text()
        assert "AGE-SECRET-KEY" not in text and secret not in text and "age1" not in text


def test_a_journal_without_keys_gets_them_on_first_need(pair, tmp_path):
    conn = sqlite3.connect(pair.paths["tomaz"])
    conn.execute("delete from keys")  # as a journal made before keys existed
    conn.commit()
    conn.close()
    sealed = pair.send("maja", "to-tomaz.age")
    before = digest(pair.paths["tomaz"])
    refused(pair("tomaz", "merge", str(sealed)), "encrypted for another journal")
    assert digest(pair.paths["tomaz"]) == before
    state = as_json(pair("tomaz", "pair", "--json"))
    assert not state["paired"] and len(state["code"].split()) == 5
    made = keys(pair.paths["tomaz"])
    assert made["identity"].startswith("AGE-SECRET-KEY-1") and made["recipient"].startswith("age1")
