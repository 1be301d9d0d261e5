"""The process tests/storage/test_restore_kill.py kills: restore after restore, said line by line.

Run as `python tests/support/restore_child.py DIR`.  It prints "ready", then restores
backups of DIR over and over, as `coach doctor --restore N` does (alternating the
two numbered backups) and as the app's problem screen does (the newest good one),
printing "restored N" after each.  Kept free of pytest and Textual so it starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coach.commands import doctor
from coach.storage import recovery

ROUNDS = 200  # far more than fit in the time before the kill


def main(directory: Path) -> None:
    """Restore again and again until killed."""
    print("ready", flush=True)
    for number in range(ROUNDS):
        if number % 3 == 2:
            recovery.recover(directory, "restore")  # the app's way
        else:
            doctor.restore(directory, "1" if number % 2 else "2")
        print(f"restored {number}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
