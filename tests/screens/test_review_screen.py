"""The review screen: search as you type, filters, sorting, opening a conversation and a person."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Input, Select

from coach.app import CoachApp
from coach.screens.dashboard import DashboardScreen
from coach.screens.review.conversation_detail import ConversationDetailScreen
from coach.screens.review.conversations import ReviewScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.widgets.list_table import ListTable
from coach.screens.widgets.note import Note
from coach.screens.widgets.results import ResultsTable
from coach.store.store import Store
from tests.support.review_data import seed
from tests.support.ui import (
    burst,
    in_palette,
    make_app,
    opened,
    screen_text,
    settle,
    shown,
    type_text,
    wait_until,
)


def results(screen: ReviewScreen) -> list[list[str]]:
    """Every row of the results as plain text."""
    table = screen.query_one(ResultsTable)
    return [[cell.plain for cell in table.cells(key)] for key in table.keys]


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    await opened(pilot)
    await pilot.press("r")
    for _ in range(50):
        await settle(pilot)
        screen = pilot.app.screen
        if isinstance(screen, ReviewScreen) and screen.query_one(ResultsTable).row_count:
            return screen
    raise AssertionError(f"the review never filled: {pilot.app.screen!r}")


async def test_r_on_the_dashboard_lists_every_conversation_newest_first(data_dir: Path) -> None:
    """Date, person, purpose, status and open commitments; the search field has the cursor."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        screen = await open_review(pilot)
        assert pilot.app.focused is screen.query_one("#search")
        assert [row[:5] for row in results(screen)] == [
            ["25 Nov 2026", "Zoë Ångström", "Navigating change", "preparing", ""],
            ["13 Nov 2026", "Zoë Ångström", "Building trust", "held", "1"],
            ["21 Oct 2026", "Sam [red]Lee[/]", "Developing people", "done", ""],
        ]
        assert shown(screen.query_one("#count")) == "3 conversations · newest first"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)


async def test_search_as_you_type_with_matches_highlighted(data_dir: Path) -> None:
    """Each letter narrows the rows; the matched words are marked where they were found."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        screen = await open_review(pilot)
        await type_text(pilot, "ZURICH")
        await settle(pilot)
        assert [row[1] for row in results(screen)] == ["Zoë Ångström"]
        notes = screen.query_one(ResultsTable).cells("c-budget")[-1]
        assert notes.plain.startswith("Answer: Mostly the Zürich office costs")
        marked = [notes.plain[span.start : span.end] for span in notes.spans if span.style]
        assert "Zürich" in marked
        assert shown(screen.query_one("#count")) == "1 of 3 conversations · newest first"
        await type_text(pilot, " nothing-like-this")
        await settle(pilot)
        assert results(screen) == []
        assert "None of 3 conversations match" in shown(screen.query_one("#count"))


async def test_several_words_and_names(data_dir: Path) -> None:
    """Every word must match somewhere in the conversation, the person's name included."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        screen = await open_review(pilot)
        await type_text(pilot, "zoe")
        await settle(pilot)
        assert len(results(screen)) == 2
        await type_text(pilot, " copenhagen")
        await settle(pilot)
        assert [row[2] for row in results(screen)] == ["Building trust"]


async def test_filters_narrow_the_results(data_dir: Path) -> None:
    """Person, purpose, status and a date range; a date that is not one is explained."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#person", Select).value = "p-zoe"
        await settle(pilot)
        assert [row[3] for row in results(screen)] == ["preparing", "held"]
        screen.query_one("#status", Select).value = "held"
        await settle(pilot)
        assert [row[0] for row in results(screen)] == ["13 Nov 2026"]
        screen.query_one("#person", Select).value = Select.NULL
        screen.query_one("#status", Select).value = Select.NULL
        screen.query_one("#purpose", Select).value = "developing-people"
        await settle(pilot)
        assert [row[1] for row in results(screen)] == ["Sam [red]Lee[/]"]
        screen.query_one("#purpose", Select).value = Select.NULL
        screen.query_one("#from", Input).focus()
        await type_text(pilot, "2026-11")
        await settle(pilot)
        assert [row[0] for row in results(screen)] == ["25 Nov 2026", "13 Nov 2026"]
        screen.query_one("#to", Input).focus()
        await type_text(pilot, "soon")
        await settle(pilot)
        note = screen.query_one("#filter-note", Note)
        assert note.is_error and "Not a date yet (to)" in shown(note)
        assert len(results(screen)) == 2  # the bad bound is ignored, the good one kept


async def test_the_person_filter_by_keyboard(data_dir: Path) -> None:
    """Tab to the person filter, open it, pick Sam: only Sam's conversation is left."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert pilot.app.focused is screen.query_one("#person")
        await pilot.press("enter", "down", "enter")  # from Anyone to Sam (names in order)
        await settle(pilot)
        assert screen.query_one("#person", Select).value == "p-sam"
        assert [row[1] for row in results(screen)] == ["Sam [red]Lee[/]"]


