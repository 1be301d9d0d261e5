"""Argument types shared by the sub-commands: each refuses bad values with a clear reason."""

from __future__ import annotations

import argparse
from datetime import date


def count(text: str) -> int:
    """A whole number, zero or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return value


def positive(text: str) -> int:
    """A whole number, one or more."""
    value = count(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_today(parser: argparse.ArgumentParser) -> None:
    """The hidden --today (a day like 2026-11-20) with which the tests fix the date."""
    parser.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
