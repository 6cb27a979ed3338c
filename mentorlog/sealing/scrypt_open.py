"""Opening an age file locked with a code (age's scrypt passphrase mode), read here rather than by
`pyrage`: rage refuses a file whose scrypt work factor is above what it estimates, by timing, this
machine does in about sixteen seconds, so a file written on a fast laptop could not be opened on a
slow or busy one ("the code does not open it" although the code was right). mentorlog sets the
limit itself instead (`agefile.MAX_WORK`), the same on every machine.

The format is age-encryption.org/v1: one `-> scrypt SALT LOG2N` stanza whose body is the 16-byte
file key sealed with ChaCha20-Poly1305 under scrypt(code, "age-encryption.org/v1/scrypt" + SALT);
the header's MAC (HMAC-SHA256 under HKDF(file key, "header")); then a 16-byte nonce and the payload
in 64 KiB chunks sealed with ChaCha20-Poly1305 under HKDF(file key, nonce, "payload"), each chunk's
nonce its 11-byte counter and a last-chunk flag. Writing stays with `pyrage`; any failure to open
raises `pyrage.DecryptError`, as `pyrage.passphrase.decrypt` does, so callers read it the same way.
"""

from __future__ import annotations

import base64
import hmac

INTRO = b"age-encryption.org/v1\n"
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
CHUNK = 64 * 1024
TAG = 16


def _b64(text: bytes) -> bytes:
    """age's base64: standard alphabet, no padding (and canonical: no stray bits)."""
    if b"=" in text or not text.isascii():
        raise ValueError("Header is invalid: padded or not ASCII base64")
    decoded = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    if base64.b64encode(decoded).rstrip(b"=") != text:
        raise ValueError("Header is invalid: base64 that is not canonical")
    return decoded


def decrypt(data: bytes, code: str, max_work: int) -> bytes:
    """The plaintext of `data`, an age file locked with `code` at a work factor of at most
    2**`max_work`; `pyrage.DecryptError` when it cannot be opened (wrong code, altered, cut)."""
    import pyrage

    try:
        return _decrypt(data, code, max_work)
    except (ValueError, IndexError) as error:  # said in the words rage uses (agefile.failure reads them)
        raise pyrage.DecryptError(
            str(error) if isinstance(error, ValueError) else "Header is invalid"
        ) from None


def _decrypt(data: bytes, code: str, max_work: int) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not data.startswith(INTRO):
        raise ValueError("Header is invalid: not an age file")
    lines = data.split(b"\n", 4)
    stanza, body, footer = lines[1], lines[2], lines[3]
    parts = stanza.split(b" ")
    if len(parts) != 4 or parts[:2] != [b"->", b"scrypt"] or not footer.startswith(b"--- "):
        raise ValueError("Header is invalid: not locked with a code alone")
    salt, work = _b64(parts[2]), parts[3]
    if len(salt) != 16 or not work.isdigit() or work.startswith(b"0") or int(work) < 1:
        raise ValueError("Header is invalid: a malformed scrypt stanza")
    if int(work) > max_work:
        raise ValueError("Excessive work parameter for passphrase")
    sealed_key = _b64(body)
    if len(sealed_key) != 16 + TAG:
        raise ValueError("Header is invalid: its key stanza is damaged")
    header_end = len(lines[0]) + len(stanza) + len(body) + 3 + len(b"---")
    mac = _b64(footer[4:])
    rest = data[len(lines[0]) + len(stanza) + len(body) + len(footer) + 4 :]
    wrap = Scrypt(salt=SCRYPT_LABEL + salt, length=32, n=2 ** int(work), r=8, p=1).derive(code.encode())
    try:
        file_key = ChaCha20Poly1305(wrap).decrypt(bytes(12), sealed_key, None)
    except InvalidTag:
        raise ValueError("Decryption failed") from None
    header_key = HKDF(hashes.SHA256(), 32, salt=b"", info=b"header").derive(file_key)
    expected = hmac.new(header_key, data[:header_end], "sha256").digest()
    if not hmac.compare_digest(expected, mac):
        raise ValueError("Header MAC is invalid")
    if len(rest) < 16:
        raise ValueError("payload truncated")
    nonce, payload = rest[:16], rest[16:]
    stream = ChaCha20Poly1305(HKDF(hashes.SHA256(), 32, salt=nonce, info=b"payload").derive(file_key))
    plain = bytearray()
    counter = 0
    size = CHUNK + TAG
    while True:
        chunk, payload = payload[:size], payload[size:]
        last = not payload
        if len(chunk) < TAG or (last and len(chunk) == TAG and counter > 0):
            raise ValueError("payload truncated")
        try:
            plain += stream.decrypt(counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00"), chunk, None)
        except InvalidTag:
            raise ValueError("decryption error") from None
        if last:
            return bytes(plain)
        counter += 1
