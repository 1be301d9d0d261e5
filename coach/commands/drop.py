"""`coach drop REF --reason TEXT`: let a commitment go, saying why."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands import changing

NAME = "drop"
HELP = "let a commitment go, saying why"
DESCRIPTION = (
    "Let an open commitment go, with the reason. It stays in the record: the ledger counts "
    "one dropped by its due date as renegotiated in time, later as broken (docs/reliability.md)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """REF and --reason."""
    parser.add_argument("ref", metavar="REF", help=changing.REF_HELP)
    parser.add_argument("--reason", metavar="TEXT", required=True, help="why it was dropped")
    changing.add_common(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Drop it, here or through the open app."""
    from coach.relay.protocol import Action, Change

    change = Change(
        Action.DROP, changing.today_of(args).isoformat(), ref=args.ref, reason=args.reason
    )
    return changing.show(changing.deliver(directory, change), as_json=args.json)
