"""Streaming through age without holding a bundle whole: the sealed bundle `share` writes and the
decrypted lines `merge` reads (the format and its refusals: sealing/agefile.py).

pyrage's `encrypt_io` pulls its plaintext from a reader and `decrypt_io` pushes its plaintext to a
writer, each until the end; mentorlog writes a bundle by pushing and reads it by pulling. Each runs
in a thread, with a small queue between it and mentorlog, so that neither the plaintext nor the
ciphertext being written is ever held whole, and no plaintext touches the disk. A sealed bundle is
decrypted anew, from the ciphertext held in memory, for each reading (the merge's checking pass,
then its writing pass); only authenticated pieces come out, and a failure (a flipped bit, a cut)
raises its refusal before the last line is handed on.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import Generator, Iterator
from typing import IO, Any, cast

from mentorlog.exchange.bundle import Lines
from mentorlog.sealing.agefile import CHUNK, Header, failure

_DONE = object()
PIECE = 256 * 1024  # bytes handed from the decrypting thread to the reader at a time


# --- opening ---------------------------------------------------------------------------------


def decrypted_lines(data: bytes, header: Header, identity: str) -> Lines:
    """A function that decrypts the bundle anew at each call and yields its plaintext line by
    line (without the line ends); raises the refusal when the file fails, before its last line."""

    def lines() -> Generator[bytes, None, None]:
        return _stream_lines(data, header, identity)

    return lines


class _Stopped(Exception):
    """The reader of a decryption went away; the decrypting thread ends."""


def _stream_lines(data: bytes, header: Header, identity: str) -> Generator[bytes, None, None]:
    import pyrage
    from pyrage import x25519

    key = x25519.Identity.from_str(identity)
    pieces: queue.Queue[Any] = queue.Queue(maxsize=4)  # at most 1 MiB waiting for the reader
    stop = threading.Event()
    outcome: dict[str, Any] = {"opened": 0}

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                pieces.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    class Sink(io.BufferedIOBase):
        """Takes age's authenticated pieces (8 KiB each) and hands them on by the `PIECE`: each
        piece handed on wakes the other thread, and a 100,000-record merge waited on thousands of
        such turns."""

        def __init__(self) -> None:
            super().__init__()
            self.held = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, piece: Any) -> int:
            if stop.is_set():
                raise _Stopped
            self.held += piece
            outcome["opened"] += len(piece)
            if len(self.held) >= PIECE:
                self.hand_on()
            return len(piece)

        def hand_on(self) -> None:
            if self.held:
                put(bytes(self.held))
                self.held.clear()

        def flush(self) -> None:
            pass

    sink = Sink()

    def run() -> None:
        try:
            pyrage.decrypt_io(io.BytesIO(data), sink, [key])
        except _Stopped:
            pass
        except BaseException as error:  # handed to the reader, which raises it
            outcome["error"] = error
        finally:
            sink.hand_on()  # what was opened before the end or the failure, as before
            put(_DONE)

    worker = threading.Thread(target=run, name="mentorlog-decrypt", daemon=True)
    worker.start()
    try:
        partial: list[bytes] = []
        while True:
            piece = pieces.get()
            if piece is _DONE:
                break
            lines = piece.split(b"\n")
            if len(lines) == 1:
                partial.append(piece)
                continue
            partial.append(lines[0])
            yield b"".join(partial)
            yield from lines[1:-1]
            partial = [lines[-1]] if lines[-1] else []
        if "error" in outcome:
            raise failure(outcome["error"], data, header, outcome["opened"])
        if partial:
            yield b"".join(partial)
    finally:
        stop.set()
        with contextlib.suppress(queue.Empty):
            while True:
                pieces.get_nowait()
        worker.join()


# --- sealing ---------------------------------------------------------------------------------


@contextlib.contextmanager
def sealed(out: IO[bytes], *, recipient: str | None = None, code: str | None = None) -> Iterator[IO[bytes]]:
    """A writer whose bytes reach `out` as one age file, sealed to `recipient` (streamed) or with
    `code` (held until the end: scrypt takes the plaintext whole), padded to whole chunks."""
    if (recipient is None) == (code is None):
        raise ValueError("seal to a recipient or with a code, not both or neither")
    sealer: _Sealer = _ToRecipient(out, recipient) if recipient is not None else _WithCode(out, str(code))
    try:
        yield cast(IO[bytes], sealer)
    except BaseException:
        sealer.abandon()
        raise
    sealer.finish()


class _Sealer:
    def __init__(self) -> None:
        self.written = 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        self._take(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def padding(self) -> bytes:
        """Blanks (JSON whitespace) up to a whole number of 64 KiB chunks."""
        missing = -self.written % CHUNK
        return b" " * (missing - 1) + b"\n" if missing else b""

    def _take(self, data: bytes) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def abandon(self) -> None:
        pass


class _WithCode(_Sealer):
    def __init__(self, out: IO[bytes], code: str):
        super().__init__()
        self.out, self.code = out, code
        self.buffer = io.BytesIO()

    def _take(self, data: bytes) -> None:
        self.buffer.write(data)

    def finish(self) -> None:
        from pyrage import passphrase

        self.buffer.write(self.padding())
        sealed_bytes = passphrase.encrypt(self.buffer.getvalue(), self.code)
        self.buffer = io.BytesIO()
        self.out.write(sealed_bytes)


class _ToRecipient(_Sealer):
    """`pyrage.encrypt_io` in a thread, reading what `write` hands it through a small queue."""

    BATCH = 64 * 1024

    def __init__(self, out: IO[bytes], recipient: str):
        import pyrage
        from pyrage import x25519

        super().__init__()
        self.pending = bytearray()
        self.pieces: queue.Queue[Any] = queue.Queue(maxsize=16)
        self.stop = threading.Event()
        self.outcome: dict[str, BaseException] = {}
        target = _RecordingWriter(out)
        key = x25519.Recipient.from_str(recipient)
        source = _QueueReader(self.pieces, self.stop)

        def run() -> None:
            try:
                pyrage.encrypt_io(source, target, [key])
            except BaseException as error:
                self.outcome["error"] = target.failure or error

        self.worker = threading.Thread(target=run, name="mentorlog-encrypt", daemon=True)
        self.worker.start()

    def _put(self, item: object) -> None:
        while self.worker.is_alive():
            try:
                self.pieces.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def _take(self, data: bytes) -> None:
        self.pending += data
        if len(self.pending) >= self.BATCH:
            self._put(bytes(self.pending))
            self.pending = bytearray()

    def finish(self) -> None:
        self.pending += self.padding()
        self._put(bytes(self.pending))
        self.pending = bytearray()
        self._put(_DONE)
        self.worker.join()
        error = self.outcome.get("error")
        if error is not None:
            raise error

    def abandon(self) -> None:
        self.stop.set()
        with contextlib.suppress(queue.Empty):
            while True:
                self.pieces.get_nowait()
        self.worker.join()


class _QueueReader(io.BufferedIOBase):
    """The plaintext for `encrypt_io`: `read(n)` takes from the queue `write` fills."""

    def __init__(self, pieces: queue.Queue[Any], stop: threading.Event):
        super().__init__()
        self.pieces, self.stop = pieces, stop
        self.buffer = b""
        self.offset = 0
        self.ended = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self.offset >= len(self.buffer):
            self.buffer, self.offset = self._next(), 0
        if size is None or size < 0:
            size = len(self.buffer) - self.offset
        taken = self.buffer[self.offset : self.offset + size]
        self.offset += len(taken)
        return taken

    def _next(self) -> bytes:
        while not self.ended:
            if self.stop.is_set():
                raise _Stopped
            try:
                piece = self.pieces.get(timeout=0.05)
            except queue.Empty:
                continue
            if piece is _DONE:
                self.ended = True
            elif piece:
                return cast(bytes, piece)
        return b""


class _RecordingWriter(io.BufferedIOBase):
    """`out` as `encrypt_io` writes to it, keeping the operating system's error (a full disk) so
    that it reaches the caller as itself, not as pyrage's wrapping of it."""

    def __init__(self, out: IO[bytes]):
        super().__init__()
        self.out = out
        self.failure: OSError | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        try:
            return self.out.write(data)
        except OSError as error:
            self.failure = error
            raise

    def flush(self) -> None:
        if not self.out.closed:
            self.out.flush()
