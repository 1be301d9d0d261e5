"""When the data cannot simply be opened: in use, damaged, or from a newer coach."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.app import App
from textual.widgets import Button, TextArea

from coach.model import Commitment, Owner, Person
from coach.screens.problem import DataProblemScreen
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import make_app, opened, rows, screen_text, settle, shown


def make_data_with_backup(directory: Path) -> None:
    """Data that has been opened twice, so a backup exists."""
    store = Store.open(directory)
    store.conversations.start(Person("Alex Kim"), "building-trust", TODAY, new_person=True)
    store.close()
    Store.open(directory).close()  # opening takes the backup
    assert list((directory / "backups").glob("coach-*.json"))


async def wait_for_problem(pilot) -> DataProblemScreen:  # type: ignore[no-untyped-def]
    for _ in range(50):
        await settle(pilot)
        if isinstance(pilot.app.screen, DataProblemScreen):
            return pilot.app.screen
    raise AssertionError(f"no problem screen: {pilot.app.screen!r}")


def text_of(screen: DataProblemScreen) -> str:
    return (
        shown(screen.query_one("#problem-heading"))
        + "\n"
        + shown(screen.query_one("#problem-explanation"))
    )


async def test_a_second_coach_opens_read_only(data_dir: Path) -> None:
    """With the data in use, coach names the other process and offers read-only."""
    make_data_with_backup(data_dir)
    holder = Store.open(data_dir)
    try:
        app = make_app(data_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            problem = await wait_for_problem(pilot)
            assert f"process {os.getpid()}" in text_of(problem)
            await pilot.click("#choice-read-only")
            dashboard = await opened(pilot)
            assert dashboard.sub_title == "read-only"
            assert rows(dashboard.query_one("#conversations"))[0][1] == "Alex Kim"
            await pilot.press("enter")
            await settle(pilot)
            field = app.screen.query_one("#field-outcomes", TextArea)
            assert field.read_only
            assert dashboard.check_action("new_conversation", ()) is False
    finally:
        holder.close()


async def test_a_damaged_file_is_kept_and_the_backup_restored(data_dir: Path) -> None:
    """A damaged file is never overwritten: restore keeps it aside and brings the data back."""
    make_data_with_backup(data_dir)
    damaged = b'{"coach": {"format": "coach-data", "schema_version": 1}, "tables": {"peo'
    (data_dir / "coach.json").write_bytes(damaged)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        problem = await wait_for_problem(pilot)
        assert "cannot be read" in text_of(problem)
        assert "(1 person, 1 conversation)" in text_of(problem)
        assert (data_dir / "coach.json").read_bytes() == damaged
        await pilot.click("#choice-restore")
        dashboard = await opened(pilot)
        assert rows(dashboard.query_one("#conversations"))[0][1] == "Alex Kim"
    kept = list(data_dir.glob("coach.json.damaged-*"))
    assert [path.read_bytes() for path in kept] == [damaged]


async def test_a_lost_data_file_is_not_opened_as_new_but_restored(data_dir: Path) -> None:
    """No data file, but backups and a file a restore kept: coach says so and restores."""
    make_data_with_backup(data_dir)
    (data_dir / "coach.json").rename(data_dir / "coach.json.before-restore-20261201-090000")
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        problem = await wait_for_problem(pilot)
        assert "restore may have been cut short" in text_of(problem)
        assert "coach.json.before-restore-20261201-090000" in text_of(problem)
        # Missing, not damaged: "cannot be read … It has not been changed" says nothing true.
        assert "is missing" in text_of(problem) and "cannot be read" not in text_of(problem)
        assert "has not been changed" not in text_of(problem)
        await pilot.click("#choice-restore")
        dashboard = await opened(pilot)
        assert rows(dashboard.query_one("#conversations"))[0][1] == "Alex Kim"


async def test_a_damaged_file_without_backup_can_be_set_aside(data_dir: Path) -> None:
    """With no backup, coach offers to start afresh, keeping the damaged file."""
    data_dir.mkdir()
    (data_dir / "coach.json").write_bytes(b"\x00\x00garbage")
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        problem = await wait_for_problem(pilot)
        assert "There is no backup" in text_of(problem)
        assert not problem.query("#choice-restore")
        await pilot.click("#choice-afresh")
        dashboard = await opened(pilot)
        assert dashboard.has_class("-empty")
    assert [p.read_bytes() for p in data_dir.glob("coach.json.damaged-*")] == [b"\x00\x00garbage"]


async def test_a_newer_file_is_refused_untouched(data_dir: Path) -> None:
    """Data from a newer coach: explained, only Quit offered, the file unchanged."""
    data_dir.mkdir()
    newer = json.dumps(
        {"coach": {"format": "coach-data", "schema_version": 99, "encoding": "json"}, "tables": {}}
    ).encode()
    (data_dir / "coach.json").write_bytes(newer)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        problem = await wait_for_problem(pilot)
        assert "newer coach" in text_of(problem)
        assert [button.id for button in problem.query(Button)] == ["choice-quit"]
        await pilot.press("escape")
        await settle(pilot)
    assert app.return_code == 0
    assert (data_dir / "coach.json").read_bytes() == newer
    assert sorted(p.name for p in data_dir.iterdir()) == ["coach.json", "coach.lock"]


async def test_quitting_from_the_dashboard_releases_the_data(data_dir: Path) -> None:
    """After quitting, another coach can open the data for writing."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+q")
    store = Store.open(data_dir)  # raises DataInUseError if the app still held the lock
    assert store.read_only is False
    store.close()


