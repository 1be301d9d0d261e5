"""What a conversion cut short leaves of the old form, and removing it.

`coach encrypt` and `coach decrypt` (coach.storage.conversion) switch the data
from one form to the other in one rename; the files of the old form that go after
it (backups, the key file of plain data, copies a restore kept aside) are tidied
here, by the conversion itself and again by the next coach that opens the data as
its writer, if a kill came first.  A backup of the old form is removed only once
one of the new form exists, so there is always a whole backup.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from coach.storage import backups
from coach.storage.files import check_own_file, read_own_file, replace_atomically
from coach.storage.layout import DATA_NAME, JOURNAL_NAME, KEY_NAME
from coach.storage.sealing import DataKey, is_sealed
from coach.storage.unlocking import DATA_ROLE, held, is_encrypted, starts_sealed

KEPT_ROLE = "kept aside"  # a journal kept aside by a restore, sealed whole


def tidy(directory: Path, other_key: DataKey | None = None) -> tuple[list[str], list[str]]:
    """Remove what a conversion leaves of the old form, once the new form has a backup:
    backups of the other form, the key file of plain data, copies kept aside (sealed
    or opened to match).  Returns the backups removed and the copies converted."""
    sealed = is_encrypted(directory)
    found = backups.list_backups(directory)
    ours = [b for b in found if starts_sealed(b.path) == sealed]
    removed: list[str] = []
    if ours:
        for backup in found:
            if backup not in ours:
                with contextlib.suppress(OSError):
                    backup.path.unlink()
                    removed.append(backup.path.name)
    if not sealed and not any(starts_sealed(b.path) for b in backups.list_backups(directory)):
        with contextlib.suppress(FileNotFoundError):
            (directory / KEY_NAME).unlink()
    return removed, _convert_kept_aside(directory, sealed, other_key)


def _convert_kept_aside(directory: Path, sealed: bool, other_key: DataKey | None) -> list[str]:
    """Seal (or open) the copies of the data file and journal a restore kept aside."""
    key = held(directory)
    converted = []
    for path in sorted([*directory.glob(f"{DATA_NAME}.*"), *directory.glob(f"{JOURNAL_NAME}.*")]):
        if path.name.endswith(".tmp") or not check_own_file(path):
            continue
        if starts_sealed(path) == sealed:
            continue  # of the form already (read no further: it may be megabytes)
        raw = read_own_file(path) or b""
        role = DATA_ROLE if path.name.startswith(DATA_NAME) else KEPT_ROLE
        if sealed and key is not None and not is_sealed(raw):
            replace_atomically(path, key.seal(raw, role))
        elif not sealed and is_sealed(raw) and other_key is not None:
            replace_atomically(path, other_key.open(raw, role))
        else:
            continue
        converted.append(path.name)
    return converted
