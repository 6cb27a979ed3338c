"""Only the partner's journal can write into mine (README: "What is protected, and from whom").

Each test plays the attacker with the attacker's tools: the reference `age` tool (pyrage, the same
format, where `age` is not installed), a stolen copy of a journal file, a text editor. Every
refusal leaves the journal byte for byte as it was (its bytes and its `keys` row compared).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from mentorlog.sealing import signing

from .conftest import NOW, as_json, clock_at, digest, keys, ok

AGE = shutil.which("age")


def _unreadable() -> tuple[type[BaseException], ...]:
    import pyrage

    return (subprocess.CalledProcessError, pyrage.DecryptError)


UNREADABLE = _unreadable()  # what `age -d` (or pyrage) does with a key the file was not sealed to


def seal_with_age(plaintext: bytes, recipient: str, out: Path) -> Path:
    """What an attacker does with the public key alone: `age -r RECIPIENT`."""
    if AGE:
        subprocess.run([AGE, "-r", recipient, "-o", str(out)], input=plaintext, check=True)
    else:  # the same format through the same library mentorlog uses
        import pyrage
        from pyrage import x25519

        out.write_bytes(pyrage.encrypt(plaintext, [x25519.Recipient.from_str(recipient)]))
    return out


def open_with_age(sealed: Path, identity: str, tmp_path: Path) -> bytes:
    """`age -d -i KEY`: what anyone holding a journal's secret key reads."""
    key = tmp_path / "stolen-key.txt"
    key.write_text(identity + "\n")
    if AGE:
        return subprocess.run(
            [AGE, "-d", "-i", str(key), str(sealed)], capture_output=True, check=True
        ).stdout
    import pyrage
    from pyrage import x25519

    return pyrage.decrypt(sealed.read_bytes(), [x25519.Identity.from_str(identity)])


def dump(path: Path) -> str:
    """The journal as SQL text (every table, the keys included): compared before and after."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def refused_unchanged(pair, who: str, *args: str, words: tuple[str, ...]) -> None:
    before, before_keys = dump(pair.paths[who]), keys(pair.paths[who])
    result = pair(who, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr
    assert dump(pair.paths[who]) == before and keys(pair.paths[who]) == before_keys


def evil_bundle(pair, tmp_path: Path, text: str = "THIEF: we agreed you pay me 500 EUR") -> bytes:
    """Tomaž's next bundle in plain text, with a note in it he never wrote: the lines of a real
    bundle (so every value is valid), its signature line dropped."""
    plain = tmp_path / "tomaz-plain.json"
    ok(pair("tomaz", "note", "--shared", "An honest note"))
    ok(pair("tomaz", "share", "--plain", str(plain)))
    lines = plain.read_bytes().split(b"\n")
    body = [line for line in lines if line and not line.startswith(b"]")]
    forged = json.loads(body[-1].rstrip(b","))
    assert forged["table"] == "note"
    forged["fields"]["text"] = text
    body[-1] = json.dumps(forged, ensure_ascii=False, separators=(",", ":")).encode()
    return b"\n".join(body) + b"\n]}\n"


# --- anyone who holds my public key -------------------------------------------------------------


def test_a_bundle_sealed_with_my_public_key_alone_is_refused(pair, tmp_path):
    """The stolen-laptop reproduction: Tomaž's journal file holds Maja's public key; `age -r` with
    it makes a bundle that opens with her key, but it is not signed by Tomaž's journal."""
    maja_public = keys(pair.paths["tomaz"])["partner_recipient"]  # read from the stolen file
    evil = seal_with_age(evil_bundle(pair, tmp_path), maja_public, tmp_path / "evil.age")
    refused_unchanged(pair, "maja", "merge", str(evil), words=("not signed by Tomaž's journal",))


