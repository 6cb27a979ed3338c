"""A sealed bundle damaged in its key stanza is called damaged, not "for another journal", and an
ASCII-armored age file (`age -a`) is read like the binary one it holds (or refused as such)."""

from __future__ import annotations

import base64
import shutil

import pytest

from .conftest import digest, ok


@pytest.fixture
def to_tomaz(pair, tmp_path):
    """Maja's bundle sealed to Tomaž's journal, holding one shared note of hers."""
    ok(pair("maja", "note", "--shared", "Ask the city fund about the tour"))
    bundle = tmp_path / "to-tomaz.age"
    ok(pair("maja", "share", str(bundle)))
    return bundle


def refused(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"Error: {message}"), result.stderr


def stanza(data: bytes) -> tuple[int, int]:
    """Where the key stanza lies: from `-> X25519` to the MAC line."""
    start = data.index(b"\n-> X25519 ") + 1
    return start, data.index(b"\n--- ", start) + 1


def case_swapped(data: bytes, index: int) -> bytes:
    """`data` with one bit flipped at `index` (a letter's case: base64 still, another value)."""
    assert chr(data[index]).isalpha(), data[index : index + 1]
    return data[:index] + bytes([data[index] ^ 0x20]) + data[index + 1 :]


def first_letter(data: bytes, start: int) -> int:
    return next(i for i in range(start, len(data)) if chr(data[i]).isalpha())


def test_a_bit_flipped_in_the_key_stanza_is_damage_not_another_journal(pair, to_tomaz, tmp_path):
    data = to_tomaz.read_bytes()
    start, mac = stanza(data)
    share_at = start + len(b"-> X25519 ")
    body_at = data.index(b"\n", share_at) + 1
    before = digest(pair.paths["tomaz"])
    places = {
        "the stanza's kind": start + len(b"-> "),  # X25519 → x25519
        "the ephemeral share": first_letter(data, share_at + 5),
        "the share's end": first_letter(data, share_at + 38),
        "the wrapped file key": first_letter(data, body_at + 20),
    }
    for what, index in places.items():
        assert start <= index < mac, what
        spoiled = tmp_path / f"{what}.age"
        spoiled.write_bytes(case_swapped(data, index))
        refused(
            pair("tomaz", "merge", str(spoiled)),
            "This bundle was changed after it was made (a bit flipped in the part that names its key)",
        )
    assert digest(pair.paths["tomaz"]) == before
    assert ok(pair("tomaz", "merge", str(to_tomaz))).exit_code == 0  # the bundle itself is fine


def test_a_bundle_for_another_journal_is_still_named_so(pair, to_tomaz):
    """Maja's own bundle, sealed for Tomaž: hers is another journal, not a damaged bundle."""
    refused(pair("maja", "merge", str(to_tomaz)), "This bundle is encrypted for another journal")


def armored(data: bytes) -> bytes:
    """`data` as `age -a` writes it (age's strict armor: 64 columns, the last line shorter)."""
    text = base64.b64encode(data)
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    begin, end = b"-----BEGIN AGE ENCRYPTED FILE-----", b"-----END AGE ENCRYPTED FILE-----"
    return b"\n".join([begin, *lines, end, b""])


def test_an_armored_bundle_is_read(pair, to_tomaz, tmp_path):
    armor = tmp_path / "to-tomaz.asc"
    armor.write_bytes(armored(to_tomaz.read_bytes()))
    said = ok(pair("tomaz", "merge", str(armor), "--json")).stdout
    assert '"added": 1' in said


def test_the_reference_tool_decrypts_what_the_armor_test_writes(pair, to_tomaz, tmp_path):
    """The armor the tests write is age's own: the reference tool reads it back."""
    import sqlite3
    import subprocess

    if shutil.which("age") is None:
        pytest.skip("the reference age tool is not installed")
    conn = sqlite3.connect(pair.paths["tomaz"])
    identity = conn.execute("select identity from keys").fetchone()[0]
    conn.close()
    key = tmp_path / "tomaz.key"
    key.write_text(identity + "\n")
    armor = tmp_path / "to-tomaz.asc"
    armor.write_bytes(armored(to_tomaz.read_bytes()))
    opened = subprocess.run(["age", "-d", "-i", str(key), str(armor)], capture_output=True, check=True)
    assert b"Ask the city fund about the tour" in opened.stdout


CHANGED = "This bundle was changed after it was made"


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda text: text[: len(text) // 2], "This bundle is cut short"),
        (lambda text: text.replace(b"\n", b"\n ", 3), f"{CHANGED} (its armor's lines are not age's)"),
        (lambda text: text.replace(b"-----END AGE", b"-----END XX"), f"{CHANGED} (its armor does not end"),
    ],
    ids=["cut-short", "lines-shifted", "wrong-end"],
)
def test_a_spoiled_armored_bundle_is_refused_as_such(pair, to_tomaz, tmp_path, spoil, message):
    armor = tmp_path / "spoiled.asc"
    armor.write_bytes(spoil(armored(to_tomaz.read_bytes())))
    before = digest(pair.paths["tomaz"])
    refused(pair("tomaz", "merge", str(armor)), message)
    assert digest(pair.paths["tomaz"]) == before


def test_a_large_sealed_bundle_is_handed_from_the_decrypting_thread_in_few_large_pieces(monkeypatch):
    """age opens 8 KiB at a time, and each piece handed to the reader wakes the other thread: the
    decrypting thread hands them on by the quarter MiB, every line arriving whole and in order,
    the last one too."""
    import io
    import queue

    from mentorlog.sealing import agefile, agestream

    identity, recipient = agefile.new_identity()
    lines = [f'{{"n": {n}, "text": "{"x" * (n % 300)}"}}'.encode() for n in range(20_000)]
    out = io.BytesIO()
    with agestream.sealed(out, recipient=recipient) as writer:
        writer.write(b"\n".join(lines) + b"\n")
    data = out.getvalue()
    handed = []

    class Counted(queue.Queue):
        def put(self, item, block=True, timeout=None):
            handed.append(item)
            super().put(item, block, timeout)

    monkeypatch.setattr(agestream.queue, "Queue", Counted)
    read = list(agestream.decrypted_lines(data, agefile.read_header(data), identity)())
    assert read[: len(lines)] == lines
    assert all(not line.strip() for line in read[len(lines) :])  # the padding to a whole piece
    size = sum(len(line) + 1 for line in lines)
    quarter_mib = 256 * 1024
    assert size > 3 * quarter_mib
    assert len(handed) <= size // quarter_mib + 2  # the pieces and the end, not one per 8 KiB
