"""A shell command's side of the relay: send one change, wait for what became of it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from coach.relay.protocol import (
    LIMIT,
    Answer,
    BadMessage,
    Change,
    decode_answer,
    encode,
    socket_path,
)

# Long enough for a write on a slow, busy disk; a coach that takes longer is stuck.
PATIENCE = 30.0


class NoAnswer(OSError):
    """The open coach took the request but gave no answer (it was closing, or stuck)."""


def send(directory: Path, change: Change, *, patience: float = PATIENCE) -> Answer | None:
    """The open coach's answer to `change`, or None when no coach listens for `directory`.

    Raises NoAnswer when the coach took the request and answered nothing: the
    change may or may not have been made, so the caller asks again (a change is
    safe to repeat: an added commitment carries its id).
    """
    path = socket_path(directory)
    if not hasattr(socket, "AF_UNIX"):  # pragma: no cover - Windows
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(patience)
        try:
            sock.connect(os.fspath(path))
        except (FileNotFoundError, ConnectionRefusedError):
            return None
        try:
            sock.sendall(encode(change))
            line = _read_line(sock)
        except OSError as error:  # a timeout too
            raise NoAnswer(str(error)) from error
    if not line:
        raise NoAnswer("the connection closed without an answer")
    try:
        return decode_answer(line)
    except BadMessage as error:
        raise NoAnswer(f"the answer was not understood ({error})") from None


def _read_line(sock: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= LIMIT:
        chunk = sock.recv(4096)
        if not chunk:
            return b""  # closed before the line ended: no answer
        chunks.append(chunk)
        size += len(chunk)
        if chunk.endswith(b"\n"):
            return b"".join(chunks)
    return b"".join(chunks)