def test_a_signed_bundle_changed_and_sealed_again_is_refused(pair, tmp_path):
    """Someone who holds Maja's secret key (a backup, a stolen copy) opens Tomaž's real bundle,
    changes a word, and seals it to her key again: the signature no longer matches."""
    ok(pair("tomaz", "note", "--shared", "We meet at noon"))
    real = pair.send("tomaz", "real.age")
    plaintext = open_with_age(real, keys(pair.paths["maja"])["identity"], tmp_path)
    changed = plaintext.replace(b"We meet at noon", b"We meet at one!")
    assert changed != plaintext
    evil = seal_with_age(changed, keys(pair.paths["maja"])["recipient"], tmp_path / "changed.age")
    refused_unchanged(pair, "maja", "merge", str(evil), words=("signature does not match",))
    again = seal_with_age(plaintext, keys(pair.paths["maja"])["recipient"], tmp_path / "same.age")
    result = as_json(pair("maja", "merge", str(again), "--json"))  # unchanged: it is Tomaž's
    assert result["signature"]["signed"] and result["added"] == 1


def test_a_bundle_signed_by_a_stranger_is_refused(pair, tmp_path):
    """A forger signs with a key of their own (in the envelope, as a real bundle would carry it)."""
    evil = stranger_signed(pair, tmp_path)
    refused_unchanged(
        pair, "maja", "merge", str(evil), words=("signed by a key this journal does not know", "Tomaž")
    )


def test_a_journal_waiting_with_its_code_takes_no_key_sealed_to_it(pair, tmp_path):
    """While a journal waits with its pairing code and has pinned no key, its public key is all a
    forger needs to seal to it: such a bundle, signed by a key of the forger's, is refused (the
    partner's answer comes locked with the code)."""
    conn = sqlite3.connect(pair.paths["maja"])
    with conn:
        conn.execute("update keys set partner_signing_key = null, code = 'abandon ability able about above'")
    conn.close()
    evil = stranger_signed(pair, tmp_path)
    refused_unchanged(pair, "maja", "merge", str(evil), words=("signed by a key this journal does not know",))


def stranger_signed(pair, tmp_path: Path) -> Path:
    """A bundle with a note Tomaž never wrote, signed by a forger's own key (named in the envelope)
    and sealed to Maja's current key."""
    lines = evil_bundle(pair, tmp_path).split(b"\n")
    head = json.loads(lines[0] + b"]}")
    head.pop("records")
    secret, public = signing.new_key()
    head.update(signing_key=public, sealed_to=keys(pair.paths["maja"])["recipient"])
    body = [json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1].encode() + b',"records":[']
    body += [line for line in lines[1:] if line and not line.startswith(b"]")]
    message = b"".join(line + b"\n" for line in body)
    import hashlib

    signature = signing.sign(secret, hashlib.sha512(message).digest())
    forged = message + b'],"signature":' + json.dumps(signature).encode() + b"}\n"
    return seal_with_age(forged, keys(pair.paths["maja"])["recipient"], tmp_path / "stranger.age")


def test_a_sealed_bundle_passed_on_as_plain_is_refused(pair, tmp_path):
    """Tomaž's real bundle, unsealed with Maja's stolen key and passed on as a plain file (or
    re-sealed for another key): what the signature says of its sealing does not match."""
    real = pair.send("tomaz", "real.age")
    plaintext = open_with_age(real, keys(pair.paths["maja"])["identity"], tmp_path)
    plain = tmp_path / "unsealed.json"
    plain.write_bytes(plaintext)
    refused_unchanged(pair, "maja", "merge", str(plain), words=("someone unsealed it",))


# --- plain bundles ------------------------------------------------------------------------------


def test_an_unsigned_plain_bundle_needs_unsigned_and_says_so(pair, tmp_path):
    """With the 26-character pair id alone anyone can write a plain bundle: refused once paired,
    taken only on the person's word (`--unsigned`), and then it says so and pins nothing."""
    evil = tmp_path / "evil.json"
    evil.write_bytes(evil_bundle(pair, tmp_path, text="Plain words from nowhere"))
    refused_unchanged(pair, "maja", "merge", str(evil), words=("not signed by Tomaž's journal", "--unsigned"))
    before = keys(pair.paths["maja"])
    result = ok(pair("maja", "merge", "--unsigned", str(evil)))
    assert "not signed by Tomaž's journal: you took it on your word" in result.stdout
    assert keys(pair.paths["maja"]) == before
    assert "Plain words from nowhere" in ok(pair("maja", "log")).stdout


