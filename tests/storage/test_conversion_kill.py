"""SIGKILL during `coach encrypt` and `coach decrypt`: the data always opens afterwards,
either as it was or fully converted, every record there, never a mix of the two forms.

A child (tests/support/convert_child.py) converts the data to the other form, its
writes cut short; it kills itself (SIGKILL) at a random write of the conversion, or
finishes.
After each kill the data must open (with the passphrase if its data file is sealed)
holding exactly the records it began with; and once a coach has opened it as its
writer (which tidies what a cut-short conversion left), every file in the directory
must be of one form. COACH_CONVERT_KILLS sets how many kills (100 by default).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

from coach.demo import sample
from coach.storage import unlocking
from coach.storage.layout import KEY_NAME, LOCK_NAME
from coach.storage.loading import read_tables
from coach.store.store import Store
from tests.support.sealed import PASSPHRASE, starts_sealed

KILLS = int(os.environ.get("COACH_CONVERT_KILLS", "100"))
SEED = int(os.environ.get("COACH_CONVERT_SEED", "20261201"))
CHILD = Path(__file__).parents[1] / "support" / "convert_child.py"
# A conversion of the data below takes about 1,700 writes: most kills land inside one.
MOST_WRITES = 2000


def convert_and_kill(directory: Path, rng: random.Random) -> bool:
    """Convert, the child killing itself at a random write of the conversion (counted in
    writes, not seconds: the same on a busy machine); whether it finished first."""
    child = subprocess.run(
        [sys.executable, str(CHILD), str(directory), str(rng.randint(1, MOST_WRITES))],
        capture_output=True,
        timeout=120,
        check=False,
    )
    finished = b"converted" in child.stdout
    assert child.returncode == -signal.SIGKILL or (finished and child.returncode == 0), (
        child.stderr.decode(errors="replace")
    )
    return finished


def forms_of(path: Path) -> set[bool]:
    """Whether the file is sealed ({True}, {False}; nothing for the lock and the key file)."""
    if path.name in (LOCK_NAME, KEY_NAME):
        return set()
    return {starts_sealed(path.read_bytes())}


def test_a_conversion_killed_at_any_moment_leaves_the_data_whole(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    store = Store.open(directory)
    sample.fill(store, people=5, conversations=150, seed=7, today=date.today(), years=4)
    store.close()
    Store.open(directory).close()  # a backup, to be carried over or removed
    records = read_tables(directory)
    rng = random.Random(SEED)
    finished = killed_sealed = killed_plain = 0
    for kill in range(1, KILLS + 1):
        context = f"kill {kill} (COACH_CONVERT_SEED={SEED})"
        finished += convert_and_kill(directory, rng)
        unlocking.let_go(directory)
        sealed = unlocking.is_encrypted(directory)
        if sealed:
            unlocking.unlock(directory, PASSPHRASE)
        killed_sealed += sealed
        killed_plain += not sealed
        assert read_tables(directory) == records, f"{context}: the records changed"
        Store.open(directory, back_up=False).close()  # the writer tidies what was left
        odd = [p.name for p in directory.rglob("*") if p.is_file() and forms_of(p) - {sealed}]
        assert not odd, f"{context}: files of the other form after opening: {odd}"
        assert (directory / KEY_NAME).exists() == sealed, f"{context}: the key file"
    print(
        f"{KILLS} kills: {finished} conversions finished first; {killed_sealed} left it "
        f"encrypted, {killed_plain} plain"
    )
    assert finished < KILLS / 2, "the kills came too late to land inside the conversions"
    assert killed_sealed and killed_plain
