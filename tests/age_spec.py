"""An age file locked with a code (age's scrypt mode), written from the specification rather than by
mentorlog or pyrage, at a work factor of the test's choosing.

pyrage's own writer times the machine and picks about a second of scrypt, on each side, for every
code-locked file (a pairing's first bundle and its answer, a programme's kick-off file). The default
run writes those with `sealed_at` at a small work factor instead (tests/conftest.py, `quick_codes`):
the file is the same format and is opened by mentorlog's real reader, only cheaper to make. Tests
marked `real_scrypt` keep pyrage's writer, and tests/test_scrypt_open.py checks that what pyrage
writes and what this writes open alike."""

from __future__ import annotations

import base64
import hmac
import os

QUICK_WORK = 10  # 2**10: milliseconds instead of a second


def _b64(raw: bytes) -> bytes:
    return base64.b64encode(raw).rstrip(b"=")


def sealed_at(plain: bytes, code: str, work: int) -> bytes:
    """An age file locked with `code` at 2**`work`."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    file_key, salt, nonce = os.urandom(16), os.urandom(16), os.urandom(16)
    wrap = Scrypt(salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=2**work, r=8, p=1).derive(
        code.encode()
    )
    body = ChaCha20Poly1305(wrap).encrypt(bytes(12), file_key, None)
    header = b"age-encryption.org/v1\n-> scrypt " + _b64(salt) + b" %d\n" % work + _b64(body) + b"\n---"
    mac = hmac.new(HKDF(hashes.SHA256(), 32, b"", b"header").derive(file_key), header, "sha256").digest()
    stream = ChaCha20Poly1305(HKDF(hashes.SHA256(), 32, nonce, b"payload").derive(file_key))
    chunks = [plain[i : i + 65536] for i in range(0, len(plain), 65536)] or [b""]
    payload = b"".join(
        stream.encrypt(i.to_bytes(11, "big") + (b"\x01" if i == len(chunks) - 1 else b"\x00"), chunk, None)
        for i, chunk in enumerate(chunks)
    )
    return header + b" " + _b64(mac) + b"\n" + nonce + payload


def quick_encrypt(plain: bytes, code: str) -> bytes:
    """pyrage.passphrase.encrypt's signature, at QUICK_WORK."""
    return sealed_at(plain, code, QUICK_WORK)
