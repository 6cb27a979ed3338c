"""The files of a programme (docs/programme-format.md): the kick-off file the coordinator hands
out, the summary each pair journal sends to the coordinator, and the events bundle the coordinator
sends to the pairs.

Each is one JSON object, signed (the first two also sealed with age):

- the **kick-off file** (`programme.age` in a folder) is sealed with the programme code (age's
  scrypt passphrase mode) and signed by the programme's key; it carries the programme's name,
  coordinator, period and public keys, so that the code said at the kick-off vouches for them;
- a **summary** (`summary-<journal id>.age`) is sealed to the programme's age key and signed by the
  pair journal's key. Its `token` (HMAC-SHA256 of the journal's signing key under the programme
  code) shows that the journal was given the code: the coordinator pins the journal's key from the
  first summary whose token is right, and from then on takes only summaries signed by it;
- the **events bundle** (`programme-events.json`) is plain JSON signed by the programme's key: every
  event and announcement the coordinator made, for the pairs' journals, which take it only when
  signed by the key they pinned at joining. It holds nothing of any pair, only what the coordinator
  announces to all of them, so it is not sealed.

Hashing and signing are imported by the functions that use them: reading the events bundle's name
and limits costs an automatically synced command nothing. The signature (sealing/signing.py, an
SSH signature) covers the object's canonical JSON without
its `signature` key: keys sorted, no blanks, UTF-8.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

KICKOFF_FORMAT = "mentorlog-programme"
SUMMARY_FORMAT = "mentorlog-programme-summary"
EVENTS_FORMAT = "mentorlog-programme-events"
EVENTS_NAME = "programme-events.json"
VERSION = 1
KICKOFF_NAME = "programme.age"
SUMMARY_PREFIX = "summary-"
SUMMARY_SUFFIX = ".age"
MAX_FILE = 4 * 1024 * 1024  # a summary of a year of weekly sessions is a few KiB


class BadFile(Exception):
    """A programme file that cannot be taken: the reason, in words."""


def read_regular(path: Path, most: int) -> bytes:
    """A programme file's bytes: a regular file only (a link or a folder is left alone), `most` at most."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise BadFile(f"it cannot be read ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise BadFile("it is not a regular file (left alone)")
    if info.st_size > most:
        raise BadFile(f"it is larger than {most // (1024 * 1024)} MiB")
    with open(path, "rb") as handle:
        return handle.read(most + 1)


def canonical(data: dict[str, Any]) -> bytes:
    """The bytes a signature covers: the object without `signature`, keys sorted, no blanks."""
    import json

    body = {key: value for key, value in data.items() if key != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signed(data: dict[str, Any], secret: str) -> dict[str, Any]:
    import hashlib

    from mentorlog.sealing import signing

    digest = hashlib.sha512(canonical(data)).digest()
    return {**data, "signature": signing.sign(secret, digest)}


def signature_holds(data: dict[str, Any], public: str) -> bool:
    import hashlib

    from mentorlog.sealing import signing

    signature = data.get("signature")
    if not isinstance(signature, str):
        return False
    return signing.verifies(signature, hashlib.sha512(canonical(data)).digest(), public)


def token(code: str, signing_public: str) -> str:
    """The proof that a journal with this signing key was given the programme code."""
    import hashlib
    import hmac

    return hmac.new(code.encode(), signing_public.encode(), hashlib.sha256).hexdigest()


def seal_with_code(data: dict[str, Any], code: str) -> bytes:
    import json

    from pyrage import passphrase

    return passphrase.encrypt(json.dumps(data, ensure_ascii=False).encode(), code)


def open_with_code(sealed: bytes, code: str) -> dict[str, Any]:
    import pyrage

    from mentorlog.sealing import agefile, scrypt_open

    if not sealed.startswith(b"age-encryption.org/v1\n-> scrypt "):
        raise BadFile("it is not a programme's kick-off file (not locked with a programme code)")
    try:
        plain = scrypt_open.decrypt(sealed, code, agefile.MAX_WORK)
    except pyrage.DecryptError:
        raise BadFile("the code does not open it: check the words with the coordinator") from None
    return _json(plain)


def seal_to(data: dict[str, Any], recipient: str) -> bytes:
    import json

    import pyrage
    from pyrage import x25519

    plain = json.dumps(data, ensure_ascii=False).encode()
    return pyrage.encrypt(plain, [x25519.Recipient.from_str(recipient)])


def open_sealed(sealed: bytes, identity: str) -> dict[str, Any]:
    import pyrage
    from pyrage import x25519

    if len(sealed) > MAX_FILE:
        raise BadFile(f"it is larger than {MAX_FILE // (1024 * 1024)} MiB")
    if sealed.lstrip().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----"):
        raise BadFile(
            "it is ASCII-armored: a summary is the binary age file mentorlog wrote; ask for that file"
        )
    if not sealed.startswith(b"age-encryption.org/v1\n"):
        raise BadFile("it is not a sealed summary (not an age file)")
    try:
        plain = pyrage.decrypt(sealed, [x25519.Identity.from_str(identity)])
    except pyrage.DecryptError:
        raise BadFile(
            "it was not sealed to this programme, or it was altered or cut short on the way"
        ) from None
    return _json(plain)


def _json(plain: bytes) -> dict[str, Any]:
    import json

    try:
        data = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadFile("its content is not JSON") from None
    if not isinstance(data, dict):
        raise BadFile("its content is not a JSON object")
    return data
