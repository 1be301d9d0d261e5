"""The process tests/storage/test_conversion_kill.py kills: one `coach encrypt` or `coach
decrypt` of the data in DIR, whichever it is not, with writes cut short.

Run as `python tests/support/convert_child.py DIR [K]`.  It says "converting" just
before it starts and "converted WRITES" once done; every os.write takes at most a few
hundred bytes, and with K the process kills itself (SIGKILL) at its K-th write, so
that a kill lands inside any file, at the same point whatever the machine's load.
Kept free of pytest and Textual so that it starts quickly.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from coach.storage import conversion, unlocking
from coach.storage.sealing import KdfParameters

PASSPHRASE = "correct horse battery staple"  # as tests/support/sealed.py
CHEAP = KdfParameters(n=2**10, r=8, p=1)
SHORT_WRITE = 512

_real_write = os.write
# How many writes so far, and the one to die at (0: none).
_count = {"writes": 0, "kill_at": 0}


def write_briefly(fd: int, data: bytes) -> int:
    """os.write, taking at most SHORT_WRITE bytes at a time (and dying at the K-th)."""
    _count["writes"] += 1
    if _count["writes"] == _count["kill_at"]:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_write(fd, bytes(memoryview(data)[:SHORT_WRITE]))


def main(directory: Path, kill_at: int) -> None:
    """Convert to the other form, saying when it starts and ends."""
    _count["kill_at"] = kill_at
    if unlocking.is_encrypted(directory):
        unlocking.unlock(directory, PASSPHRASE)
    os.write = write_briefly  # type: ignore[assignment]
    print("converting", flush=True)
    if unlocking.is_encrypted(directory):
        conversion.decrypt(directory)
    else:
        conversion.encrypt(directory, PASSPHRASE, CHEAP)
    print(f"converted {_count['writes']}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
