"""Durable file primitives: private permissions, atomic replacement, fsync, and touching
only what coach owns.

In its data directory coach opens its own files only: a symbolic link, a FIFO or a
device where one of them should be is refused (NotOwnFile), never followed, read
from or chmodded.  Temporary files are made by tempfile: created exclusively, with
unpredictable names, beside their target.
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
TEMP_SUFFIX = ".tmp"
# Not on Windows, which has neither; there the lstat checks below stand alone.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NO_BLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once, to be refused
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: bytes as they are, where offsets count
# No file coach writes comes near this (a data file of 100,000 conversations is a few
# hundred MB); a larger one is not coach's, and reading it whole could take all the
# memory of the machine before it failed to parse.
MOST_BYTES = 2 << 30


class NotOwnFile(OSError):
    """Something other than coach's own file is where one should be: refused, untouched."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(
            errno.ELOOP if what == "a symbolic link" else errno.EINVAL,
            f"{path} is {what}; coach uses only its own files in its data directory and "
            "never follows a link there (move it away, or restore a backup)",
            str(path),
        )


class TooLarge(OSError):
    """A file larger than any coach writes where one of its own should be: not read."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.EINVAL,
            f"it is larger than coach ever writes ({MOST_BYTES >> 30} GB), so it is not "
            "coach's data",
            str(path),
        )


class FolderRefused(OSError):
    """An existing data or settings folder coach will not use (nor change): says why."""

    def __init__(self, path: Path, why: str) -> None:
        # No errno: it is coach that refuses, not the system (so not "permission denied").
        super().__init__(None, why, str(path))


def folder_refusal(path: Path) -> str | None:
    """Why an existing folder may not hold coach's data (None when it may).

    It must be a folder of the user's own that no other user can change: in a
    shared one (the temporary folder, 1777) another user could put a link or a file
    of theirs where coach's files go.  Followed if it is a link: the folder it leads
    to is the one that counts.
    """
    info = os.stat(path)
    if not stat.S_ISDIR(info.st_mode):
        return f"{path} is not a folder"
    if os.name != "posix":
        return None
    if info.st_uid != os.getuid():
        return (
            f"{path} belongs to another user (uid {info.st_uid}); coach keeps your data only "
            "in a folder of your own: name another with --data-dir (coach creates it)"
        )
    if info.st_mode & stat.S_IWOTH:
        return (
            f"{path} can be changed by every user (mode {stat.S_IMODE(info.st_mode):04o}), so "
            "another user could replace coach's files there; name a folder of your own with "
            f"--data-dir (coach creates it), or make this one yours alone: chmod 700 {path}"
        )
    return None


def ensure_user_dir(path: Path) -> None:
    """The data (or settings) folder: created 0700 if missing; one that exists is used as
    it is, never chmodded, and refused (FolderRefused) if it is not the user's own."""
    try:
        refused = folder_refusal(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # made by another coach meanwhile: check that one
            refused = folder_refusal(path)
        else:
            os.chmod(path, PRIVATE_DIR)  # coach made it: 0700 whatever the umask
            return
    if refused:
        raise FolderRefused(path, refused)


def ensure_private_dir(path: Path) -> None:
    """Create a folder of coach's own (backups/, settings) 0700 if missing.

    One that exists must be a real folder, not a link to another; coach made it,
    so it is made private again if it was opened up.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=PRIVATE_DIR)
        info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise NotOwnFile(path, "a symbolic link")
    if not stat.S_ISDIR(info.st_mode):
        raise NotOwnFile(path, "not a folder")
    if stat.S_IMODE(info.st_mode) != PRIVATE_DIR:
        os.chmod(path, PRIVATE_DIR)


def check_own_file(path: Path) -> bool:
    """Whether coach's file `path` exists; raises NotOwnFile if something else is there."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        raise NotOwnFile(path, "a symbolic link")
    if not stat.S_ISREG(info.st_mode):
        raise NotOwnFile(path, "not a regular file (a FIFO, a device or a folder)")
    return True


def read_own_file(path: Path) -> bytes | None:
    """The bytes of coach's file `path`, None if it does not exist.

    Raises NotOwnFile for a link, a FIFO or a device (which could hang, or never
    end), TooLarge past MOST_BYTES (checked before reading, and again while reading
    in case it grows), and OSError when it cannot be read.
    """
    with opened_own_file(path) as opened:
        return None if opened is None else opened.read_all()


class OwnFile:
    """coach's file, open for reading: whole, or in pieces (see `opened_own_file`)."""

    def __init__(self, path: Path, fd: int, size: int) -> None:
        self.path, self.fd, self.size = path, fd, size

    def read_all(self) -> bytes:
        """Every byte, from the start to the end (which may have moved since it opened)."""
        os.lseek(self.fd, 0, os.SEEK_SET)
        chunks = []
        total = 0
        while chunk := os.read(self.fd, max(self.size, 1 << 20)):
            total += len(chunk)
            if total > MOST_BYTES:
                raise TooLarge(self.path)
            chunks.append(chunk)
        return b"".join(chunks)

    def read(self, start: int, length: int) -> bytes:
        """`length` bytes from `start` (fewer at the end of the file)."""
        os.lseek(self.fd, start, os.SEEK_SET)
        chunks = []
        while length > 0 and (chunk := os.read(self.fd, length)):
            chunks.append(chunk)
            length -= len(chunk)
        return b"".join(chunks)


@contextlib.contextmanager
def opened_own_file(path: Path) -> Iterator[OwnFile | None]:
    """coach's file `path` open for reading, None if it does not exist; raises as
    `read_own_file` does, and closes it when the block ends."""
    if not check_own_file(path):
        yield None
        return
    try:
        fd = os.open(path, os.O_RDONLY | _BINARY | _NO_FOLLOW | _NO_BLOCK)
    except FileNotFoundError:
        yield None
        return
    except OSError as error:
        if error.errno == errno.ELOOP:  # made a link since the check
            raise NotOwnFile(path, "a symbolic link") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotOwnFile(path, "not a regular file (a FIFO, a device or a folder)")
        if info.st_size > MOST_BYTES:
            raise TooLarge(path)
        yield OwnFile(path, fd, info.st_size)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in this directory durable."""
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals renames itself.
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_private(path: Path, flags: int) -> int:
    """Open (creating if asked) coach's own file, so that only its owner can read or write it.

    A link there is refused (never followed), and so is anything but a regular file.
    """
    check_own_file(path)
    try:
        fd = os.open(path, flags | _NO_FOLLOW | _NO_BLOCK, PRIVATE_FILE)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotOwnFile(path, "a symbolic link") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotOwnFile(path, "not a regular file (a FIFO, a device or a folder)")
        # The mode given to os.open is filtered by the umask; fchmod is not.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_all(fd: int, data: bytes) -> None:
    """Write every byte: os.write may write fewer than asked."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def make_private(path: Path) -> None:
    """Make coach's own file 0600 (refusing a link rather than chmodding its target)."""
    os.close(open_private(path, os.O_RDONLY))


def replace_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file.

    The bytes go to a private, new temporary file in the same directory, are flushed to
    disk, renamed over the target, and the directory entry is flushed too.  If any
    step fails the target is untouched and the temporary file is removed.
    """
    replace_atomically_from(path, (data,))


def replace_atomically_from(
    path: Path, pieces: Iterable[bytes], *, unless_same_as: Path | None = None
) -> bool:
    """`replace_atomically`, the bytes written piece by piece as `pieces` yields them (a
    file larger than is worth holding in memory); with `unless_same_as`, nothing is put in
    place when the new file would hold exactly that file's bytes.  Whether it was."""
    # mkstemp creates the file exclusively (O_EXCL, never through a link planted in a
    # shared folder) under a name no one can predict, 0600 whatever the umask.
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    temp = Path(name)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, PRIVATE_FILE)
            for piece in pieces:
                write_all(fd, piece)
            os.fsync(fd)
        finally:
            os.close(fd)
        if unless_same_as is not None and _same_file(temp, unless_same_as):
            temp.unlink()
            return False
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    # The new file is in place and is what every reader now sees; if flushing the
    # directory entry fails, reporting "not saved" would make memory and disk
    # disagree, so the rename stands (only its survival of a power cut is less sure).
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)
    return True


def _same_file(one: Path, other: Path) -> bool:
    try:
        return filecmp.cmp(one, other, shallow=False) if check_own_file(other) else False
    except OSError:
        return False


def remove_stale_temp_files(directory: Path, name: str) -> None:
    """Remove temporary files a killed writer of `name` left behind."""
    for leftover in directory.glob(f".{name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
