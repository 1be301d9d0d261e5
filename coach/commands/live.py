"""`coach live [PERSON]`: open the app straight on live capture for a meeting."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.launch import open_app
from coach.user_text import collapse

NAME = "live"
HELP = "capture notes and commitments during a meeting with PERSON"
DESCRIPTION = (
    "Open live capture: on PERSON's conversation in preparation, or a new one with them "
    "(asking only for its purpose). Without PERSON, choose who the meeting is with."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """An optional person's name."""
    parser.add_argument(
        "person",
        nargs="?",
        default="",
        metavar="PERSON",
        help="their name, as in coach (a new name adds them)",
    )


def run(args: argparse.Namespace, directory: Path) -> int:
    """Open the app on capture."""
    return open_app(directory, live_with=collapse(args.person))
