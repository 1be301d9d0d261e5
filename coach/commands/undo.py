"""`coach undo REF`: a commitment marked done or dropped, open again."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands import changing

NAME = "undo"
HELP = "open again a commitment marked done or dropped"
DESCRIPTION = (
    "Open again a commitment that was marked done or dropped (by mistake, or it was not "
    "kept after all)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """REF."""
    parser.add_argument("ref", metavar="REF", help=changing.REF_HELP)
    changing.add_common(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Open it again, here or through the open app."""
    from coach.relay.protocol import Action, Change

    change = Change(Action.UNDO, changing.today_of(args).isoformat(), ref=args.ref)
    return changing.show(changing.deliver(directory, change), as_json=args.json)
