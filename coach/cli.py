"""The `coach` command: opens the app, or runs a sub-command without it.

Textual is imported only when the app is opened, so sub-commands and --version
start as fast as Python does.  Errors go to stderr as one plain sentence with a
non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from coach import __version__
from coach.errors import CoachError
from coach.locations import DATA_DIR_VARIABLE, data_dir

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The command line: global options and every sub-command."""
    parser = argparse.ArgumentParser(
        prog="coach",
        description=(
            "Prepare, hold and follow through on alliance conversations. "
            "Run without a command to open the app."
        ),
        epilog=f"Data lives in the platform's data directory unless --data-dir or "
        f"${DATA_DIR_VARIABLE} says otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"keep the data in DIR (default: ${DATA_DIR_VARIABLE}, or the platform's place)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="fill an empty data directory with sample data to try coach",
        description="Fill an empty data directory with a realistic, repeatable sample.",
    )
    demo.add_argument("--people", type=_positive, default=12, metavar="N", help="(default 12)")
    demo.add_argument("--conversations", type=_count, default=60, metavar="N", help="(default 60)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="(default 1)")
    demo.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    return parser


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run coach with these arguments; returns the exit code."""
    args = build_parser().parse_args(argv)
    directory = data_dir(args.data_dir)
    try:
        if args.command == "demo":
            return _demo(directory, args)
        return _open_app(directory)
    except CoachError as error:
        print(f"coach: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _demo(directory: Path, args: argparse.Namespace) -> int:
    from coach import demo
    from coach.store import Store

    store = Store.open(directory)
    try:
        demo.fill(store, args.people, args.conversations, args.seed, args.today or date.today())
        counts = store.counts()
    finally:
        store.close()
    print(
        f"Added {counts['people']} people, {counts['conversations']} conversations and "
        f"{counts['commitments']} commitments to {directory}."
    )
    return EXIT_OK


def _open_app(directory: Path) -> int:
    from coach.app import CoachApp

    app = CoachApp(directory)
    app.run()
    return app.return_code or EXIT_OK
