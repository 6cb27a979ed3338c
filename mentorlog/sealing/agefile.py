"""Sealed bundles: the age file format (age-encryption.org/v1) through `pyrage`, its one binding.

A sealed bundle is one age file whose plaintext is the JSON bundle (exchange/bundle.py), padded
with blanks to a whole number of age's 64 KiB chunks. It is sealed either to the partner's X25519
public key (the usual case, once paired), or with a pairing code (age's scrypt passphrase mode,
for the first bundle of a pairing). `pyrage` is imported inside the functions that need it, so
only the commands that exchange load it.

Reading never trusts the file. Its header is read here line by line (`-> X25519 …`, `-> scrypt …`,
`--- MAC`) to tell the refusals apart — cut short, altered, sealed for another journal, a wrong
code — each with its own message. Padding makes a sealed payload's length `16 + n × 65552`
(age's nonce, then full chunks), so a payload of any other length was cut short (or had bytes
added after its last chunk, which fails at that chunk instead).

A bundle sealed with a code is decrypted whole, once (scrypt costs a second or more by design);
one sealed to a key is decrypted as a stream (sealing/agestream.py).

An ASCII-armored age file (`age -a`: `-----BEGIN AGE ENCRYPTED FILE-----`, base64 lines of 64
characters) is read like the binary one it holds (`unarmored`). A key stanza that no key of this
journal opens is either for another journal or damaged: one flipped bit cannot be told from another
journal's key by its look, so every one-bit change of the stanzas is tried (`one_bit_from_opening`,
a few hundred header openings, on the refusal's path only); one that opens means damage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mentorlog.errors import InvalidInput
from mentorlog.exchange.bundle import BadBundle

MAGIC = b"age-encryption.org/v1\n"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
CHUNK = 64 * 1024  # age's plaintext chunk
SEALED_CHUNK = CHUNK + 16  # a chunk and its Poly1305 tag
NONCE = 16
MAX_HEADER = 64 * 1024
MAX_WORK = 22  # scrypt's log2(N): 2**22 costs 4 GiB of memory; age picks ~1 s worth (17–20 here)
_ARGUMENT = re.compile(rb"[\x21-\x7e]+")
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*")


class Altered(BadBundle):
    """The bundle fails age's integrity checks: changed after it was made."""


class CutShort(BadBundle):
    """The bundle ends before its last chunk."""


class ForAnotherJournal(BadBundle):
    """No key of this journal opens the bundle."""


class WrongCode(BadBundle):
    """The pairing code given does not open the bundle."""


class CodeNeeded(InvalidInput):
    """The bundle is sealed with a pairing code and none was given."""


def _altered(detail: str) -> Altered:
    return Altered(
        f"This bundle was changed after it was made ({detail}): a bit flipped on the way, or someone "
        "edited it. Nothing was merged; ask your partner to share again."
    )


def _cut_short() -> CutShort:
    return CutShort(
        "This bundle is cut short: it ends before its last encrypted part (a copy or a download that "
        "stopped early?). Nothing was merged; copy it again, or ask your partner to share again."
    )


# --- keys ------------------------------------------------------------------------------------


