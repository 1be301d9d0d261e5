"""Every screen reads well at 60x16 (the smallest coach uses), 80x24 and 200x60.

Each screen is opened once per size on the showcase data (plus a commitment due next
year and a person with a long name), and what the terminal shows is read back
(tests/support/reading.py): every label, button, placeholder, step name and table
cell that must show whole (dates, names, purposes) does; no notification covers a
field or a table; the footer ends where it should.  A failure lists each thing cut
or covered, by screen and widget, with what was shown instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, TextArea

from coach.app import CoachApp
from coach.demo import sample as demo
from coach.model import Commitment, CommitmentStatus, ConversationStatus, FactKind, Owner, Person
from coach.screens.dialogs.close_out import CloseOutDialog
from coach.screens.dialogs.drop import DropDialog
from coach.screens.dialogs.edit_commitment import EditCommitmentDialog
from coach.screens.dialogs.export import ExportDialog, Scope
from coach.screens.dialogs.fact import FactDialog
from coach.screens.dialogs.new_date import NewDateDialog
from coach.screens.help import HelpScreen
from coach.screens.live.capture import LiveScreen
from coach.screens.live.playback import PlaybackScreen
from coach.screens.live.start import LiveStartScreen
from coach.screens.new_conversation import NewConversationScreen
from coach.screens.review.conversation_detail import ConversationDetailScreen
from coach.screens.review.conversations import ReviewScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.steps.flow import step_screen
from coach.store.store import Store
from coach.workspace import Workspace
from tests.conftest import TODAY
from tests.support.reading import cut_phrases, lines, problems
from tests.support.ui import make_app, opened, settle, type_text, workspace_of

SIZES = [(60, 16), (80, 24), (200, 60)]
NEXT_YEAR = date(2027, 1, 15)  # shown as "Fri 15 Jan 2027": the longest date coach writes
LONG_NAME = "Zoë Ångström-Núñez"
# Someone with nothing in preparation: live capture asks what the meeting is for.
NOTHING_PREPARED = "Aleksandra Novak"


class Ids:
    """The records each screen is opened on."""

    def __init__(self, store: Store) -> None:
        preparing = store.conversations.find(status=ConversationStatus.PREPARING)[0]
        self.preparing = preparing.id
        self.person = preparing.person_id
        self.held = next(
            c.id
            for c in store.conversations.find(person_id=self.person)
            if c.status is not ConversationStatus.PREPARING
        )
        self.commitment = next(
            c for c in store.commitments.find(status=CommitmentStatus.OPEN) if c.due == NEXT_YEAR
        )


def fill(directory: Path) -> None:
    """The showcase, a commitment due next year from the held conversation, and a person
    with a long name and nothing in preparation."""
    store = Store.open(directory)
    sample = demo.SHOWCASE
    demo.fill(store, sample.people, sample.conversations, sample.seed, sample.today)
    preparing = store.conversations.find(status=ConversationStatus.PREPARING)[0]
    held = next(
        c
        for c in store.conversations.find(person_id=preparing.person_id)
        if c.status is not ConversationStatus.PREPARING
    )
    store.commitments.add(
        Commitment("Share the hiring plan", Owner.ME, held.person_id, held.id, due=NEXT_YEAR)
    )
    store.conversations.start(Person(LONG_NAME), "navigating-change", TODAY, new_person=True)
    held = store.conversations.start(
        Person(NOTHING_PREPARED), "building-trust", TODAY, new_person=True
    )
    store.conversations.set_details(held.id, status=ConversationStatus.HELD)
    store.close()


Open = Callable[[Workspace, Ids], Screen[Any]]
Then = Callable[[Pilot[None]], Awaitable[None]]


async def nothing(pilot: Pilot[None]) -> None:
    """Look at the screen as it opens."""


def pressing(*keys: str) -> Then:
    """Press keys, then look."""

    async def then(pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    return then


def notifying(message: str) -> Then:
    """Raise a notification as the screen would, then look."""

    async def then(pilot: Pilot[None]) -> None:
        pilot.app.notify(message, title="Kept", markup=False)
        await settle(pilot)

    return then


async def long_name_for_live(pilot: Pilot[None]) -> None:
    """A long name with nothing prepared, in live capture's 'who' line: the purpose question
    follows, the name in it."""
    pilot.app.screen.query_one("#who", Input).focus()
    await type_text(pilot, NOTHING_PREPARED)
    await pilot.press("enter")
    await settle(pilot)


# name: how to open it, what to do there, and phrases that must show whole.
VISITS: dict[str, tuple[Open | None, Then, tuple[str, ...]]] = {
    "dashboard": (None, nothing, ("Fri 15 Jan 2027", "preparing")),
    "new conversation": (lambda ws, ids: NewConversationScreen(ws), nothing, ()),
    "objectives": (
        lambda ws, ids: step_screen("objectives", ws, ids.preparing),
        nothing,
        (),
    ),
    "safety": (lambda ws, ids: step_screen("safety", ws, ids.preparing), nothing, ()),
    "transparency": (lambda ws, ids: step_screen("transparency", ws, ids.preparing), nothing, ()),
    "mutual benefit": (
        lambda ws, ids: step_screen("mutual_benefit", ws, ids.preparing),
        nothing,
        ("5 Follow",),
    ),
    "follow-through": (
        lambda ws, ids: step_screen("follow_through", ws, ids.held),
        nothing,
        ("Fri 15 Jan 2027",),
    ),
    "live capture": (
        lambda ws, ids: LiveScreen(ws, ids.preparing),
        notifying("What they taught you is kept: Prefers feedback in writing first"),
        (),
    ),
    "playback": (lambda ws, ids: PlaybackScreen(ws, ids.held), nothing, ()),
    "live start": (lambda ws, ids: LiveStartScreen(ws), nothing, ()),
    "live start, someone new": (lambda ws, ids: LiveStartScreen(ws), long_name_for_live, ()),
    "review": (lambda ws, ids: ReviewScreen(ws), nothing, ()),
    "a conversation": (lambda ws, ids: ConversationDetailScreen(ws, ids.held), nothing, ()),
    "a person": (lambda ws, ids: PersonScreen(ws, ids.person), nothing, ()),
    "help": (lambda ws, ids: HelpScreen(), nothing, ()),
    "export": (lambda ws, ids: ExportDialog(ws, Scope(conversation_id=ids.held)), nothing, ()),
    "close out": (lambda ws, ids: CloseOutDialog(ids.commitment, TODAY), nothing, ()),
    "drop": (lambda ws, ids: DropDialog(ids.commitment, TODAY), nothing, ()),
    "new date": (lambda ws, ids: NewDateDialog(ids.commitment, TODAY), nothing, ()),
    "edit": (lambda ws, ids: EditCommitmentDialog(ids.commitment, TODAY), nothing, ()),
    "fact": (
        lambda ws, ids: FactDialog("Prefers feedback in writing first", FactKind.FEEDBACK),
        nothing,
        (),
    ),
}


def footer_problems(app: CoachApp, where: str) -> list[str]:
    """The footer on the last line, nothing after the palette's key."""
    footers = app.screen.query(Footer)
    if not footers:
        return []
    last = lines(app)[-1].text.rstrip()
    if "palette" in last and not last.endswith("palette"):
        return [f"{where}: the footer ends {last[-16:]!r}, not with the palette's key"]
    return []


