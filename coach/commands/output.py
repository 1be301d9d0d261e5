"""What a command prints: every line through the one safe-terminal-text rule.

A command's messages echo names, ids, table names and paths from files and the
data; whatever they hold, a line printed here cannot drive or garble the terminal,
nor fail to encode (which, after the data changed, would make a script believe the
command failed).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from coach.storage import layout
from coach.user_text import terminal_safe


def say(text: str, *, to_errors: bool = False) -> None:
    """Print a line of a command's output (or, `to_errors`, of its messages) safely."""
    stream = sys.stderr if to_errors else sys.stdout
    stream.write(terminal_safe(text, getattr(stream, "encoding", None)) + "\n")


def forgiving_streams() -> None:
    """Make stdout and stderr write what they cannot encode as escapes, never raise.

    Everything coach prints goes through `say` already; this is for what does not
    (argparse's messages, a table written whole), so no output can abort a command.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def note_if_no_data(directory: Path) -> bool:
    """Say on stderr that `directory` holds no coach data (a misspelt --data-dir, most
    often), so an empty answer is not taken for "nothing to do"; whether it said so."""
    if (directory / layout.DATA_NAME).exists() or (directory / layout.JOURNAL_NAME).exists():
        return False
    say(f"coach: no coach data in {directory}", to_errors=True)
    return True
