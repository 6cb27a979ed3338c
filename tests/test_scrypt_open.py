"""Files locked with a code are opened by mentorlog's own reading of age's scrypt mode
(mentorlog/sealing/scrypt_open.py), with one work-factor limit on every machine: what `pyrage`
(the reference implementation's binding) writes, it opens byte for byte, and anything else it
refuses as `pyrage.DecryptError`, as pyrage itself does."""

from __future__ import annotations

import os

import pyrage
import pytest
from pyrage import passphrase

from mentorlog.sealing import scrypt_open

from .age_spec import sealed_at

pytestmark = pytest.mark.real_scrypt  # pyrage's own writer, not the quick one

CODE = "satiable wasting education fetch landlady"


@pytest.mark.slow  # pyrage picks seconds of scrypt; in the default run, the test below reads with pyrage
def test_what_pyrage_locks_opens_to_the_same_bytes():
    plain = os.urandom(200_000)  # four chunks, the last one short (pyrage picks ~1 s of scrypt)
    assert scrypt_open.decrypt(passphrase.encrypt(plain, CODE), CODE, 22) == plain


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 131072])
def test_every_chunking_opens_in_pyrage_and_here_alike(size):
    plain = os.urandom(size)
    sealed = sealed_at(plain, CODE, 10)
    assert passphrase.decrypt(sealed, CODE) == plain  # the writer below is age, as the reference reads it
    assert scrypt_open.decrypt(sealed, CODE, 22) == plain


def test_the_work_factor_limit_is_mentorlogs_own_not_the_machines_speed():
    sealed = sealed_at(b"kick-off", CODE, 12)
    assert scrypt_open.decrypt(sealed, CODE, 12) == b"kick-off"
    with pytest.raises(pyrage.DecryptError):
        scrypt_open.decrypt(sealed, CODE, 11)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda s: s.replace(CODE.encode(), b""),  # (no-op: the code is never in the file)
        lambda s: s[:-1],  # cut short by a byte
        lambda s: s[: s.index(b"\n---") + 40],  # the payload left out
        lambda s: s[:-5] + bytes([s[-5] ^ 1]) + s[-4:],  # a bit flipped in the payload
        lambda s: s.replace(b"-> scrypt", b"-> scrypT"),  # another stanza
        lambda s: s[:30] + bytes([s[30] ^ 1]) + s[31:],  # a bit flipped in the salt
    ],
    ids=["wrong-code", "cut-by-a-byte", "no-payload", "payload-flip", "stanza-kind", "salt-flip"],
)
def test_anything_but_the_right_file_and_code_is_refused_as_pyrage_refuses_it(spoil):
    sealed = sealed_at(os.urandom(1000), CODE, 10)
    spoiled = spoil(sealed)
    code = "wrong words here for sure" if spoiled == sealed else CODE
    with pytest.raises(pyrage.DecryptError):
        passphrase.decrypt(spoiled, code)
    with pytest.raises(pyrage.DecryptError):
        scrypt_open.decrypt(spoiled, code, 22)
