"""Exporting from the app: choose format, scope and private notes; never replace without asking."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, RadioSet

from coach.app import CoachApp
from coach.screens.dialogs.export import ExportDialog
from coach.screens.review.conversation_detail import ConversationDetailScreen
from coach.screens.review.conversations import ReviewScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.widgets.note import Note
from tests.support.review_data import seed
from tests.support.ui import make_app, opened, settle, shown, type_text


async def open_dialog(pilot: Pilot[None], conversation_id: str = "c-budget") -> ExportDialog:
    await opened(pilot)
    app = pilot.app
    assert isinstance(app, CoachApp) and app.workspace is not None
    app.push_screen(ConversationDetailScreen(app.workspace, conversation_id))
    await settle(pilot)
    await pilot.press("x")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_export_a_shared_record_of_one_conversation(
    data_dir: Path, private_directories: Path
) -> None:
    """The defaults: Markdown, this conversation, private left out, a file in the home folder."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot)
        path_field = dialog.query_one("#path", Input)
        assert path_field.value == "~/coach-zoe-angstrom-2026-11-13.md"
        path_field.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConversationDetailScreen)
    written = private_directories / "coach-zoe-angstrom-2026-11-13.md"
    text = written.read_text()
    assert text.startswith("# Zoë Ångström · Building trust")
    assert "headcount" not in text and "Send the budget draft" in text
    assert written.stat().st_mode & 0o777 == 0o600


async def test_private_notes_only_when_ticked(data_dir: Path, private_directories: Path) -> None:
    """Ticking the box includes the Safety and Transparency notes."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#private", Checkbox).focus()
        await pilot.press("space")
        await settle(pilot)
        assert dialog.query_one("#private", Checkbox).value
        await pilot.click("#export")
        await settle(pilot)
    text = (private_directories / "coach-zoe-angstrom-2026-11-13.md").read_text()
    assert "headcount freeze" in text and "(private)" in text


async def test_json_everything_from_the_dialog(data_dir: Path, private_directories: Path) -> None:
    """Choosing JSON hides the Markdown choices and exports everything."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot)
        assert pilot.app.focused is dialog.query_one("#format", RadioSet)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert not dialog.query_one("#scope").display
        assert not dialog.query_one("#private").display
        assert dialog.query_one("#path", Input).value == "~/coach-export-2026-11-20.json"
        await pilot.click("#export")
        await settle(pilot)
    document = json.loads((private_directories / "coach-export-2026-11-20.json").read_text())
    assert len(document["tables"]["conversations"]) == 3


async def test_an_existing_file_is_replaced_only_when_confirmed(
    data_dir: Path, private_directories: Path
) -> None:
    """Typing the name of a file that exists asks first; the file is kept until confirmed."""
    seed(data_dir)
    existing = private_directories / "notes.md"
    existing.write_text("keep me")
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot)
        field = dialog.query_one("#path", Input)
        field.value = ""
        field.focus()
        await type_text(pilot, "~/notes.md")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        assert "exists" in shown(dialog.query_one("#path-note", Note))
        assert str(dialog.query_one("#export", Button).label) == "Replace"
        assert existing.read_text() == "keep me"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ExportDialog)
    assert existing.read_text().startswith("# Zoë Ångström")


async def test_a_suggested_name_never_takes_an_existing_file(
    data_dir: Path, private_directories: Path
) -> None:
    """When the default name is taken, the next free one is offered."""
    seed(data_dir)
    (private_directories / "coach-zoe-angstrom-2026-11-13.md").write_text("earlier")
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#path", Input).value == "~/coach-zoe-angstrom-2026-11-13-2.md"


async def test_escape_cancels_and_a_missing_folder_is_explained(
    data_dir: Path, private_directories: Path
) -> None:
    """Nothing is written when cancelled, or when the folder does not exist."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot)
        field = dialog.query_one("#path", Input)
        field.value = str(private_directories / "no-such-folder" / "x.md")
        await pilot.click("#export")
        await settle(pilot)
        assert "There is no folder" in shown(dialog.query_one("#path-note", Note))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConversationDetailScreen)
    assert not list(private_directories.glob("*.md"))


async def test_export_from_the_person_and_review_screens(
    data_dir: Path, private_directories: Path
) -> None:
    """x on a person exports their conversations; the palette offers Review and Export."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        app = pilot.app
        assert isinstance(app, CoachApp) and app.workspace is not None
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Review conversations" in titles and "Export" in titles
        app.push_screen(PersonScreen(app.workspace, "p-sam"))
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#path", Input).value == "~/coach-sam-red-lee.md"
        await pilot.click("#export")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        app.push_screen(ReviewScreen(app.workspace))
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    text = (private_directories / "coach-sam-red-lee.md").read_text()
    assert text.startswith("# Conversations with Sam \\[red\\]Lee\\[/\\]")
