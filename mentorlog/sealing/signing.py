"""Signatures on bundles: who made a bundle, proven by the journal's Ed25519 signing key.

age sealing is anonymous (a bundle sealed to a key proves only that its maker knew that public
key), so every bundle, sealed or plain, is also signed by the journal that made it. The signature
is an SSH signature (the `SSHSIG` format of OpenSSH's PROTOCOL.sshsig, namespace
`mentorlog-bundle`, SHA-512), so that a reference tool checks it without mentorlog:

    ssh-keygen -Y verify -f allowed_signers -I maja -n mentorlog-bundle -s bundle.sig < message

What is signed (the *message*) is the bundle's JSON up to its last line: the envelope line (which
names the pair, the sender's journal, the sender's signing key and, for a sealed bundle, the key
it was sealed to) and every record line, each with its line end. The last line carries the
signature: `],"signature":"-----BEGIN SSH SIGNATURE-----\\n…"}`. docs/bundle-format.md shows how
to check a bundle by hand.

The binding is pyca `cryptography` (its Ed25519), imported here only, by the commands that
exchange; a quick note never loads it.
"""

from __future__ import annotations

import base64
import hashlib
import struct

NAMESPACE = "mentorlog-bundle"
HASH = "sha512"
KEY_TYPE = "ssh-ed25519"
_ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_ARMOR_END = "-----END SSH SIGNATURE-----"
MAX_SIGNATURE = 2048  # an armored Ed25519 SSH signature is about 440 characters


class BadSignature(Exception):
    """A signature that is not an Ed25519 SSH signature for a mentorlog bundle."""


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _read_string(data: bytes, at: int) -> tuple[bytes, int]:
    if at + 4 > len(data):
        raise BadSignature("cut short")
    (size,) = struct.unpack(">I", data[at : at + 4])
    end = at + 4 + size
    if end > len(data):
        raise BadSignature("cut short")
    return data[at + 4 : end], end


# --- keys ------------------------------------------------------------------------------------


def new_key() -> tuple[str, str]:
    """A new Ed25519 key pair: (secret seed in base64, public key `ssh-ed25519 AAAA…`)."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    secret = ed25519.Ed25519PrivateKey.generate()
    seed = secret.private_bytes_raw()
    return base64.b64encode(seed).decode(), public_text(secret.public_key().public_bytes_raw())


def public_of(secret: str) -> str:
    """The public key (`ssh-ed25519 AAAA…`) of a secret seed."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.from_private_bytes(base64.b64decode(secret))
    return public_text(key.public_key().public_bytes_raw())


def public_text(raw: bytes) -> str:
    """A raw 32-byte Ed25519 public key as OpenSSH writes it: `ssh-ed25519 AAAA…`."""
    blob = _string(KEY_TYPE.encode()) + _string(raw)
    return f"{KEY_TYPE} {base64.b64encode(blob).decode()}"


def public_raw(text: str) -> bytes:
    """The raw 32 bytes of `ssh-ed25519 AAAA…`; raises BadSignature for anything else."""
    parts = text.split(" ") if isinstance(text, str) else []
    if len(parts) != 2 or parts[0] != KEY_TYPE or len(parts[1]) > 100:
        raise BadSignature("not an ssh-ed25519 public key")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError:
        raise BadSignature("not base64") from None
    kind, at = _read_string(blob, 0)
    raw, at = _read_string(blob, at)
    if kind != KEY_TYPE.encode() or len(raw) != 32 or at != len(blob):
        raise BadSignature("not an ssh-ed25519 public key")
    return raw


def valid_public(text: object) -> bool:
    """Whether `text` is an Ed25519 public key in OpenSSH's form."""
    try:
        public_raw(text)  # type: ignore[arg-type]
    except BadSignature:
        return False
    return True


def fingerprint(public: str) -> str:
    """The key's SHA256 fingerprint as `ssh-keygen -l` prints it (`SHA256:…`)."""
    blob = base64.b64decode(public.split(" ")[1])
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


# --- signing and checking --------------------------------------------------------------------


def message_digest() -> hashlib._Hash:
    """The running hash of a message (fed line by line, each with its line end)."""
    return hashlib.sha512()


def _signed_data(digest: bytes) -> bytes:
    return b"SSHSIG" + _string(NAMESPACE.encode()) + _string(b"") + _string(HASH.encode()) + _string(digest)


def sign(secret: str, digest: bytes) -> str:
    """The armored SSH signature of a message whose SHA-512 is `digest`."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.from_private_bytes(base64.b64decode(secret))
    raw_public = key.public_key().public_bytes_raw()
    public_blob = _string(KEY_TYPE.encode()) + _string(raw_public)
    signature = key.sign(_signed_data(digest))
    blob = (
        b"SSHSIG"
        + struct.pack(">I", 1)
        + _string(public_blob)
        + _string(NAMESPACE.encode())
        + _string(b"")
        + _string(HASH.encode())
        + _string(_string(KEY_TYPE.encode()) + _string(signature))
    )
    text = base64.b64encode(blob).decode()
    lines = [text[i : i + 70] for i in range(0, len(text), 70)]
    return "\n".join([_ARMOR_BEGIN, *lines, _ARMOR_END]) + "\n"


def signer_of(armored: str) -> str:
    """The public key (`ssh-ed25519 AAAA…`) an armored signature names; BadSignature if it is
    not an Ed25519 SSH signature in mentorlog's namespace."""
    public_blob, _ = _parse(armored)
    kind, at = _read_string(public_blob, 0)
    raw, _ = _read_string(public_blob, at)
    return public_text(raw)


def verifies(armored: str, digest: bytes, public: str) -> bool:
    """Whether `armored` is a valid signature by `public` of the message whose SHA-512 is `digest`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ed25519

    try:
        public_blob, signature = _parse(armored)
        raw = public_raw(public)
    except BadSignature:
        return False
    if public_blob != _string(KEY_TYPE.encode()) + _string(raw):
        return False
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(raw).verify(signature, _signed_data(digest))
    except InvalidSignature:
        return False
    return True


def _parse(armored: str) -> tuple[bytes, bytes]:
    """(the signer's public key blob, the raw signature) of an armored SSH signature."""
    if not isinstance(armored, str) or len(armored) > MAX_SIGNATURE:
        raise BadSignature("not a signature")
    lines = [line.strip() for line in armored.strip().splitlines()]
    if len(lines) < 3 or lines[0] != _ARMOR_BEGIN or lines[-1] != _ARMOR_END:
        raise BadSignature("not an armored SSH signature")
    try:
        blob = base64.b64decode("".join(lines[1:-1]), validate=True)
    except ValueError:
        raise BadSignature("not base64") from None
    if blob[:6] != b"SSHSIG" or blob[6:10] != struct.pack(">I", 1):
        raise BadSignature("not an SSH signature of version 1")
    public_blob, at = _read_string(blob, 10)
    namespace, at = _read_string(blob, at)
    _reserved, at = _read_string(blob, at)
    hash_name, at = _read_string(blob, at)
    signature_blob, at = _read_string(blob, at)
    if at != len(blob) or namespace != NAMESPACE.encode() or hash_name != HASH.encode():
        raise BadSignature("not a mentorlog bundle signature")
    kind, inner = _read_string(signature_blob, 0)
    raw_signature, inner = _read_string(signature_blob, inner)
    if kind != KEY_TYPE.encode() or len(raw_signature) != 64 or inner != len(signature_blob):
        raise BadSignature("not an Ed25519 signature")
    return public_blob, raw_signature