async def test_sorting_by_keys(data_dir: Path) -> None:
    """ctrl+s sorts by the next column, ctrl+r reverses; the heading shows which."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [row[1] for row in results(screen)] == [
            "Sam [red]Lee[/]",
            "Zoë Ångström",
            "Zoë Ångström",
        ]
        assert "With ▲" in [c.label for c in screen.query_one(ResultsTable).columns]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [row[1] for row in results(screen)][-1] == "Sam [red]Lee[/]"
        assert "by person, Z to A" in shown(screen.query_one("#count"))


async def test_enter_opens_the_conversation_read_only(data_dir: Path) -> None:
    """Search a word from the notes, press Enter: its detail, private parts marked."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        await open_review(pilot)
        await type_text(pilot, "headcount")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = pilot.app.screen
        assert isinstance(detail, ConversationDetailScreen)
        text = screen_text(pilot.app)
        assert "3. Transparency (private)" in text
        assert "I suspect the headcount freeze." in text
        assert "Mostly the Zürich office costs." in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_user_text_in_the_detail_is_shown_as_typed(data_dir: Path) -> None:
    """Markup, links and HTML typed in a note show literally; nothing becomes a link."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        dashboard = await opened(pilot)
        pilot.app.push_screen(ConversationDetailScreen(dashboard.workspace, "c-kickoff"))
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "[bold]Read[/] the [@click=app.quit]contract[/] **now** <b>x</b> # not a" in text
        links = [w for w in pilot.app.screen.walk_children() if "link" in type(w).__name__.lower()]
        assert links == []


async def test_p_opens_the_timeline_and_n_prepares_the_next_one(data_dir: Path) -> None:
    """From a result: p shows the person's history; n starts a conversation with them."""
    from coach.screens.new_conversation import NewConversationScreen

    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("down")  # from the search field to the results
        await settle(pilot)
        assert pilot.app.focused is screen.query_one(ResultsTable)
        await pilot.press("down", "p")
        await settle(pilot)
        person = pilot.app.screen
        assert isinstance(person, PersonScreen)
        assert person.title == "Zoë Ångström"
        assert shown(person.query_one("#tally")) == (
            "2 conversations since Nov 2026 · commitments: 1 kept, 1 overdue"
            " · next conversation Wed 25 Nov"
        )
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewConversationScreen)
        assert pilot.app.screen.query_one("#name", Input).value == "Zoë Ångström"


async def test_review_from_the_palette_and_the_dashboard_footer(data_dir: Path) -> None:
    """The dashboard's footer offers r; ctrl+p, 'review', Enter opens the review too."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        assert dashboard.active_bindings["r"].binding.show
        await in_palette(pilot, "review", "Review conversations")
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_the_mouse_sorts_and_opens(data_dir: Path) -> None:
    """Clicking a heading sorts by it (again: the other way); clicking a row twice opens it."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        screen = await open_review(pilot)
        table = screen.query_one(ResultsTable)
        await pilot.click(ResultsTable, offset=(15, 0))  # the "With" heading
        await settle(pilot)
        assert next(row[1] for row in results(screen)) == "Sam [red]Lee[/]"
        await pilot.click(ResultsTable, offset=(15, 0))
        await settle(pilot)
        assert [row[1] for row in results(screen)][-1] == "Sam [red]Lee[/]"
        await pilot.click(ResultsTable, offset=(5, 3))  # the third row
        await settle(pilot)
        assert table.selected_key == "c-kickoff"
        await pilot.click(ResultsTable, offset=(5, 3))
        await settle(pilot)
        detail = pilot.app.screen
        assert isinstance(detail, ConversationDetailScreen)
        assert detail.conversation_id == "c-kickoff"


async def test_after_sorting_enter_opens_the_first_row(data_dir: Path) -> None:
    """A new order starts at its top: Enter opens the row shown first, not the one the
    cursor was on before (which moved out of sight with the sort)."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        assert results(screen)[0][1] == "Zoë Ångström"  # the cursor is on her conversation
        await pilot.press("ctrl+s")  # by person: Sam first
        await settle(pilot)
        table = screen.query_one(ResultsTable)
        assert results(screen)[0][1] == "Sam [red]Lee[/]"
        assert table.cursor == 0
        await pilot.press("enter")
        await settle(pilot)
        detail = pilot.app.screen
        assert isinstance(detail, ConversationDetailScreen)
        assert detail.title == "Sam [red]Lee[/]"


async def test_enter_typed_before_the_person_page_fills_opens_its_first_conversation(
    data_dir: Path,
) -> None:
    """p and Enter typed at once, as a person does: Enter waits for the page's rows and
    opens the conversation on top, instead of falling on a table not filled yet."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        await open_review(pilot)
        await pilot.press("down")  # from the search field to the results
        await settle(pilot)
        burst(pilot, "down", "p", "enter")
        app = pilot.app

        def person() -> PersonScreen | None:
            found = [s for s in app.screen_stack if isinstance(s, PersonScreen)]
            return found[0] if found else None

        await wait_until(pilot, lambda: (page := person()) and page.person, "the person page")
        await settle(pilot)
        page = person()
        assert page is not None
        first = str(
            page.query_one("#timeline", ListTable)
            .coordinate_to_cell_key(Coordinate(0, 0))
            .row_key.value
        )
        detail = app.screen
        assert isinstance(detail, ConversationDetailScreen), detail
        assert detail.conversation is not None and detail.conversation.id == first


