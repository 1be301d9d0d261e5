"""`coach demo` says how far it has got while it runs in a terminal, and nothing in a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coach.demo import sample as demo
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.processes import data

DEMO = ["--people", "5", "--conversations", "2000", "--today", "2026-11-20"]


def test_fill_tells_how_many_conversations_are_made(store: Store) -> None:
    """Every thousand conversations, and once when all are made (before they are saved)."""
    told: list[int] = []
    demo.fill(store, people=5, conversations=2500, seed=1, today=TODAY, progress=told.append)
    assert told == [1000, 2000, 2500]
    assert len(store.conversations) == 2500


def test_a_terminal_sees_the_progress_then_the_summary(tmp_path: Path) -> None:
    """Standard error a terminal: the progress line is written over itself, then cleared."""
    leader, follower = os.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "coach", "--data-dir", str(tmp_path / "d"), "demo", *DEMO],
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child has closed its end
            break
        if not chunk:
            break
        shown += chunk
    out, _ = child.communicate(timeout=60)
    os.close(leader)
    assert child.returncode == 0
    assert b"\rMaking conversations: 1,000 of 2,000 (50%)" in shown.replace(b"\x1b[K", b"")
    assert b"Saving 2,000 conversations" in shown
    assert shown.endswith(b"\r\x1b[K")  # nothing of it left on the line
    assert "Added 5 people, 2000 conversations" in out


def test_a_pipe_gets_no_progress(tmp_path: Path) -> None:
    """From a script: the summary alone, nothing on standard error."""
    result = data(tmp_path / "d", "demo", "--people", "3", "--conversations", "1500")
    assert result.returncode == 0
    assert result.stderr == ""
    assert "Added 3 people, 1500 conversations" in result.stdout