async def test_read_only_is_visibly_read_only(data_dir: Path) -> None:
    """Enter takes the read-only choice; no key offered changes data; the header says so."""
    make_data_with_backup(data_dir)
    store = Store.open(data_dir)
    store.conversations.start(Person("Zoë"), "building-trust", TODAY, new_person=True)
    conversation = store.conversations.find()[0]
    store.commitments.add(
        Commitment("Send the roster", Owner.ME, conversation.person_id, conversation.id, due=TODAY)
    )
    store.close()
    holder = Store.open(data_dir)
    try:
        app = make_app(data_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            problem = await wait_for_problem(pilot)
            assert app.focused is problem.query_one("#choice-read-only")
            await pilot.press("enter")
            dashboard = await opened(pilot)
            assert "read-only" in header_text(app)
            footer = screen_text(app).splitlines()[-1]
            for offered in ("d Done", "n New", "l Live"):
                assert offered not in footer
            await pilot.press("d")
            await settle(pilot)
            assert "Not saved" not in screen_text(app)
            assert rows(dashboard.query_one("#commitments"))[0][3] == "Send the roster"
            await pilot.press("tab", "enter")  # a conversation
            await settle(pilot)
            assert "read-only" in header_text(app)
            text = screen_text(app)
            assert "saved" not in text
            assert "^l" not in text.splitlines()[-1]
    finally:
        holder.close()


def header_text(app: App[None]) -> str:
    """The first line on screen: the header."""
    return screen_text(app).splitlines()[0]


async def test_every_way_forward_shows_at_80_columns(data_dir: Path) -> None:
    """Restore, start afresh and quit: all three buttons on the screen, none cut off."""
    make_data_with_backup(data_dir)
    (data_dir / "coach.json").write_bytes(b"{damaged")
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_problem(pilot)
        shown_text = screen_text(app)
        for label in ("Restore the backup of", "Start afresh (keep the file aside)", "Quit"):
            button_lines = [line for line in shown_text.splitlines() if label in line]
            assert button_lines, f"{label!r} is not on the screen:\n{shown_text}"
        for button in app.screen.query(Button):
            assert button.region.right <= 80, f"{button.label} runs off the screen"
