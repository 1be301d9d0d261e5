"""The dashboard: what is open, overdue first; mark done and undo; resume a conversation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach.model import Commitment, CommitmentStatus, ConversationStatus, Owner, Person
from coach.screens.dashboard import DashboardScreen
from coach.screens.steps.follow_through import FollowThroughScreen
from coach.screens.steps.objectives import ObjectivesScreen
from coach.screens.widgets.list_table import ListTable
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import make_app, opened, rows, settle

MARKUP = "[bold]Read[/] the [@click=app.quit]contract[/]"


def seed(directory: Path) -> None:
    """Two people, a held and a preparing conversation, commitments due at various times."""
    store = Store.open(directory)
    alex = Person("Alex Kim")
    sam = Person("Sam [red]Lee[/]")
    held = store.conversations.start(
        alex, "building-trust", TODAY - timedelta(days=7), new_person=True
    )
    store.conversations.set_details(held.id, status=ConversationStatus.HELD)
    store.conversations.start(sam, "navigating-change", TODAY + timedelta(days=3), new_person=True)
    for text, owner, person, due in [
        ("Book the course", Owner.ME, alex, TODAY + timedelta(days=10)),
        ("Send the draft", Owner.ME, alex, TODAY - timedelta(days=2)),
        (MARKUP, Owner.THEM, sam, TODAY),
        ("Someday", Owner.BOTH, alex, None),
    ]:
        store.commitments.add(Commitment(text, owner, person.id, held.id, due=due))
    store.close()


async def test_an_empty_dashboard_says_what_to_do_first(data_dir: Path) -> None:
    """A new user sees a welcome telling them to press n, and no empty tables."""
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        assert dashboard.has_class("-empty")
        assert dashboard.query_one("#welcome").display
        assert not dashboard.query_one("#commitments-section").display or dashboard.has_class(
            "-empty"
        )
        assert pilot.app.focused is None


async def test_open_commitments_overdue_first_with_owner_person_and_due(data_dir: Path) -> None:
    """Overdue first, then by due date, undated last; user text shown literally."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        dashboard = await opened(pilot)
        assert rows(dashboard.query_one("#commitments", ListTable)) == [
            ["2 days late", "me", "Alex Kim", "Send the draft"],
            ["today", "them", "Sam [red]Lee[/]", MARKUP],
            ["Mon 30 Nov", "me", "Alex Kim", "Book the course"],
            ["no date", "both", "Alex Kim", "Someday"],
        ]
        title = dashboard.query_one("#commitments-title")
        assert "4 (1 overdue)" in str(title.render())
        assert rows(dashboard.query_one("#conversations", ListTable)) == [
            ["Mon 23 Nov", "Sam [red]Lee[/]", "Navigating change", "preparing"],
            ["Fri 13 Nov", "Alex Kim", "Building trust", "held"],
        ]
        assert "1 in preparation" in str(dashboard.query_one("#conversations-title").render())


async def test_mark_done_then_undo(data_dir: Path) -> None:
    """d marks the highlighted commitment done (stored, dated today); u reopens it."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        assert pilot.app.focused is dashboard.query_one("#commitments")
        await pilot.press("d")
        await settle(pilot)
        assert [row[3] for row in rows(dashboard.query_one("#commitments", ListTable))] == [
            MARKUP,
            "Book the course",
            "Someday",
        ]
        store = dashboard.workspace.store
        done = [c for c in store.commitments.find() if c.status is CommitmentStatus.DONE]
        assert [(c.text, c.done_on) for c in done] == [("Send the draft", TODAY)]
        await pilot.press("u")
        await settle(pilot)
        assert len(rows(dashboard.query_one("#commitments", ListTable))) == 4
        assert all(c.status is CommitmentStatus.OPEN for c in store.commitments.find())


async def test_mark_done_is_not_offered_away_from_commitments(data_dir: Path) -> None:
    """The footer only offers 'Mark done' on the commitments table."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        assert "d" in dashboard.active_bindings
        assert dashboard.check_action("mark_done", ()) is True
        dashboard.query_one("#conversations").focus()
        await settle(pilot)
        assert dashboard.check_action("mark_done", ()) is False
        assert dashboard.check_action("undo", ()) is False


async def test_enter_resumes_a_conversation_in_preparation(data_dir: Path) -> None:
    """Enter on a conversation in preparation opens its first step."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        dashboard.query_one("#conversations").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObjectivesScreen)
        assert pilot.app.screen.title == "Sam [red]Lee[/]"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)


async def test_enter_on_a_commitment_opens_its_follow_through(data_dir: Path) -> None:
    """Enter on a commitment shows the conversation it came from, at Follow-through."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, FollowThroughScreen)
        assert screen.title == "Alex Kim"
        texts = [row[2] for row in rows(screen.query_one("#commitments", ListTable))]
        assert "Send the draft" in texts
