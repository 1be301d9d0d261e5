"""The person page, the dashboard's strip and nudges, live capture and review: the memory shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from coach.model import Cadence, Fact, FactKind
from coach.screens.dialogs.fact import FactDialog
from coach.screens.dialogs.passage import PassagePicker
from coach.screens.live.capture import LiveScreen
from coach.screens.review.conversation_detail import ConversationDetailScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.widgets.learned_list import FactsTable, LearnedList
from coach.screens.widgets.live_side import ContextPanel
from coach.screens.widgets.memory_strip import MemoryStrip
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.memory_data import seed
from tests.support.ui import make_app, opened, rows, screen_text, settle, shown, type_text


async def open_person(pilot: Pilot[None], person_id: str) -> PersonScreen:
    dashboard = await opened(pilot)
    pilot.app.push_screen(PersonScreen(dashboard.workspace, person_id))
    await settle(pilot)
    assert isinstance(pilot.app.screen, PersonScreen)
    return pilot.app.screen


def learned(data_dir: Path, person_id: str) -> list[Fact]:
    store = Store.open(data_dir, read_only=True)
    try:
        return store.facts.about(person_id)
    finally:
        store.close()


async def test_the_person_page_shows_reliability_rhythm_and_history(data_dir: Path) -> None:
    """The ledger and its trend, the rhythm, slips and drops in the timeline, step coverage."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(200, 60)) as pilot:
        screen = await open_person(pilot, "p-priya")
        assert shown(screen.query_one("#reliability")) == (
            "Last 90 days: I kept 1 of 3 on time (33%) · they kept 1 of 2 on time (50%)"
            " · on time, by month, last 12 months: me ···········▃ them ···········▅"
        )
        assert shown(screen.query_one("#rhythm")) == (
            "Rhythm: fortnightly · last spoke 14 days ago · next planned Wed 25 Nov"
        )
        timeline = rows(screen.query_one("#timeline"))
        assert ["Fri 06 Nov", "●○○○● Developing people (done)", ""] in timeline
        assert ["slipped 13 Nov", "· due 12 Nov → 16 Nov · Waiting on approval", ""] in timeline
        assert ["dropped 14 Nov", "· why: No longer needed", ""] in timeline
        dropped = next(row for row in timeline if row[1] == "↳ they: Write the wiki page")
        assert dropped[2] == "dropped, was overdue"
        late = next(row for row in timeline if row[1] == "↳ I: Book the course")
        assert late[2] == "kept late on 16 Nov"
        text = screen_text(pilot.app)
        assert "Sam's private matter" not in text
        # Understanding checked and confirmed, by month (no look back rated here).
        assert shown(screen.query_one("#holding")).startswith("Understanding checked ")


async def test_the_person_page_lists_what_they_taught_us(data_dir: Path) -> None:
    """Current facts first, superseded ones after them; nothing of Sam's."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(200, 60)) as pilot:
        screen = await open_person(pilot, "p-priya")
        listed = rows(screen.query_one(FactsTable))
        assert [row[:2] for row in listed] == [
            ["Feedback", "Prefers written feedback first"],
            ["Managing", "Wants a weekly check-in"],
            ["Matters", "Cares about [b]quality[/b]"],
            ["Aspires", "Wants to lead a team"],
            ["Feedback", "Old: likes it blunt"],
        ]
        assert listed[-1][2] == "01 Mar → 06 Nov"
        assert "What they have taught us · 4 (and 1 superseded)" in screen_text(pilot.app)


async def test_what_they_taught_us_is_drawn_whole_from_the_first_frame(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list is filled before the page is laid out: filled for the page's width, its
    first frame does not cut "Prefers written feedback first" to 16 columns."""
    seed(data_dir)
    drawn: list[list[list[str]]] = []
    fill = LearnedList.refresh_list

    def filled(self: LearnedList) -> None:
        fill(self)
        drawn.append(rows(self.query_one(FactsTable)))

    monkeypatch.setattr(LearnedList, "refresh_list", filled)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await open_person(pilot, "p-priya")
    assert drawn[0][0][1] == "Prefers written feedback first"
    assert all(rows_then == drawn[-1] for rows_then in drawn), drawn


