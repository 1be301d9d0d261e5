"""coach in a real terminal (tmux): typing fast on a busy machine, closing the window, idling.

These start the installed coach in a tmux window, type through tmux the way a
terminal delivers a typist's keys, and read back what was stored and what was
written to the terminal.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from coach.model import EntryKind
from coach.store.store import Store
from tests.screens.test_typing_ahead import busy_machine
from tests.support.terminal import Terminal, coach_command, private_env

LINES = [
    "alpha note",
    "! me: send the draft by fri",
    "beta line",
    '" we lost a big client in Q3',
    "= trial quiet Wednesdays",
    "~ worried about the budget",
    "? what would help most",
    "more time with the team",
]
HALF_TYPED = "my unfinished thou"


def held_with(data: Path, name: str) -> list[tuple[EntryKind, str]]:
    """The lines stored in the (one) conversation with `name`, and its draft last."""
    store = Store.open(data, read_only=True)
    try:
        person = store.people.named(name)
        assert person is not None, f"{name} was never stored"
        [conversation] = store.conversations.find(person_id=person.id)
        return [(e.kind, e.text) for e in conversation.entries] + [
            (EntryKind.NOTE, f"draft: {conversation.live_draft}")
        ]
    finally:
        store.close()


def test_fast_typing_on_a_busy_machine_survives_closing_the_terminal(tmp_path: Path) -> None:
    """5 ms a key, no pause after Enter, two CPU hogs beside it; then the window is closed."""
    data = tmp_path / "data"
    terminal = Terminal(tmp_path)
    terminal.start(*coach_command(data, "live", "Ana Test"), env=private_env(tmp_path / "home"))
    try:
        terminal.wait("What is the conversation for", 60)
        terminal.keys("Enter")  # the purpose offered first
        terminal.wait("Type a note", 60)
        with busy_machine(seconds=90):
            for line in LINES:
                terminal.type(line, per_key=0.005)
                terminal.keys("Enter")
            terminal.type(HALF_TYPED, per_key=0.005)
            terminal.wait(HALF_TYPED, 60)
            terminal.close()  # mid-line, as closing the window does
        time.sleep(0.5)
    finally:
        terminal.close()
    for _ in range(100):  # the app finishes its last save, then lets go of the data
        if not (data / "coach.lock").exists() or _unlocked(data):
            break
        time.sleep(0.1)
    assert held_with(data, "Ana Test") == [
        (EntryKind.NOTE, "alpha note"),
        (EntryKind.COMMITMENT, "send the draft"),
        (EntryKind.NOTE, "beta line"),
        (EntryKind.QUOTE, "we lost a big client in Q3"),
        (EntryKind.DECISION, "trial quiet Wednesdays"),
        (EntryKind.CONCERN, "worried about the budget"),
        (EntryKind.QUESTION, "what would help most"),
        (EntryKind.NOTE, "more time with the team"),
        (EntryKind.NOTE, f"draft: {HALF_TYPED}"),
    ]


def _unlocked(data: Path) -> bool:
    """Whether no coach holds the data any more."""
    from coach.errors import DataInUseError

    try:
        Store.open(data).close()
    except DataInUseError:
        return False
    return True


def _bytes_while_idle(terminal: Terminal, into: Path, seconds: float) -> int:
    into.write_bytes(b"")
    terminal.record(into)
    time.sleep(seconds)
    terminal.stop_recording()
    return into.stat().st_size


def test_the_idle_dashboard_writes_nothing_to_the_terminal(tmp_path: Path) -> None:
    """Once it has settled (its notifications gone), the dashboard sends not one byte."""
    data = tmp_path / "data"
    from coach.cli import main

    assert main(["--data-dir", str(data), "demo", "--people", "6", "--conversations", "60"]) == 0
    terminal = Terminal(tmp_path)
    terminal.start(*coach_command(data), env=private_env(tmp_path / "home"))
    try:
        terminal.wait("Dashboard", 60)
        time.sleep(11)  # the "due now" notification lasts 10 s
        terminal.wait_still()  # and on a loaded machine it may take a while to go
        assert _bytes_while_idle(terminal, tmp_path / "written", 5) == 0
        terminal.wait("Dashboard", 1)
    finally:
        terminal.close()


def _seconds_to_next_change(started: datetime) -> float:
    """Seconds until live capture's clock next changes (the time or the minutes since start)."""
    moment = datetime.now().astimezone()
    to_minute = 60 - moment.second - moment.microsecond / 1e6
    elapsed = (moment - started).total_seconds()
    return min(to_minute, 60 - elapsed % 60)


def test_idle_live_capture_writes_nothing_to_the_terminal(tmp_path: Path) -> None:
    """Between the clock's once-a-minute changes, live capture sends not one byte."""
    data = tmp_path / "data"
    terminal = Terminal(tmp_path)
    terminal.start(*coach_command(data, "live", "Ana Test"), env=private_env(tmp_path / "home"))
    try:
        terminal.wait("What is the conversation for", 60)
        terminal.keys("Enter")
        terminal.wait("Type a note", 60)
        terminal.type("a first note")
        terminal.keys("Enter")
        terminal.wait("a first note", 30)
        terminal.wait_gone("saving…", 60)
        terminal.wait_still()
        store = Store.open(data, read_only=True)
        [conversation] = store.conversations.find()
        store.close()
        assert conversation.started is not None
        # Measure between two changes of the clock, which are the only ones due, well
        # after the last one: on a loaded machine a change may be drawn a little late.
        while not 6.5 <= _seconds_to_next_change(conversation.started) <= 50:
            time.sleep(0.5)
        assert _bytes_while_idle(terminal, tmp_path / "written", 5) == 0
    finally:
        terminal.close()
