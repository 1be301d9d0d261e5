"""Typing ahead: keys that arrive faster than the app handles them are all kept, in place.

A terminal hands a fast typist's keys (or keys typed on a busy laptop) to the app
in bursts.  These tests send every key at once, with no pause at all, and check
what was stored: each line once, as typed, as the right kind, in order; each
field's text in that field; a restored draft continued, not replaced.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import TextArea

from coach.meeting.syntax import parse_line
from coach.model import Commitment, Conversation, EntryKind, Owner, Person
from coach.screens.live.capture import LiveScreen
from coach.screens.steps.step import StepScreen
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import burst, make_app, opened, settle, typed, wait_until, workspace_of

LINES = 200


def every_kind_of_line(count: int) -> list[str]:
    """`count` lines of every kind live capture knows, in a repeatable mix."""
    kinds = [
        lambda n: f"note {n} about the rota",
        lambda n: f'" quote {n}, in their words',
        lambda n: f"= decision {n}",
        lambda n: f"~ concern {n}",
        lambda n: f"? question {n}, what would help?",
        lambda n: f"answer {n} to that",
        lambda n: f"! me: send item {n} by fri",
        lambda n: f"! them: check figure {n} +3d",
        lambda n: f"! both: agree plan {n}",
    ]
    return [kinds[n % len(kinds)](n) for n in range(count)]


def preparing(directory: Path) -> str:
    """Ana, with a conversation in preparation."""
    store = Store.open(directory)
    talk = store.conversations.start(
        Person("Ana Test"), "building-trust", TODAY + timedelta(days=1), new_person=True
    )
    store.close()
    return talk.id


def stored(directory: Path, conversation_id: str) -> Conversation:
    store = Store.open(directory, read_only=True)
    try:
        conversation = store.conversations.get(conversation_id)
        assert conversation is not None
        return conversation
    finally:
        store.close()


@contextmanager
def busy_machine(processes: int = 2, seconds: int = 120) -> Iterator[None]:
    """CPU-bound processes beside the test, like a video call; each stops by itself."""
    spin = f"import time\nend = time.time() + {seconds}\nwhile time.time() < end: pass"
    children = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(processes)]
    try:
        yield
    finally:
        for child in children:
            child.kill()
            child.wait()


def expected_entries(lines: list[str], today: date) -> list[tuple[EntryKind, str, str | None]]:
    """(kind, text, its question) for each line, as capture reads them: a question line's
    own question; the one line after it (a commitment aside) answers it."""
    found: list[tuple[EntryKind, str, str | None]] = []
    answering: str | None = None
    for line in lines:
        meaning = parse_line(line, today)
        if meaning.kind is EntryKind.QUESTION:
            answering = meaning.text
            found.append((meaning.kind, meaning.text, meaning.text))
        elif meaning.kind is EntryKind.COMMITMENT:
            found.append((meaning.kind, meaning.text, None))
        else:
            found.append((meaning.kind, meaning.text, answering))
            answering = None
    return found


async def capture_burst(directory: Path, lines: list[str]) -> list[Commitment]:
    """Open live capture on Ana's conversation and send `lines` as one burst of keys."""
    conversation_id = preparing(directory)
    app = make_app(directory)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        workspace = workspace_of(pilot)
        await pilot.app.push_screen(LiveScreen(workspace, conversation_id))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LiveScreen)
        burst(pilot, *typed("\n".join(lines)))
        await wait_until(
            pilot,
            lambda: len(screen.conversation.entries) >= len(lines) and workspace.writer.idle,
            f"{len(lines)} lines to be stored",
            progress=lambda: (len(screen.conversation.entries), app.key_order.waiting),
        )
        await settle(pilot)
    conversation = stored(directory, conversation_id)
    questions = {q.id: q.text for q in conversation.questions}
    assert [
        (e.kind, e.text, questions.get(e.question_id or "")) for e in conversation.entries
    ] == expected_entries(lines, TODAY)
    store = Store.open(directory, read_only=True)
    made = {c.id: c for c in store.commitments.find(conversation_id=conversation_id)}
    store.close()
    promised = [e for e in conversation.entries if e.kind is EntryKind.COMMITMENT]
    assert len(made) == len(promised) == sum(line.startswith("!") for line in lines)
    for entry, line in zip(promised, [line for line in lines if line.startswith("!")], strict=True):
        meaning = parse_line(line, TODAY)
        commitment = made[entry.commitment_id or ""]
        assert (commitment.owner, commitment.text, commitment.due) == (
            meaning.owner,
            meaning.text,
            meaning.due,
        )
    return list(made.values())