def focus_problems(app: CoachApp, where: str) -> list[str]:
    """The focused field is on the screen, not under the fold."""
    focused = app.focused
    if not isinstance(focused, Input | TextArea | Select):
        return []
    geometry = app.screen._compositor.full_map.get(focused)
    if geometry is None or geometry.visible_region.height < min(geometry.region.height, 2):
        return [f"{where}: the focused field #{focused.id} is out of sight"]
    return []


async def visit(pilot: Pilot[None], name: str, size: tuple[int, int]) -> list[str]:
    """Open one screen, read it, close it; what was wrong with it."""
    app = pilot.app
    assert isinstance(app, CoachApp) and app.workspace is not None
    open_screen, then, phrases = VISITS[name]
    where = f"{name} at {size[0]}x{size[1]}"
    depth = len(app.screen_stack)
    if open_screen is not None:
        app.push_screen(open_screen(app.workspace, Ids(app.workspace.store)))
        await settle(pilot)
    await then(pilot)
    found = [
        *problems(app, where),
        *cut_phrases(app, phrases if size[0] >= 80 else (), where),
        *footer_problems(app, where),
        *focus_problems(app, where),
    ]
    while len(app.screen_stack) > depth:
        app.pop_screen()
        await settle(pilot)
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_screen_shows_its_words_whole(data_dir: Path, size: tuple[int, int]) -> None:
    """Dates, names, purposes, step names and labels whole; nothing covered."""
    fill(data_dir)
    app = make_app(data_dir)
    found: list[str] = []
    async with app.run_test(size=size, notifications=True) as pilot:
        await opened(pilot)
        for name in VISITS:
            found += await visit(pilot, name, size)
    assert not found, "\n".join(["what a person could not read:", *found])