def test_a_signed_plain_bundle_of_the_partner_merges(pair, tmp_path):
    ok(pair("tomaz", "note", "--shared", "Readable and signed"))
    plain = tmp_path / "signed.json"
    ok(pair("tomaz", "share", "--plain", str(plain)))
    result = as_json(pair("maja", "merge", str(plain), "--json"))
    assert result["protection"] == "plain" and result["signature"]["signed"] and result["added"] == 1


# --- a stolen key cannot take over the pairing --------------------------------------------------


@pytest.mark.slow  # a re-pairing: a code-locked bundle made and opened (scrypt)
def test_a_stolen_old_key_does_not_take_over_the_pairing(pair, tmp_path):
    """The thief keeps a copy of maja.db; Maja renews her keys (`pair --code`). The thief takes one
    of Tomaž's bundles, dates it 23 hours ahead, writes the thief's own key as its recipient and
    seals it to Maja's old key: refused, Maja's keys unchanged, and her next bundle opens for
    Tomaž (with the code) and not for the thief."""
    stolen = tmp_path / "stolen-maja.db"
    ok(pair("tomaz", "note", "--shared", "A real note"))
    real = pair.send("tomaz", "real.age")
    shutil.copy(pair.paths["maja"], stolen)
    code = as_json(pair("maja", "pair", "--code", "--json"))["code"]
    old = keys(stolen)
    from pyrage import x25519

    thief = x25519.Identity.generate()
    plaintext = open_with_age(real, old["identity"], tmp_path)
    head, rest = plaintext.split(b"\n", 1)
    envelope = json.loads(head + b"]}")
    envelope.pop("records")
    envelope["exported_at"] = (NOW + timedelta(hours=23)).astimezone().strftime("%Y-%m-%dT%H:%M:%S.000Z")
    envelope["recipient"] = str(thief.to_public())
    forged = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))[:-1].encode() + b',"records":['
    for body in (forged + b"\n" + rest, forged + b"\n" + rest.split(b'],"signature"')[0] + b"]}\n"):
        evil = seal_with_age(body, old["recipient"], tmp_path / "takeover.age")
        refused_unchanged(pair, "maja", "merge", str(evil), words=("Tomaž",))
    assert keys(pair.paths["maja"])["partner_recipient"] == keys(pair.paths["tomaz"])["recipient"]
    nxt = pair.send("maja", "next.age")
    with pytest.raises(UNREADABLE):  # age refuses the key
        open_with_age(nxt, str(thief), tmp_path)
    merged = as_json(pair("tomaz", "merge", str(nxt), "--code", code, "--json"))
    assert merged["paired"] and merged["signature"]["new_partner_key"]


@pytest.mark.slow  # a re-pairing: two rounds of scrypt
def test_after_re_pairing_the_old_signing_key_is_refused(pair, cli, tmp_path):
    """Tomaž's laptop is stolen. Tomaž (from a backup) pairs again; Maja merges his code-locked
    bundle and is told. The thief, with the stolen journal file and mentorlog itself, shares into
    Maja's journal: refused, for the key was given up."""
    stolen = tmp_path / "stolen-tomaz.db"
    shutil.copy(pair.paths["tomaz"], stolen)
    code = as_json(pair("tomaz", "pair", "--code", "--json"))["code"]
    renewed = pair.send("tomaz", "renewed.age")
    said = ok(pair("maja", "merge", str(renewed), "--code", code))
    assert "Tomaž's journal has new keys" in said.stdout and "refused from now on" in said.stdout
    assert keys(pair.paths["maja"])["partner_signing_key"] == keys(pair.paths["tomaz"])["signing_public"]
    ok(pair("tomaz", "merge", str(pair.send("maja", "back.age"))))  # Maja's answer reaches Tomaž
    assert keys(pair.paths["tomaz"])["code"] is None

    def thief(*args: str):
        return cli("--journal", str(stolen), *args)

    evil = tmp_path / "from-the-thief.age"
    ok(thief("note", "--shared", "THIEF: cancel everything"))
    ok(thief("share", str(evil)))
    refused_unchanged(pair, "maja", "merge", str(evil), words=("gave up on", "paired again"))
    plain = tmp_path / "from-the-thief.json"
    ok(thief("share", "--plain", str(plain)))
    refused_unchanged(pair, "maja", "merge", str(plain), words=("gave up on",))
    with pytest.raises(UNREADABLE):  # the thief reads nothing
        open_with_age(pair.send("maja", "after.age"), keys(stolen)["identity"], tmp_path)