async def test_facts_are_edited_and_superseded_from_the_person_page(data_dir: Path) -> None:
    """Enter corrects a fact; s supersedes it (and s again brings it back); f adds one."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_person(pilot, "p-priya")
        screen.query_one(FactsTable).focus()
        await settle(pilot)
        footer = screen_text(pilot.app).splitlines()[-1]
        assert "⏎ Edit" in footer and "s Supersede" in footer
        assert "n Prepare" not in footer  # the facts' keys, not the timeline's
        await pilot.press("enter")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, FactDialog)
        assert "How they like to receive feedback  ← as kept" in screen_text(pilot.app)
        await pilot.press("tab", "end", *" then a talk")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(screen.query_one(FactsTable))[0][1] == (
            "Prefers written feedback first then a talk"
        )
        await pilot.press("s")
        await settle(pilot)
        assert not next(f for f in learned(data_dir, "p-priya") if f.id == "f1").current
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FactDialog)
        await pilot.press("down", "down")  # from "What matters" to "Skills they want to develop"
        await pilot.press("tab")
        await type_text(pilot, "Wants to learn Rust")
        await pilot.press("enter")
        await settle(pilot)
    found = learned(data_dir, "p-priya")
    newest = next(f for f in found if f.text == "Wants to learn Rust")
    assert (newest.kind, newest.learned_on, newest.conversation_id) == (
        FactKind.SKILL,
        TODAY,
        None,
    )


async def test_typing_in_the_fact_dialog_types_the_words(data_dir: Path) -> None:
    """Typing at once, before choosing a kind, keeps every letter in the words."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_person(pilot, "p-priya")
        screen.query_one(FactsTable).focus()
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FactDialog)
        await type_text(pilot, "Likes Fridays")
        await pilot.press("enter")
        await settle(pilot)
    assert "Likes Fridays" in [f.text for f in learned(data_dir, "p-priya")]


async def test_c_steps_through_the_rhythms(data_dir: Path) -> None:
    """fortnightly, then monthly, then none; stored each time."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_person(pilot, "p-priya")
        await pilot.press("c")
        await settle(pilot)
        assert shown(screen.query_one("#rhythm")).startswith("Rhythm: monthly")
        await pilot.press("c")
        await settle(pilot)
        assert shown(screen.query_one("#rhythm")) == "Rhythm: no set rhythm"
    store = Store.open(data_dir, read_only=True)
    try:
        person = store.people.get("p-priya")
        assert person is not None and person.cadence is Cadence.NONE
    finally:
        store.close()


async def test_the_person_page_fits_at_80_columns(data_dir: Path) -> None:
    """Every key of the timeline in the footer, help included."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await open_person(pilot, "p-priya")
        footer = screen_text(pilot.app).splitlines()[-1]
        for key in ("⏎ Open", "n Prepare", "x Export", "c Rhythm", "f Learn", "f1 Help"):
            assert key in footer, key


async def test_the_dashboard_strip_and_the_nudge_on_opening(data_dir: Path) -> None:
    """The ledger's headline, what is due, conversations held without follow-through flagged."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 30)) as pilot:
        dashboard = await opened(pilot)
        assert shown(dashboard.query_one(MemoryStrip)).splitlines() == [
            "Last 90 days: I kept 1 of 3 on time · they kept 1 of 2"
            " · mine on time, by month, last 12 months ···········▃",
            "Due now: 1 overdue · due a conversation: Ann (12 days late)"
            " · ⚑ 1 held without follow-through",
        ]
        messages = [n.message for n in pilot.app._notifications]
        assert "1 commitment due today or overdue · 1 person due a conversation" in messages
        statuses = {row[1]: row[3] for row in rows(dashboard.query_one("#conversations"))}
        assert statuses["Ann Other"] == "held ⚑"
        assert statuses["Sam Lee"] == "held"


async def test_the_dashboard_still_fits_at_80_by_24(data_dir: Path) -> None:
    """The strip takes two lines; both tables and the whole footer are still there."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        lines = screen_text(pilot.app).splitlines()
        assert lines[1].startswith(" Last 90 days: I kept 1 of 3 on time · they kept 1 of 2")
        assert lines[2].startswith(" Due now: 1 overdue")
        text = "\n".join(lines)
        assert "Open commitments · 4 (1 overdue)" in text and "Conversations" in text
        assert "f1 Help" in lines[-1]


async def test_nothing_due_means_no_nudge(data_dir: Path) -> None:
    """An empty data directory: no notification, no 'Due now'."""
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert not [n for n in pilot.app._notifications if n.title == "Due now"]
        assert "Due now" not in screen_text(pilot.app)


