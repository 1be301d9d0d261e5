"""How fast the store opens, saves one edit durably, and answers the dashboard's questions.

    python -m benchmarks.bench_store [SIZES...]      (default: 500 5000)

Each figure is the median of several runs.  "stock TinyDB" is the same edit made
through TinyDB's own JSONStorage on a copy of the same data (no fsync at all), for
comparison: coach's save flushes to disk and still has to beat it.  The two take
turns, edit by edit, so both see the same machine.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from benchmarks.common import TODAY, demo_data, machine, median_ms, timed
from coach.memory import nudges
from coach.model import CommitmentStatus, ConversationStatus
from coach.storage.durable import DurableStorage
from coach.store.store import Store

RUNS = 15
STOCK_UP_TO = 20000  # beyond this one save through stock TinyDB takes seconds: not timed


def stock_copy(directory: Path, scratch: Path, conversation_id: str) -> tuple[TinyDB, int]:
    """Stock TinyDB on the same tables; returns it and the edited conversation's number."""
    stock_dir = scratch / "stock"
    stock_dir.mkdir()
    tables = json.loads((directory / "coach.json").read_bytes())["tables"]
    # Stock TinyDB numbers its documents; renumber, remembering the edited one.
    numbered = {
        name: {str(number): doc for number, doc in enumerate(table.values(), start=1)}
        for name, table in tables.items()
    }
    (stock_dir / "db.json").write_text(json.dumps(numbered))
    number = list(tables["conversations"]).index(conversation_id) + 1
    return TinyDB(stock_dir / "db.json", storage=JSONStorage), number


def bench(conversations: int, runs: int = RUNS) -> dict[str, float]:
    """All figures for one data size, in milliseconds (the file's size in MB)."""
    source = demo_data(conversations)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "data"
        shutil.copytree(source, directory)
        os.sync()  # the copy on disk, not written back during the timings
        figures["file MB"] = (directory / "coach.json").stat().st_size / 1e6
        opens = [timed(lambda: Store.open(directory, read_only=True)) for _ in range(5)]
        figures["open (read-only)"] = median_ms(opens)

        store = Store.open(directory)
        target = store.conversations.find(status=ConversationStatus.PREPARING)[0]
        stock = None
        if conversations <= STOCK_UP_TO:
            stock, number = stock_copy(directory, Path(scratch), target.id)
        saves, stock_saves = [], []
        for run in range(runs):
            note = {"setting": f"Room {run}"}
            saves.append(timed(partial(store.conversations.set_notes, target.id, "safety", note)))
            if stock is not None:
                stock_saves.append(
                    timed(
                        partial(
                            stock.table("conversations").update,
                            {"notes": {"safety": note}},
                            doc_ids=[number],
                        )
                    )
                )
        figures["durable save of one edit"] = median_ms(saves)
        if stock is not None:
            stock.close()
            figures["stock TinyDB, same edit"] = median_ms(stock_saves)
        figures["dashboard queries"] = median_ms(
            [timed(lambda: dashboard(store)) for _ in range(5)]
        )
        figures["dashboard strip (ledger, nudges, follow-through)"] = median_ms(
            [timed(lambda: nudges.overview(store, TODAY)) for _ in range(5)]
        )
        figures["close (compaction)"] = timed(store.close) * 1000
        # The rare full rewrite, once the journal has outgrown the data file (on the writer's
        # thread, never on quitting): timed on its own.
        again = Store.open(directory, back_up=False)
        storage = again._storage
        assert isinstance(storage, DurableStorage)
        figures["fold (journal outgrown)"] = timed(storage.compact) * 1000
        again.close()
    return figures


def dashboard(store: Store) -> None:
    """What the dashboard reads when it opens."""
    store.people.all()
    store.commitments.find(status=CommitmentStatus.OPEN)
    store.conversations.find(status=ConversationStatus.PREPARING)
    store.conversations.recent(12)


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