def test_a_replayed_old_bundle_changes_nothing(pair, paired):
    before = digest(pair.paths["maja"])
    result = as_json(pair("maja", "merge", str(paired["sealed"]), "--json"))
    assert result["added"] == result["updated"] == 0 and result["signature"]["signed"]
    assert digest(pair.paths["maja"]) == before


def test_a_third_party_checks_the_signature_with_ssh_keygen(pair, tmp_path):
    """docs/bundle-format.md's commands, run as written: `age -d`, the lines before the last, the
    signature, and `ssh-keygen -Y verify` against the key `pair --json` shows."""
    tool = shutil.which("ssh-keygen")
    if tool is None:
        pytest.skip("ssh-keygen is not installed (Debian: openssh-client); .ci/run installs it")
    ok(pair("tomaz", "note", "--shared", "Signed words"))
    sealed = pair.send("tomaz", "tomaz.age")
    plaintext = open_with_age(sealed, keys(pair.paths["maja"])["identity"], tmp_path)
    document = json.loads(plaintext)
    lines = plaintext.split(b"\n")
    last = next(i for i, line in enumerate(lines) if line.startswith(b'],"signature":'))
    message = b"".join(line + b"\n" for line in lines[:last])
    (tmp_path / "bundle.sig").write_text(document["signature"])
    shown = as_json(pair("maja", "pair", "--json"))
    assert shown["partner_signing_key"] == document["signing_key"]
    (tmp_path / "allowed_signers").write_text(f"tomaz {shown['partner_signing_key']}\n")

    def verify(data: bytes) -> subprocess.CompletedProcess:
        return subprocess.run(
            [tool, "-Y", "verify", "-f", "allowed_signers", "-I", "tomaz", "-n", "mentorlog-bundle",
             "-s", "bundle.sig"],
            input=data, capture_output=True, cwd=tmp_path,
        )  # fmt: skip

    good = verify(message)
    assert good.returncode == 0 and b'Good "mentorlog-bundle" signature for tomaz' in good.stdout
    assert shown["partner_fingerprint"] in good.stdout.decode()
    assert verify(message.replace(b"Signed words", b"Signed wordz")).returncode != 0
    sed = subprocess.run(["sed", '/^],"signature":/,$d'], input=plaintext, capture_output=True, check=True)
    assert sed.stdout == message  # the docs' way to take the lines before the signature


def test_sync_never_takes_an_unsigned_file_from_the_folder(pair, tmp_path):
    """A plain file dropped into the sync folder with the right name is named and left alone."""
    folder = tmp_path / "sync"
    folder.mkdir()
    ok(pair("maja", "sync", str(folder)))
    ok(pair("tomaz", "sync", str(folder)))
    pair_id = sqlite3.connect(pair.paths["maja"]).execute("select id from pair").fetchone()[0]
    evil = folder / f"mentorlog-{pair_id[-6:]}-mentor.sync-conflict-x.json"
    evil.write_bytes(evil_bundle(pair, tmp_path, text="Dropped into the folder"))
    ok(pair("tomaz", "note", "--shared", "A good change"))
    ok(pair("tomaz", "sync"))
    result = pair("maja", "sync")
    assert "not signed by Tomaž's journal" in result.output and evil.name in result.output
    log = ok(pair("maja", "log")).stdout
    assert "A good change" in log and "Dropped into the folder" not in log


def test_a_journal_paired_before_signatures_pins_on_first_use_and_says_so(pair, tmp_path):
    """Journals paired by an earlier version have no signing key pinned: the first signed bundle
    sealed to the current key pins it (and says so); from then on another key is refused."""
    for who in ("maja", "tomaz"):
        conn = sqlite3.connect(pair.paths[who])
        with conn:
            conn.execute("update keys set partner_signing_key = null, partner_signing_since = null")
        conn.close()
    said = ok(pair("maja", "merge", str(pair.send("tomaz", "first-signed.age"))))
    assert "Tomaž's signing key is now pinned" in said.stdout
    assert keys(pair.paths["maja"])["partner_signing_key"] == keys(pair.paths["tomaz"])["signing_public"]
    maja_public = keys(pair.paths["maja"])["recipient"]
    evil = seal_with_age(evil_bundle(pair, tmp_path), maja_public, tmp_path / "evil.age")
    refused_unchanged(pair, "maja", "merge", str(evil), words=("not signed by Tomaž's journal",))


