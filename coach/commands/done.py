"""`coach done REF`: a commitment kept, today."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands import changing

NAME = "done"
HELP = "mark a commitment kept"
DESCRIPTION = "Mark an open commitment kept, today (`coach undo` opens it again)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """REF."""
    parser.add_argument("ref", metavar="REF", help=changing.REF_HELP)
    changing.add_common(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Mark it done, here or through the open app."""
    from coach.relay.protocol import Action, Change

    change = Change(Action.DONE, changing.today_of(args).isoformat(), ref=args.ref)
    return changing.show(changing.deliver(directory, change), as_json=args.json)
