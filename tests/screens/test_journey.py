"""The whole journey: prepare a conversation through five steps, quit, reopen, find it all."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input, Select, TextArea

from coach.screens.dashboard import DashboardScreen
from coach.screens.new_conversation import NewConversationScreen
from coach.screens.steps.follow_through import FollowThroughScreen
from coach.screens.steps.objectives import ObjectivesScreen
from coach.screens.steps.step import StepScreen
from coach.screens.widgets.list_table import ListTable
from coach.screens.widgets.questions import QuestionsPanel
from tests.support.ui import make_app, opened, options, rows, settle, shown, type_text

NOTES = {
    "objectives": "Understand what Alex wants from next year",
    "safety": "Walk by the river, 45 minutes",
    "transparency": "I want to support a move into leading",
    "mutual_benefit": "More ownership of the roadmap",
    "follow_through": "Agreed: plan by Friday, budget on Monday",
}


async def test_prepare_all_five_steps_then_find_everything_after_a_restart(data_dir: Path) -> None:
    """A person and a conversation made by keyboard alone survive quitting and reopening."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        assert dashboard.has_class("-empty")
        assert "Press n to prepare your first conversation" in shown(
            dashboard.query_one("#welcome")
        )

        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewConversationScreen)
        await type_text(pilot, "Alex Kim")
        await pilot.press("tab")
        await type_text(pilot, "Product designer")
        await pilot.press("tab", "enter", "down", "enter")  # relationship: direct report
        await pilot.press("tab", "enter", "down", "down", "enter")  # purpose: building trust
        assert form.query_one("#relationship", Select).value == "direct report"
        assert form.query_one("#purpose", Select).value == "building-trust"
        await pilot.press("tab")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await settle(pilot)

        objectives = app.screen
        assert isinstance(objectives, ObjectivesScreen)
        assert objectives.title == "Alex Kim"
        assert "Building trust" in (objectives.sub_title or "")
        assert "Fri 27 Nov" in (objectives.sub_title or "")
        await type_text(pilot, NOTES["objectives"])
        await pilot.press("ctrl+o", "enter")  # the first suggestion joins the plan
        await settle(pilot)
        plan = options(objectives.query_one(QuestionsPanel).query_one("#plan"))
        assert plan == ["1. What is important for you in your work?"]

        for step in ("safety", "transparency", "mutual_benefit"):
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert isinstance(app.screen, StepScreen) and app.screen.STEP.key == step
            await type_text(pilot, NOTES[step])

        await pilot.press("ctrl+n")
        await settle(pilot)
        follow = app.screen
        assert isinstance(follow, FollowThroughScreen)
        await type_text(pilot, "Send the draft development plan")
        await pilot.press("tab", "tab")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "Check the budget")
        await pilot.press("tab", "enter", "down", "enter")  # owner: them
        await pilot.press("tab")
        await type_text(pilot, "+3d")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(follow.query_one("#commitments", ListTable)) == [
            ["them", "Mon 23 Nov", "Check the budget"],
            ["me", "Fri 27 Nov", "Send the draft development plan"],
        ]
        follow.query_one("#next-checkin", Input).focus()
        await type_text(pilot, "+2w")
        follow.query_one("#field-summary", TextArea).focus()
        await type_text(pilot, NOTES["follow_through"])
        await pilot.press("ctrl+q")  # quitting mid-step saves what was typed
        await settle(pilot)

    reopened = make_app(data_dir)
    async with reopened.run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        assert not dashboard.has_class("-empty")
        assert rows(dashboard.query_one("#commitments", ListTable)) == [
            ["Mon 23 Nov", "them", "Alex Kim", "Check the budget"],
            ["Fri 27 Nov", "me", "Alex Kim", "Send the draft development plan"],
        ]
        assert rows(dashboard.query_one("#conversations", ListTable)) == [
            ["Fri 27 Nov", "Alex Kim", "Building trust", "preparing"]
        ]
        dashboard.query_one("#conversations", ListTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        for step in ("objectives", "safety", "transparency", "mutual_benefit", "follow_through"):
            screen = app_screen = reopened.screen
            assert isinstance(screen, StepScreen) and screen.STEP.key == step
            first_field = next(iter(screen.query(".note-field").results(TextArea)))
            assert first_field.text == NOTES[step], step
            if step != "follow_through":
                await pilot.press("ctrl+n")
                await settle(pilot)
        assert isinstance(app_screen, FollowThroughScreen)
        assert app_screen.query_one("#next-checkin", Input).value == "2026-12-04"
        assert app_screen.query_one("#confirmed", Checkbox).value is False
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(reopened.screen, DashboardScreen)
