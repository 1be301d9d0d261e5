"""The open coach's ear for the shell: a private Unix socket served on the app's event loop.

asyncio's unix server waits in the event loop's selector, so it costs nothing while
no one calls (no timer, no thread).  Only the user who owns the data may talk to it:
the socket is made private (0600) in a folder of the user's own, and, where the
system says who is calling (Linux, the BSDs, macOS), a caller of another uid is
turned away before a byte is read.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import stat
import struct
from collections.abc import Awaitable, Callable
from pathlib import Path

from coach.relay.protocol import LIMIT, Answer, BadMessage, Change, Outcome, decode_change, encode
from coach.relay.protocol import socket_path as where
from coach.storage.files import PRIVATE_FILE, NotOwnFile, ensure_private_dir

Handler = Callable[[Change], Awaitable[Answer]]


class Listener:
    """A listening socket; `close()` stops taking changes and removes it."""

    def __init__(self, server: asyncio.AbstractServer, path: Path) -> None:
        self._server = server
        self.path = path

    async def close(self) -> None:
        """Stop listening (a change being made is finished first) and remove the socket."""
        self._server.close()
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.lstat(self.path).st_mode):
                self.path.unlink()


async def listen(directory: Path, handle: Handler) -> Listener:
    """Take changes for the data in `directory` (whose writer lock the caller holds).

    Raises OSError (NotOwnFile for something not a socket where it goes) when it
    cannot listen; the caller carries on without.
    """
    path = where(directory)
    if path.parent != directory.absolute():
        ensure_private_dir(path.parent)
    _remove_stale(path)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if not _same_user(writer.get_extra_info("socket")):
                return
            answer = await _answer(reader, handle)
            writer.write(encode(answer))
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the caller went away; what was done is done, and it asks again
        finally:
            writer.close()

    server = await asyncio.start_unix_server(serve, path=os.fspath(path), limit=LIMIT)
    os.chmod(path, PRIVATE_FILE)  # bind's mode follows the umask; this does not
    return Listener(server, path)


async def _answer(reader: asyncio.StreamReader, handle: Handler) -> Answer:
    try:
        line = await reader.readuntil(b"\n")
    except asyncio.LimitOverrunError:
        return Answer(Outcome.REFUSED, "The request was too long.")
    try:
        change = decode_change(line)
    except BadMessage as error:
        return Answer(Outcome.REFUSED, f"coach did not understand the request ({error}).")
    return await handle(change)


def _remove_stale(path: Path) -> None:
    """A socket left by a coach that died: the lock is ours now, so no one listens there."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(info.st_mode):
        raise NotOwnFile(path, "not a socket")
    path.unlink()


def _same_user(sock: socket.socket | None) -> bool:
    """Whether the caller is this user (True where the system cannot say: the socket's
    0600 mode in a private folder is then what keeps others out)."""
    if sock is None:
        return True
    peercred = getattr(socket, "SO_PEERCRED", None)
    if peercred is not None:  # Linux
        raw = sock.getsockopt(socket.SOL_SOCKET, peercred, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", raw)
        return bool(uid == os.getuid())
    if hasattr(os, "getpeereid"):  # pragma: no cover - the BSDs and macOS
        return bool(os.getpeereid(sock.fileno())[0] == os.getuid())
    return True  # pragma: no cover
