"""Looking is not changing: opening, scrolling and leaving writes nothing at all."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from coach.screens.review.conversation_detail import ConversationDetailScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.steps.step import StepScreen
from tests.support.review_data import seed
from tests.support.ui import make_app, opened, settle, shown


def contents(directory: Path) -> dict[str, bytes]:
    """Every data file's bytes (the lock says who holds the data, not what it is)."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != "coach.lock"
    }


async def test_opening_every_step_and_leaving_writes_nothing(data_dir: Path) -> None:
    """Enter on a conversation, walk its five steps, scroll, escape: the files are unchanged."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        before = contents(data_dir)
        await pilot.press("tab", "enter")  # the conversations table, its first row
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StepScreen)
        for _ in range(4):
            assert shown(screen.query_one("#save-state", Static)) == ""
            await pilot.press("pagedown", "ctrl+n")
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, StepScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert contents(data_dir) == before


async def test_a_change_shows_saved(data_dir: Path) -> None:
    """'✓ saved' appears once something typed is durable, not before."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StepScreen)
        await pilot.press("x")
        await screen.autosave.settle()
        await settle(pilot)
        assert shown(screen.query_one("#save-state", Static)) == "✓ saved"


async def test_the_detail_and_the_person_page_write_nothing(data_dir: Path) -> None:
    """Reading a conversation and a person's page, scrolling, leaving: nothing written."""
    seeded = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        before = contents(data_dir)
        pilot.app.push_screen(ConversationDetailScreen(dashboard.workspace, seeded.budget.id))
        await settle(pilot)
        await pilot.press("pagedown", "end", "escape")
        await settle(pilot)
        pilot.app.push_screen(PersonScreen(dashboard.workspace, seeded.zoe.id))
        await settle(pilot)
        await pilot.press("pagedown", "down", "end", "escape")
        await settle(pilot)
        assert contents(data_dir) == before