async def open_mutual_benefit(pilot: Pilot[None]) -> None:
    """The dashboard, then the prepared conversation's Mutual benefit step."""
    await opened(pilot)
    workspace = workspace_of(pilot)
    ids = Ids(workspace.store)
    pilot.app.push_screen(step_screen("mutual_benefit", workspace, ids.preparing))
    await settle(pilot)


async def test_tabbing_into_a_field_below_the_fold_brings_it_into_view(data_dir: Path) -> None:
    """Mutual benefit at 80x24: tab to the last field; it is on screen before typing."""
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mutual_benefit(pilot)
        field = app.screen.query_one("#field-win_win", TextArea)
        while app.focused is not field:
            await pilot.press("tab")
        await settle(pilot)
        assert not focus_problems(app, "mutual benefit")


async def test_the_step_bar_names_every_step_at_97_columns(data_dir: Path) -> None:
    """Between 96 and 110 columns the long names once lost step 5 beside "✓ saved"."""
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(97, 30)) as pilot:
        await open_mutual_benefit(pilot)
        await type_text(pilot, "More client work")
        await settle(pilot)
        bar = lines(app)[1].text
        for name in ("1 Objectives", "2 Safety", "3 Transp", "4 Mutual", "5 Follow"):
            assert name in bar, bar
        assert not [p for p in problems(app, "mutual benefit at 97x30") if "StepTab" in p]


async def test_menus_open_where_they_cover_neither_footer_nor_half_a_hint(
    data_dir: Path,
) -> None:
    """Follow-through at 80x24: the status menu opens above its field, clear of the
    footer; the owner's menu covers the hint under it whole, not its middle."""
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.workspace is not None
        app.push_screen(step_screen("follow_through", app.workspace, Ids(app.workspace.store).held))
        await settle(pilot)
        screen = app.screen
        footer = screen.query_one(Footer).region
        for field in ("#status", "#owner"):
            select = screen.query_one(field, Select)
            select.focus()
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            menu = select.query_one("SelectOverlay").region
            assert not menu.overlaps(footer), f"the {field} menu covers the footer"
            if field == "#owner":
                hint = screen.query_one("#commitment-note").content_region
                text = lines(app)[hint.y].text[hint.x : hint.right].rstrip()
                assert menu.right >= hint.x + len(text), f"the hint shows beside the menu: {text!r}"
            await pilot.press("escape")
            await settle(pilot)


async def test_no_gap_between_the_dashboards_tables_at_200x60(data_dir: Path) -> None:
    """The conversations' title follows the last open commitment."""
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(200, 60)) as pilot:
        dashboard = await opened(pilot)
        table = dashboard.query_one("#commitments", DataTable)
        title = dashboard.query_one("#conversations-title")
        assert title.region.y == table.region.y + 1 + table.row_count, (
            f"{title.region.y - table.region.y - 1 - table.row_count} empty rows between"
        )
