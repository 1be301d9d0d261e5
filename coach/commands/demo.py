"""`coach demo`: fill an empty data directory with a realistic, repeatable sample."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from coach.commands.arguments import add_today, count, positive
from coach.commands.output import say
from coach.storage import layout

NAME = "demo"
HELP = "fill an empty data directory with sample data to try coach"
DESCRIPTION = "Fill an empty data directory with a realistic, repeatable sample."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--people, --conversations, --years, --seed (and a hidden --today for tests)."""
    parser.add_argument("--people", type=positive, default=12, metavar="N", help="(default 12)")
    parser.add_argument("--conversations", type=count, default=60, metavar="N", help="(default 60)")
    parser.add_argument(
        "--years",
        type=positive,
        default=2,
        metavar="N",
        help="of history to spread them over (default 2)",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="(default 1)")
    add_today(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Fill the store and say what was added (and, in a terminal, how far it has got)."""
    from coach.demo import sample as demo
    from coach.store.store import Store

    store = Store.open(directory)
    shown = _progress(args.conversations) if sys.stderr.isatty() else None
    # Making a large sample allocates millions of objects and none in cycles: the
    # collector would only walk them over and over (a third of the time at 100,000).
    gc.disable()
    try:
        demo.fill(
            store,
            args.people,
            args.conversations,
            args.seed,
            args.today or date.today(),
            years=args.years,
            progress=shown,
        )
        counts = store.counts()
    finally:
        gc.enable()
        if shown is not None:
            sys.stderr.write("\r\x1b[K")  # the progress line goes; the summary follows
            sys.stderr.flush()
        store.close()
    say(
        f"Added {counts[layout.PEOPLE]} people, {counts[layout.CONVERSATIONS]} conversations and "
        f"{counts[layout.COMMITMENTS]} commitments to {directory}."
    )
    return 0


def _progress(total: int) -> Callable[[int], None]:
    """A progress line on standard error, written over itself as the sample grows."""

    def show(made: int) -> None:
        line = f"Making conversations: {made:,} of {total:,} ({made * 100 // max(total, 1)}%)"
        if made == total:
            line = f"Saving {total:,} conversations…"
        sys.stderr.write(f"\r\x1b[K{line}")
        sys.stderr.flush()

    return show
