"""Killing coach (SIGKILL) right after Enter loses nothing that was entered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from coach.model import EntryKind
from coach.store.store import Store

CHILD = Path(__file__).parents[1] / "support" / "live_kill_child.py"


def test_a_line_entered_survives_sigkill(data_dir: Path) -> None:
    """The process dies by SIGKILL as soon as the line shows; the next start finds it."""
    result = subprocess.run(
        [sys.executable, str(CHILD), str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "shown as saved" in result.stdout
    store = Store.open(data_dir)  # the killed writer's lock does not block this
    try:
        (conversation,) = store.conversations.find()
        assert [(e.kind, e.text) for e in conversation.entries] == [
            (EntryKind.NOTE, "noted just before the crash")
        ]
        assert conversation.started is not None
    finally:
        store.close()
