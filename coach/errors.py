"""Errors a person may see: each message says what happened and what to do."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotations: every start of coach imports this module
    import tomllib


class CoachError(Exception):
    """Base of every error coach reports to the user instead of a traceback."""


class InvalidInput(CoachError):
    """Something typed cannot be accepted; nothing was changed."""


class StoreError(CoachError):
    """The data could not be read or written."""


class ReadOnlyError(StoreError):
    """A write was attempted while the data is open read-only."""

    def __init__(self) -> None:
        super().__init__(
            "coach is open read-only (another coach has the data), so this was not saved."
        )


@dataclass
class LockHolder:
    """Who holds the data: enough to tell the user which process to look for."""

    pid: int | None
    host: str
    since: str


class DataInUseError(StoreError):
    """Another coach process is writing to the same data directory."""

    def __init__(self, directory: Path, holder: LockHolder) -> None:
        self.directory = directory
        self.holder = holder
        who = f"process {holder.pid}" if holder.pid else "another process"
        where = f" on {holder.host}" if holder.host else ""
        since = f" since {holder.since}" if holder.since else ""
        super().__init__(f"The data in {directory} is in use by coach ({who}{where}{since}).")


class CorruptDataError(StoreError):
    """The data file cannot be understood; it has been left exactly as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"The data file {path} cannot be read: {reason}. It has not been changed.")


class MissingDataError(CorruptDataError):
    """The data file is gone though coach had written one (a copy kept aside, backups)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        # Nothing to "not change": say what is missing and where the data is.
        self.args = (f"The data file {path} is missing: {reason}. Nothing else has been changed.",)


class NewerVersionError(StoreError):
    """The data file was written by a newer coach; it has been left untouched."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"The data file {path} was written by a newer version of coach: {reason}. "
            "Upgrade coach to open it. The file has not been changed."
        )


def reason_for(error: OSError) -> str:
    """An OS error in words a person can act on."""
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EFBIG:
        return "the file grew larger than allowed (the disk or a quota is full)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied ({error.filename or 'data directory'})"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    return error.strerror or str(error)


def toml_line(error: tomllib.TOMLDecodeError) -> int | None:
    """The line a TOML error points at."""
    found = re.search(r"line (\d+)", str(error))
    return int(found.group(1)) if found else None


def toml_reason(error: tomllib.TOMLDecodeError) -> str:
    """A TOML error's message without its position (said separately)."""
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error)) or "it is not valid TOML"


class Stopped(Exception):
    """A long reading was asked to stop (the screen that wanted it closed, coach quit)."""
