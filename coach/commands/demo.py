"""`coach demo`: fill an empty data directory with a realistic, repeatable sample."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coach.commands.arguments import add_today, count, positive
from coach.commands.output import say
from coach.storage import layout

NAME = "demo"
HELP = "fill an empty data directory with sample data to try coach"
DESCRIPTION = "Fill an empty data directory with a realistic, repeatable sample."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--people, --conversations, --seed (and a hidden --today for tests)."""
    parser.add_argument("--people", type=positive, default=12, metavar="N", help="(default 12)")
    parser.add_argument("--conversations", type=count, default=60, metavar="N", help="(default 60)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="(default 1)")
    add_today(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Fill the store and say what was added."""
    from coach.demo import sample as demo
    from coach.store.store import Store

    store = Store.open(directory)
    try:
        demo.fill(store, args.people, args.conversations, args.seed, args.today or date.today())
        counts = store.counts()
    finally:
        store.close()
    say(
        f"Added {counts[layout.PEOPLE]} people, {counts[layout.CONVERSATIONS]} conversations and "
        f"{counts[layout.COMMITMENTS]} commitments to {directory}."
    )
    return 0