def test_the_clock_a_day_ahead_does_not_pin(pair, tmp_path):
    """An `exported_at` near the clock's limit, which once decided which key was kept, changes
    nothing: a bundle of Tomaž's made with his clock 23 hours ahead merges and pins nothing new."""
    ahead = clock_at(NOW + timedelta(hours=23))
    ok(pair("tomaz", "note", "--shared", "From the future", env=ahead))
    bundle = tmp_path / "ahead.age"
    ok(pair("tomaz", "share", str(bundle), env=ahead))
    before = keys(pair.paths["maja"])
    result = as_json(pair("maja", "merge", str(bundle), "--json"))
    assert result["signature"]["signed"] and not result["signature"]["new_partner_key"]
    assert keys(pair.paths["maja"]) == before


# --- a lost journal rebuilt from the partner's bundle, both roles ---------------------------------


@pytest.mark.slow  # five rounds of scrypt on each side (code-locked bundles, by design a second each)
@pytest.mark.parametrize("lost", ["tomaz", "maja"])
def test_a_lost_journal_is_rebuilt_from_the_partners_next_bundle(pair, cli, tmp_path, lost):
    """README "A new laptop, a lost key": one journal is lost with no backup; the other runs
    `pair --code` and shares; the lost one starts again with `init --from FILE --code WORDS`. The
    records written as its owner's come back as theirs, the agreement's approval too, and the two
    journals are paired again: each pins the other's new keys, the lost journal's old key is refused."""
    kept = "maja" if lost == "tomaz" else "tomaz"
    ok(pair("maja", "agreement", "propose"))
    ok(pair("tomaz", "merge", str(pair.send("maja", "proposed.age"))))
    ok(pair("tomaz", "agreement", "approve"))
    ok(pair(lost, "note", "--shared", f"Written by {lost} before the loss"))
    ok(pair(kept, "merge", str(pair.send(lost, "before.age"))))
    ok(pair("maja", "merge", str(pair.send("tomaz", "approved.age"))))
    old_copy = tmp_path / "old.db"
    shutil.move(pair.paths[lost], old_copy)  # lost (a thief may hold this copy)
    code = as_json(pair(kept, "pair", "--code", "--json"))["code"]
    rebuilt = pair.send(kept, "rebuild.age")
    started = cli("--journal", str(pair.paths[lost]), "init", "--from", str(rebuilt), "--code", code)
    assert started.exit_code == 0, started.output
    mine = as_json(pair(lost, "log", "--json"))
    restored = [e for e in mine if e["text"] == f"Written by {lost} before the loss"]
    role = "mentor" if lost == "tomaz" else "mentee"
    assert restored and restored[0]["author"] == role
    assert as_json(pair(lost, "agreement", "show", "--json"))["state"] == "approved"
    assert keys(pair.paths[lost])["partner_signing_key"] == keys(pair.paths[kept])["signing_public"]
    said = ok(pair(kept, "merge", str(pair.send(lost, "answer.age"))))
    assert "has new keys" in said.stdout
    assert keys(pair.paths[kept])["partner_signing_key"] == keys(pair.paths[lost])["signing_public"]
    assert keys(pair.paths[kept])["code"] is None
    ok(pair(lost, "merge", str(pair.send(kept, "after.age"))))  # and back: paired again
    evil = tmp_path / "from-the-old-journal.json"  # what the old journal signs is refused
    ok(cli("--journal", str(old_copy), "note", "--shared", "From the old journal"))
    ok(cli("--journal", str(old_copy), "share", "--plain", str(evil)))
    refused_unchanged(pair, kept, "merge", str(evil), words=("gave up on",))


# --- words in my name, written at the partner's laptop -------------------------------------------