async def test_two_hundred_lines_typed_ahead_are_each_stored_once(data_dir: Path) -> None:
    """Every kind of line, Enter straight after each, no pause anywhere: all kept, in order."""
    made = await capture_burst(data_dir, every_kind_of_line(LINES))
    assert {c.owner for c in made} == {Owner.ME, Owner.THEM, Owner.BOTH}


async def test_lines_typed_ahead_on_a_busy_machine(data_dir: Path) -> None:
    """The same with two CPU-bound processes running beside the app."""
    with busy_machine():
        await capture_burst(data_dir, every_kind_of_line(LINES // 2))


async def test_tab_typing_in_a_step_keeps_each_text_in_its_field(data_dir: Path) -> None:
    """Type, Tab, type, shift+tab, type - all at once: every field holds exactly its own text."""
    conversation_id = preparing(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        await opened(pilot)
        workspace = workspace_of(pilot)
        from coach.screens.steps.flow import step_screen

        await pilot.app.push_screen(step_screen("transparency", workspace, conversation_id))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StepScreen)
        fields = [f.key for f in screen.STEP.fields]
        assert len(fields) >= 3
        burst(
            pilot,
            *"We are not a one-off contract",
            "tab",
            *"Our own Q1 forecast",
            "tab",
            *"The budget is late",
            "shift+tab",
            *", in draft",
            "shift+tab",
            *", truly",
        )
        await wait_until(
            pilot,
            lambda: screen.query_one(f"#field-{fields[0]}", TextArea).text.endswith("truly"),
            "the last keys to arrive",
        )
        await settle(pilot)
        shown = {key: screen.query_one(f"#field-{key}", TextArea).text for key in fields[:3]}
        assert shown == {
            fields[0]: "We are not a one-off contract, truly",
            fields[1]: "Our own Q1 forecast, in draft",
            fields[2]: "The budget is late",
        }
        await pilot.press("escape")
        await settle(pilot)
    notes = stored(data_dir, conversation_id).notes["transparency"]
    assert {key: notes[key] for key in fields[:3]} == shown


async def test_a_reopened_step_continues_its_text(data_dir: Path) -> None:
    """The cursor starts at the end of what is there: typing adds to it."""
    conversation_id = preparing(data_dir)
    store = Store.open(data_dir)
    store.conversations.set_notes(
        conversation_id, "objectives", {"outcomes": "Understand her goals"}
    )
    store.close()
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        await opened(pilot)
        workspace = workspace_of(pilot)
        from coach.screens.steps.flow import step_screen

        await pilot.app.push_screen(step_screen("objectives", workspace, conversation_id))
        await settle(pilot)
        burst(pilot, *" for 2027")
        field = pilot.app.screen.query_one("#field-outcomes", TextArea)
        await wait_until(pilot, lambda: field.text.endswith("2027"), "the keys to arrive")
        assert field.text == "Understand her goals for 2027"


async def test_a_restored_draft_is_continued_by_typing(data_dir: Path) -> None:
    """A half-typed line kept from last time: typing finishes it, Enter stores it whole."""
    conversation_id = preparing(data_dir)
    store = Store.open(data_dir)
    from coach.meeting import capture as meeting

    meeting.save_draft(store, conversation_id, "my unfinished thou")
    store.close()
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        workspace = workspace_of(pilot)
        await pilot.app.push_screen(LiveScreen(workspace, conversation_id))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LiveScreen)
        burst(pilot, *"ght", "enter", *"next", "enter")
        await wait_until(
            pilot,
            lambda: len(screen.conversation.entries) >= 2 and workspace.writer.idle,
            "two lines to be stored",
        )
    assert [e.text for e in stored(data_dir, conversation_id).entries] == [
        "my unfinished thought",
        "next",
    ]


@pytest.mark.parametrize("lines", [2, 8])
async def test_a_few_fast_lines(data_dir: Path, lines: int) -> None:
    """The lines first seen merged in a real terminal: 'alpha note' Enter 'beta line' Enter."""
    words = ["alpha note", "! me: send the draft by fri", "beta line", "= gamma"]
    await capture_burst(data_dir, [f"{words[n % 4]} {n}" for n in range(lines)])