async def test_keys_typed_right_after_r_act_on_the_first_rows(data_dir: Path) -> None:
    """r, down and Enter typed at once from the dashboard open the newest conversation:
    the keys wait for the review's first rows instead of falling on an empty list."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        await opened(pilot)
        burst(pilot, "r", "down", "enter")
        app = pilot.app
        await wait_until(pilot, lambda: not isinstance(app.screen, DashboardScreen), "a screen")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, ConversationDetailScreen), detail
        assert detail.conversation is not None and detail.conversation.id == "c-planned"


def history_waits(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """From now on, reading the settled history waits until the first event returned is
    set; the second is set once it has been read."""
    go, done = threading.Event(), threading.Event()
    read = Store.read_everything

    def waits(store: Store, stop: Callable[[], bool] | None = None) -> None:
        go.wait(30)
        read(store, stop)
        done.set()

    monkeypatch.setattr(Store, "read_everything", waits)
    return go, done


async def open_person_from_review(pilot: Pilot[None], *after: str) -> None:
    await open_review(pilot)
    await pilot.press("down")  # from the search field to the results
    await settle(pilot)
    burst(pilot, "down", "p", *after)


async def test_escape_leaves_a_person_page_still_reading_at_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys wait for the page's rows, but escape does not: leaving needs nothing of them."""
    from coach.screens import reading

    monkeypatch.setattr(reading, "ROWS_PATIENCE", 60.0)  # escape must not wait for it
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        go, done = history_waits(monkeypatch)
        left: list[PersonScreen] = []
        unmount = PersonScreen.on_unmount

        def unmounted(page: PersonScreen) -> None:
            left.append(page)
            unmount(page)

        monkeypatch.setattr(PersonScreen, "on_unmount", unmounted)
        app = pilot.app
        assert isinstance(app, CoachApp)
        try:
            # Escape typed with p, and escape typed once the page is waiting for its rows.
            await open_person_from_review(pilot, "escape")
            await wait_until(pilot, lambda: left, "the person page to be left")
            assert isinstance(app.screen, ReviewScreen)
            burst(pilot, "p")
            await wait_until(pilot, lambda: app.key_order.held, "the page to hold the keys")
            burst(pilot, "escape")
            await wait_until(pilot, lambda: len(left) == 2, "the person page to be left again")
            assert isinstance(app.screen, ReviewScreen)
            assert not done.is_set()  # the page was still reading when it was left
        finally:
            go.set()


async def test_keys_wait_for_a_slow_page_a_moment_only(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose history takes long to read holds the keys typed a moment at most: F1
    typed after p opens the help while the page is still reading."""
    from coach.screens import reading
    from coach.screens.help import HelpScreen

    monkeypatch.setattr(reading, "ROWS_PATIENCE", 0.3)
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        go, done = history_waits(monkeypatch)
        try:
            await open_person_from_review(pilot, "f1")
            app = pilot.app
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            assert not done.is_set()
            assert any(isinstance(screen, PersonScreen) for screen in app.screen_stack)
        finally:
            go.set()


async def test_p_enter_escape_typed_at_once_open_the_conversation_and_come_back(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An escape typed after the Enter is for the conversation Enter opens: the page still
    waits for its rows, Enter opens the one on top, escape comes back to the page."""
    opened_details: list[str] = []
    mount = ConversationDetailScreen.on_mount

    def mounted(screen: ConversationDetailScreen) -> None:
        mount(screen)
        opened_details.append(screen.conversation_id)

    monkeypatch.setattr(ConversationDetailScreen, "on_mount", mounted)
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        await open_person_from_review(pilot, "enter", "escape")
        app = pilot.app
        await wait_until(pilot, lambda: bool(opened_details), "the conversation to open")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, PersonScreen)
        top = page.query_one("#timeline", ListTable).coordinate_to_cell_key(Coordinate(0, 0))
        assert opened_details == [str(top.row_key.value)]