def test_a_note_in_my_name_written_at_the_partners_laptop_is_shown_as_theirs(pair, tmp_path):
    """Tomaž writes a note as Maja (`--as mentee`) at his laptop: her journal takes it in, but says
    whose doing it was, in the news, in `log` and in `log --json`; her own notes stay unmarked."""
    ok(pair("maja", "note", "--shared", "My own words"))
    ok(pair("tomaz", "--as", "mentee", "note", "--shared", "Words put in Maja's mouth"))
    ok(pair("tomaz", "note", "--shared", "Tomaž's own words"))
    merged = as_json(pair("maja", "merge", str(pair.send("tomaz", "as.age")), "--json"))
    news = {item["code"]: item["message"] for item in merged["news"]}
    assert news["written-in-your-name"].startswith("Tomaž wrote 1 note in your name at Tomaž's laptop")
    assert news["notes-shared"].startswith("Tomaž shared 1 entry")  # his own, counted apart
    entries = {e["text"]: e for e in as_json(pair("maja", "log", "--json"))}
    assert entries["Words put in Maja's mouth"]["written_by_partner"] is True
    assert entries["Words put in Maja's mouth"]["author"] == "mentee"
    assert entries["My own words"]["written_by_partner"] is False
    assert entries["Tomaž's own words"]["written_by_partner"] is False
    lines = ok(pair("maja", "log")).stdout.replace("\u00a0", " ").splitlines()
    marked = [line for line in lines if "(written by your partner)" in line]
    assert len(marked) == 1 and "Words put in Maja's mouth" in marked[0]
    report = ok(pair("maja", "report", "bridging-the-gap")).stdout.splitlines()
    put = [line for line in report if "Words put in Maja" in line]
    own = [line for line in report if "My own words" in line]
    assert len(put) == 1 and "_(Maja Horvat, written at Tomaž Zupan's laptop)_" in put[0], put
    assert len(own) == 1 and "laptop" not in own[0]


def test_a_sealed_bundle_merged_twice_writes_nothing_the_second_time_even_when_it_pinned(pair):
    """A journal whose copy was paired (so it never saw the code itself) takes the partner's keys
    from the first signed bundle sealed to its key, all at once: merging it again writes nothing."""
    conn = sqlite3.connect(pair.paths["maja"])
    with conn:
        conn.execute(
            "update keys set partner_signing_key = null, partner_signing_since = null, "
            "partner_recipient = null"
        )
    conn.close()
    ok(pair("tomaz", "note", "--shared", "Twice"))
    bundle = pair.send("tomaz", "twice.age")
    first = as_json(pair("maja", "merge", str(bundle), "--json"))
    assert first["paired"] and first["signature"]["new_partner_key"] and first["signature"]["first_use"]
    assert keys(pair.paths["maja"])["partner_signing_key"] == keys(pair.paths["tomaz"])["signing_public"]
    before = dump(pair.paths["maja"])
    again = as_json(pair("maja", "merge", str(bundle), "--json"))
    assert again["added"] == again["updated"] == 0 and not again["signature"]["new_partner_key"]
    assert dump(pair.paths["maja"]) == before


def test_a_new_laptop_is_the_journal_file_copied(pair, cli, tmp_path):
    """README "A new laptop": `mentorlog backup`, the copy put where `mentorlog journals` looks on
    the new laptop; the keys travel inside it and nothing else changes: the partner's bundles open
    and are taken in, and the partner takes the new laptop's."""
    copy = tmp_path / "maja-backup.db"
    said = ok(pair("maja", "backup", str(copy))).stdout
    assert str(copy) in said
    new_home = tmp_path / "new-laptop"
    new_home.mkdir()
    shutil.copy(copy, new_home / "journal.db")
    laptop = {"MENTORLOG_HOME": str(new_home)}
    assert "journal" in ok(cli("journals", env=laptop)).stdout
    assert keys(new_home / "journal.db") == keys(pair.paths["maja"])
    ok(pair("tomaz", "note", "--shared", "For the new laptop"))
    merged = as_json(cli("merge", str(pair.send("tomaz", "to-new.age")), "--json", env=laptop))
    assert merged["signature"]["signed"] and merged["added"] == 1
    ok(cli("note", "--shared", "From the new laptop", env=laptop))
    back = tmp_path / "from-new.age"
    ok(cli("share", str(back), env=laptop))
    answer = as_json(pair("tomaz", "merge", str(back), "--json"))
    assert answer["signature"]["signed"] and answer["added"] == 1
