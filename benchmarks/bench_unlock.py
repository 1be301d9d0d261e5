"""How long unlocking takes, and what sealing costs a save and an open.

    python -m benchmarks.bench_unlock [SIZES...]      (default: 500 5000)

Unlocking is the passphrase's key derivation and the unwrapping of the data key
(the budget: 0.5 s on this machine).  Sealing is measured against its floor, the
same bytes written plainly: sealing the data file and a journal line, and opening
the data file again, taking turns with the plain operation so both see the same
machine.  (The store does not seal yet: these are the primitives' costs, the floor
against which the sealed store will be measured.)
"""

from __future__ import annotations

import os
import sys

from benchmarks.common import demo_data, machine, median_ms, timed
from coach.storage.sealing import DataKey, KdfParameters, unwrap, wrap

RUNS = 7


def bench_unlock(runs: int = RUNS) -> float:
    """Median milliseconds to open the key file with the passphrase."""
    key_file = wrap(DataKey.new(), "correct horse battery staple", KdfParameters())
    samples = [timed(lambda: unwrap(key_file, "correct horse battery staple")) for _ in range(runs)]
    return median_ms(samples)


def bench_sealing(size: int, runs: int = RUNS) -> dict[str, float]:
    """Median milliseconds: the data file sealed and opened, and a journal line sealed."""
    raw = (demo_data(size) / "coach.json").read_bytes()
    key = DataKey.new()
    sealed = key.seal(raw, "coach.json")
    line = b'{"op": "update", "table": "people", "id": "p1", "fields": {"role": "Lead"}}\n'
    figures: dict[str, list[float]] = {"copy": [], "seal": [], "open": [], "line": []}
    for _ in range(runs):
        figures["copy"].append(timed(lambda: bytes(bytearray(raw))))
        figures["seal"].append(timed(lambda: key.seal(raw, "coach.json")))
        figures["open"].append(timed(lambda: key.open(sealed, "coach.json")))
        figures["line"].append(timed(lambda: key.seal(line, "coach.journal")))
    return {name: median_ms(samples) for name, samples in figures.items()} | {
        "megabytes": len(raw) / 1e6
    }


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [500, 5000]
    print(f"{machine()}; load average {os.getloadavg()[0]:.2f}")
    print(f"unlock (scrypt N=2^16 r=8 p=1, unwrap): {bench_unlock():.0f} ms")
    for size in sizes:
        f = bench_sealing(size)
        print(
            f"{size:,} conversations ({f['megabytes']:.1f} MB): copy in memory {f['copy']:.1f} ms,"
            f" seal {f['seal']:.1f} ms, open {f['open']:.1f} ms, one journal line"
            f" {f['line'] * 1000:.0f} µs"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
