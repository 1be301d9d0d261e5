"""The process tests/storage/test_conversion_kill.py kills: one `coach encrypt` or `coach
decrypt` of the data in DIR, whichever it is not, with writes cut short.

Run as `python tests/support/convert_child.py DIR`.  It says "converting" just before
it starts and "converted" once done, so the parent can kill it in between; every
os.write takes at most a few bytes, so that a kill can land inside any file.
Kept free of pytest and Textual so that it starts quickly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from coach.storage import conversion, unlocking
from coach.storage.sealing import KdfParameters

PASSPHRASE = "correct horse battery staple"  # as tests/support/sealed.py
CHEAP = KdfParameters(n=2**10, r=8, p=1)
SHORT_WRITE = 512

_real_write = os.write


def write_briefly(fd: int, data: bytes) -> int:
    """os.write, taking at most SHORT_WRITE bytes at a time."""
    return _real_write(fd, bytes(memoryview(data)[:SHORT_WRITE]))


def main(directory: Path) -> None:
    """Convert to the other form, saying when it starts and ends."""
    if unlocking.is_encrypted(directory):
        unlocking.unlock(directory, PASSPHRASE)
    os.write = write_briefly  # type: ignore[assignment]
    print("converting", flush=True)
    if unlocking.is_encrypted(directory):
        conversion.decrypt(directory)
    else:
        conversion.encrypt(directory, PASSPHRASE, CHEAP)
    print("converted", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