def new_identity() -> tuple[str, str]:
    """A new X25519 key pair: (secret identity `AGE-SECRET-KEY-1…`, public recipient `age1…`)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def recipient_of(identity: str) -> str:
    """The public key (`age1…`) of a secret X25519 identity."""
    from pyrage import x25519

    return str(x25519.Identity.from_str(identity).to_public())


def valid_recipient(text: str) -> bool:
    """Whether `text` is an X25519 public key age accepts (its checksum and point included)."""
    import pyrage
    from pyrage import x25519

    try:
        x25519.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError):
        return False
    return True


# --- the header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """What an age header says: the kinds of its stanzas, the scrypt work factor, where it ends."""

    kinds: tuple[str, ...]
    end: int  # the offset of the payload (the nonce)
    work: int | None = None  # scrypt's log2(N), for a bundle sealed with a code

    @property
    def with_code(self) -> bool:
        return "scrypt" in self.kinds


def is_armored(data: bytes) -> bool:
    """Whether `data` is (the beginning of) an ASCII-armored age file."""
    head = data.lstrip()[: len(ARMOR_BEGIN)]
    return len(head) >= 5 and ARMOR_BEGIN.startswith(head)


def unarmored(data: bytes) -> bytes:
    """The binary age file an ASCII-armored one holds (age's strict armor: base64 lines of 64
    characters, the last one shorter); raises `CutShort` or `Altered`."""
    import binascii

    lines = data.strip().replace(b"\r\n", b"\n").split(b"\n")
    if lines[0] != ARMOR_BEGIN:
        if ARMOR_BEGIN.startswith(lines[0]) and len(lines) == 1:
            raise _cut_short()
        raise _altered("its armor's first line is not age's")
    if lines[-1] != ARMOR_END:
        last = lines[-1]
        whole_lines = all(len(line) == 64 and _BASE64.fullmatch(line) for line in lines[1:-1])
        if whole_lines and (ARMOR_END.startswith(last) or (len(last) <= 64 and _BASE64.fullmatch(last))):
            raise _cut_short()  # it stops inside the armor
        raise _altered("its armor does not end as age's does")
    body = lines[1:-1]
    if not body or any(len(line) != 64 for line in body[:-1]) or not 0 < len(body[-1]) <= 64:
        raise _altered("its armor's lines are not age's")
    try:
        return binascii.a2b_base64(b"".join(body), strict_mode=True)
    except binascii.Error:
        raise _altered("its armor is not base64") from None


def is_sealed(data: bytes) -> bool:
    """Whether `data` is (the beginning of) an age file."""
    head = data[: len(MAGIC)]
    return bool(head) and MAGIC.startswith(head) and head[:4] == MAGIC[:4]


def read_header(data: bytes) -> Header:
    """The age header of `data`, read by the format's rules; raises `CutShort` or `Altered`."""
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data):
            raise _cut_short()
        raise _altered("its first line is not age's")
    position = len(MAGIC)
    kinds: list[str] = []
    work: int | None = None
    while True:
        line, position = _line(data, position)
        if line.startswith(b"--- "):
            if len(line) != 47 or not _BASE64.fullmatch(line[4:]):
                raise _altered("its header's MAC line is malformed")
            break
        if not line.startswith(b"-> "):
            raise _altered("its header holds a line that is not age's")
        arguments = line[3:].split(b" ")
        if not all(_ARGUMENT.fullmatch(a) for a in arguments):
            raise _altered("its header holds a malformed stanza")
        kind = arguments[0].decode("ascii")
        kinds.append(kind)
        if kind == "scrypt":
            if len(arguments) != 3 or not arguments[2].isdigit() or arguments[2].startswith(b"0"):
                raise _altered("its code lock is malformed")
            work = int(arguments[2])
        while True:  # the stanza's body: lines of 64 base64 letters, ended by a shorter one
            body, position = _line(data, position)
            if len(body) > 64 or not _BASE64.fullmatch(body):
                raise _altered("its header holds a malformed stanza")
            if len(body) < 64:
                break
    if not kinds:
        raise _altered("its header names no key")
    if "scrypt" in kinds and len(kinds) != 1:
        raise _altered("its header mixes a code lock with keys")
    return Header(kinds=tuple(kinds), end=position, work=work)


def _line(data: bytes, start: int) -> tuple[bytes, int]:
    end = data.find(b"\n", start, start + MAX_HEADER)
    if end < 0:
        if len(data) - start < MAX_HEADER:
            raise _cut_short()
        raise _altered("its header is longer than any age header")
    return data[start:end], end + 1


def _payload_whole(data: bytes, header: Header) -> bool:
    """Whether the payload has the length of a padded mentorlog bundle: a nonce and full chunks."""
    size = len(data) - header.end - NONCE
    return size > 0 and size % SEALED_CHUNK == 0


