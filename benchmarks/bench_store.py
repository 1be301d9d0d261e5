"""How fast the store opens, saves one edit durably, and answers the dashboard's questions.

    python -m benchmarks.bench_store [SIZES...]      (default: 500 5000)

Each figure is the median of several runs.  "stock TinyDB" is the same edit made
through TinyDB's own JSONStorage on a copy of the same data (no fsync at all), for
comparison: coach's save flushes to disk and still has to beat it.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from benchmarks.common import TODAY, demo_data, machine, median_ms, timed
from coach import nudges
from coach.model import CommitmentStatus, ConversationStatus
from coach.store import Store

RUNS = 15


def bench(conversations: int) -> dict[str, float]:
    """All figures for one data size, in milliseconds."""
    source = demo_data(conversations)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "data"
        shutil.copytree(source, directory)
        figures["file MB"] = (directory / "coach.json").stat().st_size / 1e6
        opens = []
        for _ in range(5):
            opens.append(timed(lambda: Store.open(directory, read_only=True)))
        figures["open (read-only)"] = median_ms(opens)

        store = Store.open(directory)
        target = store.conversations(status=ConversationStatus.PREPARING)[0]
        saves = [
            timed(partial(store.set_notes, target.id, "safety", {"setting": f"Room {n}"}))
            for n in range(RUNS)
        ]
        figures["durable save of one edit"] = median_ms(saves)
        figures["dashboard queries"] = median_ms(
            [timed(lambda: dashboard(store)) for _ in range(5)]
        )
        figures["dashboard strip (ledger, nudges, follow-through)"] = median_ms(
            [timed(lambda: nudges.overview(store, TODAY)) for _ in range(5)]
        )
        figures["close (compaction)"] = timed(store.close) * 1000

        stock_dir = Path(scratch) / "stock"
        stock_dir.mkdir()
        stock_file = stock_dir / "db.json"
        tables = json.loads((directory / "coach.json").read_bytes())["tables"]
        # Stock TinyDB numbers its documents; renumber, remembering the edited one.
        numbered = {
            name: {str(number): doc for number, doc in enumerate(table.values(), start=1)}
            for name, table in tables.items()
        }
        target_number = list(tables["conversations"]).index(target.id) + 1
        stock_file.write_text(json.dumps(numbered))
        stock = TinyDB(stock_file, storage=JSONStorage)
        conversations_table = stock.table("conversations")
        stock_saves = []
        for n in range(RUNS):

            def update(n: int = n) -> None:
                notes = {"safety": {"setting": f"Room {n}"}}
                conversations_table.update({"notes": notes}, doc_ids=[target_number])

            stock_saves.append(timed(update))
        stock.close()
        figures["stock TinyDB, same edit"] = median_ms(stock_saves)
    return figures


def dashboard(store: Store) -> None:
    """What the dashboard reads when it opens."""
    store.people()
    store.commitments(status=CommitmentStatus.OPEN)
    store.conversations(status=ConversationStatus.PREPARING)
    store.recent_conversations(12)


def main(sizes: list[int]) -> None:
    """Print a Markdown table of the figures for each size."""
    results = {size: bench(size) for size in sizes}
    print(f"Machine: {machine()}; demo data as of {TODAY}.\n")
    names = list(next(iter(results.values())))
    print("| figure | " + " | ".join(f"{size:,} conversations" for size in sizes) + " |")
    print("| --- |" + " --- |" * len(sizes))
    for name in names:
        unit = "" if name == "file MB" else " ms"
        cells = " | ".join(f"{results[size][name]:.1f}{unit}" for size in sizes)
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [500, 5000])
