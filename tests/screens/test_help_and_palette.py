"""Help on F1, the command palette's own commands, and keys shown in the footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from coach.model import Commitment, CommitmentStatus, Owner, Person
from coach.screens.dashboard import DashboardScreen
from coach.screens.help import HelpScreen
from coach.screens.new_conversation import NewConversationScreen
from coach.screens.review.conversations import ReviewScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.store.store import Store
from tests.support.ui import in_palette, make_app, opened, rows, screen_text, settle


def test_the_help_is_drawn_whole() -> None:
    """Every heading, table row and list item of help.md is in the help, styled, not raw."""
    from coach.guidance.library import help_text
    from coach.screens.help_text import help_content

    source = help_text()
    drawn = help_content(source).plain
    for line in source.splitlines():
        if line.startswith("#"):
            assert line.lstrip("# ") in drawn
        elif line.startswith("| ") and "---" not in line:
            first = line.split("|")[1].strip().replace("**", "").replace("`", "")
            assert first in drawn, line
    assert "**" not in drawn and "|" not in drawn.replace("ctrl+s / ctrl+r", "")
    assert "1. Objectives" in drawn.replace("**", "")


async def test_f1_shows_help_and_escape_closes_it(data_dir: Path) -> None:
    """F1 opens the help over any screen; escape or F1 returns to where you were."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "The five steps" in shown
        assert "**" not in shown and "| ---" not in shown  # drawn, not raw Markdown
        await pilot.press("f1")  # F1 again closes it
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("n", "f1")  # also over a form, with a text field focused
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NewConversationScreen)


async def test_the_palette_offers_coach_commands(data_dir: Path) -> None:
    """ctrl+p, type 'new', Enter: the new conversation form opens."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles[:4] == ["New conversation", "Live capture", "Dashboard", "Help"]
        assert "Search conversations" in titles and "Export" in titles
        await in_palette(pilot, "new conv", "New conversation")
        assert isinstance(app.screen, NewConversationScreen)


async def test_every_screen_shows_quit_and_help_in_the_footer(data_dir: Path) -> None:
    """The keys a screen offers are in its footer, ctrl+q and F1 among them."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        for screen_key in ("dashboard", "new"):
            if screen_key == "new":
                await pilot.press("n")
                await settle(pilot)
            shown = {
                key for key, binding in app.screen.active_bindings.items() if binding.binding.show
            }
            assert {"ctrl+q", "f1"} <= shown, screen_key
        assert "escape" in shown and "ctrl+s" in shown


async def test_question_mark_shows_help_unless_typing(data_dir: Path) -> None:
    """? opens help on the dashboard; in a text field it is just a character."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "n")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, NewConversationScreen)
        assert app.screen.query_one("#name", Input).value == "?"


async def seeded(directory: Path) -> None:
    store = Store.open(directory)
    person = Person("Priya [b]Kapoor[/b]")
    conversation = store.conversations.start(person, "building-trust", None, new_person=True)
    store.commitments.add(Commitment("Send the rota", Owner.ME, person.id, conversation.id))
    store.close()


async def test_the_palette_goes_to_a_person(data_dir: Path) -> None:
    """Typing a name in the palette offers 'Person: …'; Enter opens their timeline."""
    await seeded(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await in_palette(pilot, "person priya", "Person: Priya")
        assert isinstance(app.screen, PersonScreen)


async def test_the_palette_marks_a_commitment_done(data_dir: Path) -> None:
    """'Done: …' in the palette marks that commitment done and the dashboard shows it."""
    await seeded(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        await in_palette(pilot, "done rota", "Send the rota")
        assert isinstance(app.screen, DashboardScreen)
        assert rows(dashboard.query_one("#commitments")) == []
    store = Store.open(data_dir, read_only=True)
    assert [c.status for c in store.commitments.find()] == [CommitmentStatus.DONE]


async def test_the_palette_opens_search(data_dir: Path) -> None:
    """'Search conversations' opens the review screen."""
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await in_palette(pilot, "search conv", "Search conversations")
        assert isinstance(app.screen, ReviewScreen)


@pytest.mark.parametrize(
    ("query", "command", "expected"),
    [
        ("new conv", "New conversation", "NewConversationScreen"),
        ("live capture", "Live capture", "LiveStartScreen"),
        ("help", "Help", "HelpScreen"),
        ("review conv", "Review conversations", "ReviewScreen"),
        ("export", "Export", "ExportDialog"),
        ("theme", "Theme", "CommandPalette"),  # Textual's theme picker, in the palette itself
    ],
)
async def test_each_palette_command_opens_its_screen(
    data_dir: Path, query: str, command: str, expected: str
) -> None:
    """Every coach command in the palette does what it says."""
    await seeded(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await in_palette(pilot, query, command)
        assert type(app.screen).__name__ == expected


async def test_the_palette_goes_back_to_the_dashboard(data_dir: Path) -> None:
    """'Dashboard' from a step saves and returns to the dashboard."""
    await seeded(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        dashboard.query_one("#conversations").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, DashboardScreen)
        await in_palette(pilot, "dashboard", "Dashboard")
        assert isinstance(app.screen, DashboardScreen)


def test_the_palette_finds_people_and_commitments_by_their_words() -> None:
    """Each word typed is found in one word of the entry: "theme" no longer lists every
    commitment whose letters happen to spell it across several words."""
    from coach.screens.palette import _within_words

    done = "Done: Share the budget figures once approved · Chloe Sato"
    assert not _within_words("theme", done)
    assert _within_words("done budget", done)
    assert _within_words("done chloe", done)
    assert _within_words("prya", "Person: Priya Kapoor")
    assert not _within_words("person theme", "Person: Priya Kapoor")