def failure(error: BaseException, data: bytes, header: Header, opened: int | None = None) -> BadBundle:
    """The refusal for what age said (`opened`: plaintext bytes that came out before it failed)."""
    said = str(error)
    if "No matching keys" in said or "Decryption failed" in said:
        if header.with_code:
            return WrongCode(
                "The pairing code is wrong: this bundle does not open with it. Nothing was merged; check "
                "the words with your partner (`mentorlog pair` shows them on their side)."
            )
        return another_journal()
    if "Header MAC" in said or "Header is invalid" in said:
        return _altered("its header fails its check")
    if "Excessive work" in said:
        return _too_much_work(header)
    if "truncated" in said or "fill whole buffer" in said:
        return _cut_short()
    if "last chunk has been processed" in said:
        return _altered("something was added after its end")
    if "decryption error" in said:
        if _payload_whole(data, header):
            return _altered("a part of it fails its check")
        if opened is not None:
            parts = -(-(len(data) - header.end - NONCE) // SEALED_CHUNK)
            if opened // CHUNK < parts - 1:  # a part before the last failed: not a cut
                return _altered("a part of it fails its check")
        return _cut_short()
    return _altered(f"age says: {said.splitlines()[0] if said else type(error).__name__}")


def another_journal() -> ForAnotherJournal:
    return ForAnotherJournal(
        "This bundle is encrypted for another journal, not this one: another mentorship's, or made for a "
        "key this journal does not have. Nothing was merged. If it is a bundle you made, send it to your "
        "partner; if your partner's journal no longer knows yours, run `mentorlog pair --code` and "
        "share again."
    )


def _too_much_work(header: Header) -> BadBundle:
    return Altered(
        f"This bundle's code lock asks for more work than mentorlog allows (scrypt 2^{header.work}, "
        f"over 2^{MAX_WORK}); it was not sealed by mentorlog as it is. Nothing was merged; ask your "
        "partner to share again."
    )


# --- opening ---------------------------------------------------------------------------------


def opens_with(data: bytes, header: Header, identity: str) -> bool:
    """Whether the X25519 key `identity` opens the bundle's header (its MAC checked too); reads
    only the header, so a wrong key costs nothing."""
    import pyrage
    from pyrage import x25519

    key = x25519.Identity.from_str(identity)
    try:
        pyrage.decrypt(data[: header.end + NONCE], [key])
    except pyrage.DecryptError as error:
        said = str(error)
        if "No matching keys" in said:
            return False
        if "truncated" in said:
            return True  # the header opened and its MAC holds; the payload was left out on purpose
        raise failure(error, data, header) from None
    return True


def one_bit_from_opening(data: bytes, header: Header, identities: list[str]) -> bool:
    """Whether one of `identities` would open the header had one bit of its stanzas not flipped:
    a bundle for this journal, damaged on the way, rather than one for another journal."""
    import pyrage
    from pyrage import x25519

    keys = [x25519.Identity.from_str(identity) for identity in identities]
    start, mac = len(MAGIC), data.rfind(b"\n--- ", 0, header.end) + 1
    head = bytearray(data[: header.end + NONCE])
    for index in range(start, mac):
        byte = head[index]
        for bit in range(8):
            was = byte ^ (1 << bit)
            if not (0x20 <= was <= 0x7E or was == 0x0A):
                continue  # an age header holds no such byte
            head[index] = was
            try:
                pyrage.decrypt(bytes(head), keys)
            except pyrage.DecryptError as error:
                if "truncated" in str(error):  # opened, its MAC holds; the payload left out on purpose
                    return True
            else:
                return True
            finally:
                head[index] = byte
    return False


def damaged_key_stanza() -> Altered:
    return _altered("a bit flipped in the part that names its key")


def open_with_code(data: bytes, header: Header, code: str) -> bytes:
    """The plaintext of a bundle sealed with `code`, whole."""
    import pyrage

    from mentorlog.sealing import scrypt_open

    if header.work is not None and header.work > MAX_WORK:
        raise _too_much_work(header)
    try:
        return scrypt_open.decrypt(data, code, MAX_WORK)
    except pyrage.DecryptError as error:
        raise failure(error, data, header) from None
