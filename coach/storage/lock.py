"""One writer per data directory, using an OS lock the kernel releases on death.

The lock file records who holds it so that a second coach can say which process
to look for.  Because the lock itself is a kernel lock (flock on POSIX, a byte
lock on Windows) a coach killed with SIGKILL never leaves a lock that blocks.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from coach.errors import DataInUseError, LockHolder
from coach.storage.files import open_private, write_all
from coach.storage.layout import LOCK_NAME

if sys.platform != "win32":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


class WriterLock:
    """The exclusive right to write the data in one directory."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise DataInUseError naming the holder."""
        fd = open_private(self.path, os.O_RDWR | os.O_CREAT)
        if not _try_lock(fd):
            holder = _read_holder(fd)
            os.close(fd)
            raise DataInUseError(self.path.parent, holder)
        self._fd = fd
        me = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        # Who holds the lock is only a courtesy for the next coach's message; the
        # kernel lock is what counts, so a full disk here must not stop coach.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            write_all(fd, json.dumps(me).encode())

    def release(self) -> None:
        """Give the lock up; the file stays, emptied, for the next writer."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
            _unlock(self._fd)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        """Whether this process holds the lock."""
        return self._fd is not None


def _read_holder(fd: int) -> LockHolder:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
        info = json.loads(raw.decode() or "{}")
        pid = info.get("pid")
        return LockHolder(
            pid=pid if isinstance(pid, int) else None,
            host=str(info.get("host", "")),
            since=str(info.get("since", "")),
        )
    except (OSError, ValueError):
        return LockHolder(pid=None, host="", since="")