async def test_live_capture_shows_their_facts_and_keeps_a_new_one(data_dir: Path) -> None:
    """'What we know' holds Priya's facts (not Sam's); ctrl+f keeps the last line."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        dashboard = await opened(pilot)
        pilot.app.push_screen(LiveScreen(dashboard.workspace, "c-next"))
        await settle(pilot)
        screen = pilot.app.screen
        context = shown(screen.query_one(ContextPanel))
        assert "Feedback: Prefers written feedback first" in context
        assert "Matters: Cares about [b]quality[/b]" in context
        assert "Sam" not in context and "Old: likes it blunt" not in context
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert "Capture a line first" in list(pilot.app._notifications)[-1].message
        await type_text(pilot, "~ Finds the weekly report a chore")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FactDialog)
        assert "Their concerns  ← our guess" in screen_text(pilot.app)  # captured as a concern
        await pilot.press("enter")
        await settle(pilot)
        assert "Concern: Finds the weekly report a chore" in shown(screen.query_one(ContextPanel))
        assert "^f Learn" in screen_text(pilot.app).splitlines()[-1]
    newest = learned(data_dir, "p-priya")[0]
    assert (newest.kind, newest.conversation_id) == (FactKind.CONCERN, "c-next")


async def test_live_capture_falls_back_to_past_notes(data_dir: Path) -> None:
    """Someone who has taught us nothing yet: what past notes said, as before."""
    seed(data_dir)
    store = Store.open(data_dir)
    try:
        person = store.people.add("Noor Haddad")
        past = store.conversations.start(person, "building-trust", TODAY)
        store.conversations.set_notes(past.id, "safety", {"feedback": "Gentle, in private"})
        upcoming = store.conversations.start(person, "building-trust", None)
    finally:
        store.close()
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        dashboard = await opened(pilot)
        pilot.app.push_screen(LiveScreen(dashboard.workspace, upcoming.id))
        await settle(pilot)
        context = shown(pilot.app.screen.query_one(ContextPanel))
        assert "Feedback: Gentle, in private" in context


async def test_review_shows_step_coverage_and_learns_from_an_answer(data_dir: Path) -> None:
    """The detail says which steps were prepared; f picks an answer and keeps what it taught."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        dashboard = await opened(pilot)
        pilot.app.push_screen(ConversationDetailScreen(dashboard.workspace, "c-past"))
        await settle(pilot)
        text = screen_text(pilot.app)
        assert (
            "Steps: ●○○○● Prepared: Objectives, Follow-through · skipped: Safety, Transparency,"
            " Mutual benefit"
        ) in text
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PassagePicker)
        picker = screen_text(pilot.app)
        assert "Answer to: How do you like feedback?" in picker
        assert "Concern, " in picker  # the line captured live
        await pilot.press("down", "enter")  # the answer (after the summary)
        await settle(pilot)
        assert isinstance(pilot.app.screen, FactDialog)
        assert "How they like to receive feedback  ← our guess" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConversationDetailScreen)
    newest = learned(data_dir, "p-priya")[0]
    assert (newest.text, newest.conversation_id) == ("Written first, then talk", "c-past")


async def test_ann_held_without_follow_through_says_so_in_review(data_dir: Path) -> None:
    """The detail flags a conversation held with nothing to follow through on."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        dashboard = await opened(pilot)
        pilot.app.push_screen(ConversationDetailScreen(dashboard.workspace, "c-ann"))
        await settle(pilot)
        text = " ".join(screen_text(pilot.app).split())  # the line wraps
        assert (
            "Steps: ●○○○○ Prepared: Objectives · skipped: Safety, Transparency, Mutual benefit,"
            " Follow-through · held without any follow-through recorded"
        ) in text


async def test_read_only_offers_no_changes(data_dir: Path) -> None:
    """Another coach holds the data: no close-out, no rhythm, no facts to add or change."""
    from coach.screens.steps.flow import step_screen
    from coach.screens.widgets.carry_over import CarryOverTable
    from tests.screens.test_opening_problems import wait_for_problem

    seed(data_dir)
    holder = Store.open(data_dir)  # like another coach, holding the lock
    try:
        async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
            await wait_for_problem(pilot)
            await pilot.click("#choice-read-only")
            dashboard = await opened(pilot)
            assert dashboard.workspace.read_only
            pilot.app.push_screen(step_screen("objectives", dashboard.workspace, "c-next"))
            await settle(pilot)
            pilot.app.screen.query_one(CarryOverTable).focus()
            await settle(pilot)
            assert "Close out" not in screen_text(pilot.app).splitlines()[-1]
            await pilot.press("d")
            await settle(pilot)
            pilot.app.pop_screen()
            screen = PersonScreen(dashboard.workspace, "p-priya")
            pilot.app.push_screen(screen)
            await settle(pilot)
            footer = screen_text(pilot.app).splitlines()[-1]
            assert "c Rhythm" not in footer and "f Learn" not in footer
            screen.query_one(FactsTable).focus()
            await settle(pilot)
            assert "s Supersede" not in screen_text(pilot.app).splitlines()[-1]
    finally:
        holder.close()
    store = Store.open(data_dir, read_only=True)
    try:
        commitment = store.commitments.get("k1")
        assert commitment is not None and commitment.status.value == "open"
    finally:
        store.close()


async def test_the_person_page_shows_the_look_back_trend(data_dir: Path) -> None:
    """A meeting rated when it ended shows on their page, statement by statement."""
    from coach.meeting.capture import rate
    from coach.model import ConversationStatus

    seed(data_dir)
    store = Store.open(data_dir)
    held = [
        c
        for c in store.conversations.find(person_id="p-priya")
        if c.status is not ConversationStatus.PREPARING
    ]
    rate(store, held[-1].id, {"asked_more": 2, "shared_early": 0})
    store.close()
    async with make_app(data_dir).run_test(size=(200, 60)) as pilot:
        screen = await open_person(pilot, "p-priya")
        lines = shown(screen.query_one("#holding")).splitlines()
        assert lines[1].startswith("Looking back: I asked more than I told: yes 1 of 1 ")
        assert "I shared early, even what was incomplete: yes 0 of 1" in lines[1]
