"""One person: how reliably we keep our word to each other, the rhythm of our conversations,
every conversation and what became of each commitment, and what they have taught us."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from coach.dates import show_date, show_due, show_short
from coach.errors import Stopped, StoreError
from coach.memory import cadence
from coach.memory.holding import described, holding
from coach.memory.ledger import TREND_LABEL, WINDOW_DAYS, judge, ledger, said, sparkline
from coach.memory.timeline import Moment, Outcome, outcome, person_timeline, tally
from coach.model import Commitment, Conversation, ConversationStatus, Fact, Person
from coach.screens.dialogs.export import Scope
from coach.screens.exporting import export_from
from coach.screens.learning import correct_fact, learn_from, supersede_fact
from coach.screens.messages import FactPicked
from coach.screens.reading import history_unreadable, keys_wait_for_rows
from coach.screens.saving import NotSaved, saved
from coach.screens.text import cell, literal
from coach.screens.widgets.learned_list import FactsTable, LearnedList
from coach.screens.widgets.list_table import ListTable, Row
from coach.steps import coverage, marks
from coach.user_text import visible
from coach.workspace import Workspace

OUTCOME_STYLES = {
    Outcome.KEPT: "green",
    Outcome.LATE: "yellow",
    Outcome.OPEN: "",
    Outcome.OVERDUE: "bold red",
    Outcome.DROPPED: "dim",
}
WHO = {"me": "I", "them": "they", "both": "we"}
NO_CONVERSATIONS = "No conversations with them yet: press n to prepare one."
# A line of the timeline, drawn when added (PersonScreen._line): its kind, what it shows
# (the conversation or commitment), and a number (commitments made in the conversation,
# the commitment's change, or the line's place).
Line = tuple[str, Conversation | Commitment | None, int]


class Summary(VerticalScroll, can_focus=False):
    """The summary over the timeline; the mouse wheel scrolls it, the keys stay below."""


class PersonScreen(Screen[None]):
    """A person's page; n prepares the next conversation with them."""

    CSS_PATH = "person_timeline.tcss"
    AUTO_FOCUS = "#timeline"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("n", "prepare", "Prepare"),
        Binding("s", "settle", "Settle"),
        Binding("x", "export", "Export"),
        Binding("c", "cadence", "Rhythm"),
        Binding("f", "learn", "Learn"),
    ]

    def __init__(self, workspace: Workspace, person_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.person_id = person_id
        self.person: Person | None = None
        self._rows: dict[str, str] = {}  # row key -> the conversation it opens
        self._moments: list[Moment] | None = None  # as last read
        # Lets the keys typed while the page reads go (see keys_wait_for_rows).
        self._rows_shown: Callable[[], None] = lambda: None

    def compose(self) -> ComposeResult:
        """Summary, reliability and rhythm over the timeline, then what they taught us."""
        yield Header()
        # At most 40% of a short terminal, scrolling on its own: below that, the page ran
        # past the footer at 60x16.
        with Summary(id="summary"):
            yield Static(id="tally", markup=False)
            yield Static(id="reliability", markup=False)
            yield Static(id="rhythm", markup=False)
            yield Static(id="holding", markup=False)
        yield ListTable(id="timeline")
        yield LearnedList(self.workspace, self.person_id)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Columns at once; the person's history is read off the screen's thread."""
        self.query_one("#timeline", ListTable).add_columns(
            ("When", "when"), ("What", "what"), ("What became of it", "outcome")
        )
        self.query_one("#tally", Static).update("Reading their history…")
        self._rows_shown = keys_wait_for_rows(self)

    def on_unmount(self) -> None:
        """Closed (by a click on Back, say) before its rows came: the keys go on at once."""
        self._rows_shown()

    def on_screen_resume(self) -> None:
        """Shown, first or back from a conversation: show what is stored now.

        Read after the first frame is out, so the page appears at once and fills in.
        """
        self.call_after_refresh(self.refresh_data)

    def on_resize(self) -> None:
        """Texts are cut to the width available (from what was read: no new read)."""
        if self._moments is not None:
            self._show(self._moments)

    @work(thread=True, exclusive=True, group="person-page")
    def refresh_data(self) -> None:
        """Read this person's conversations and commitments, then show them.

        Off the screen's thread: the rhythm looks at every conversation stored, which
        with years of them takes longer than a frame, and the page must appear at once.
        """
        store, today = self.workspace.store, self.workspace.today()
        person = store.people.get(self.person_id)
        if person is None:
            self.app.call_from_thread(self._gone)
            return
        try:
            # Their whole history, settled years included; given up if the page closes.
            store.read_everything(stop=lambda: get_current_worker().is_cancelled)
        except Stopped:
            return
        except StoreError as error:
            self.app.call_from_thread(self._unreadable, error)
            return
        conversations = store.conversations.find(person_id=self.person_id)
        commitments = store.commitments.find(person_id=self.person_id)
        moments = person_timeline(conversations, commitments)
        summary = _summary(moments, commitments, today)
        kept = reliability(commitments, today)
        theirs = store.conversations.views(person_id=self.person_id)
        found = cadence.rhythm(person, theirs, today)
        rhythm = f"Rhythm: {cadence.describe(found, today)}"
        held = "\n".join(described(holding(theirs, today)))
        if not get_current_worker().is_cancelled:
            lines = (summary, kept, rhythm, held)
            self.app.call_from_thread(self._fill, person, moments, lines)

    def _gone(self) -> None:
        self.person = None
        self.title = "?"
        self.query_one("#tally", Static).update("This person is no longer stored.")
        self.refresh_bindings()
        self._rows_shown()

    def _unreadable(self, error: StoreError) -> None:
        history_unreadable(self, error)
        self._rows_shown()

    def _fill(self, person: Person, moments: list[Moment], lines: tuple[str, ...]) -> None:
        summary, kept, rhythm, held = lines
        self.person = person
        self.title = visible(person.name)
        self.sub_title = visible(", ".join(p for p in (person.role, person.relationship) if p))
        self.query_one("#tally", Static).update(literal(summary))
        self.query_one("#reliability", Static).update(kept)
        self.query_one("#rhythm", Static).update(rhythm)
        line = self.query_one("#holding", Static)
        line.display = bool(held)
        line.update(held)
        self._moments = moments
        self._show(moments)
        self.refresh_bindings()
        self._rows_shown()

    def _show(self, moments: list[Moment]) -> None:
        """Their timeline, a line per conversation, commitment and change: the lines are
        listed here and drawn as they are added (`_line`), a screenful at once and the
        rest after it, so that a thousand conversations do not hold the page up."""
        table = self.query_one("#timeline", ListTable)
        today = self.workspace.today()
        self._rows = {}
        lines: list[Line] = []
        for moment in moments:
            conversation = moment.conversation
            if conversation is not None:
                lines.append(("conversation", conversation, len(moment.commitments)))
                self._rows[conversation.id] = conversation.id
            else:
                lines.append(("loose", None, len(lines)))
            for commitment in moment.commitments:
                lines.append(("commitment", commitment, 0))
                if commitment.conversation_id:
                    self._rows[f"commitment:{commitment.id}"] = commitment.conversation_id
                lines += [("change", commitment, n) for n in range(len(commitment.history))]
                if outcome(commitment, today) is Outcome.DROPPED and (
                    commitment.dropped_on or commitment.drop_reason
                ):
                    lines.append(("dropped", commitment, 0))
        if not moments:
            lines.append(("none", None, 0))  # (a key of its own: it is the only line)
        table.show_rows(lines, self._line)

    def _line(self, line: Line) -> Row:
        """One line of the timeline, its cells cut to the width there is now."""
        kind, item, number = line
        today = self.workspace.today()
        # When (up to 19 cells: "slipped 07 Dec 2025") and what became of it (24) are
        # fixed; the scrollbar and each column's padding take the 2 and the 6.
        width = max(self.size.width - 2 - 19 - 24 - 6, 20)
        if isinstance(item, Conversation):
            steps = marks(coverage(item, number))
            purpose = self.workspace.guidance.purpose_title(item.purpose)
            confirmed = "summary confirmed" if item.summary_confirmed else ""
            return item.id, (
                cell(show_date(item.date, today) or "no date", style="bold"),
                cell(f"{steps} {purpose} ({item.status.value})", width, style="bold"),
                cell(confirmed, 24, style="dim"),
            )
        if kind == "loose":
            said = cell("Not from a recorded conversation", width, "italic")
            return f"loose:{number}", (cell(""), said, cell(""))
        if item is None:
            return "none", (cell(""), cell(NO_CONVERSATIONS), cell(""))
        if kind == "commitment":
            return f"commitment:{item.id}", _commitment_cells(item, width, today)
        if kind == "change":
            # What happened on the way, a line each: every new date, and why it was dropped.
            change = item.history[number]
            late = change.old_due is not None and change.changed_on > change.old_due
            moved = f"· due {_day(change.old_due, today)} → {_day(change.new_due, today)}"
            return f"change:{item.id}:{number}", (
                cell(
                    f"{'slipped' if late else 'moved'} {_day(change.changed_on, today)}",
                    style="dim",
                ),
                cell(moved + (f" · {change.note}" if change.note else ""), width, "dim italic"),
                cell(""),
            )
        return f"dropped:{item.id}", (
            cell(f"dropped {_day(item.dropped_on, today)}", style="dim"),
            cell(f"· why: {item.drop_reason or 'not said'}", width, "dim italic"),
            cell(""),
        )

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from coach.screens.review.conversation_detail import ConversationDetailScreen

        conversation_id = self._rows.get(str(event.row_key.value))
        if conversation_id and self.workspace.store.conversations.get(conversation_id):
            self.app.push_screen(ConversationDetailScreen(self.workspace, conversation_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Changes need the person and a writable store; in the facts, the keys are theirs."""
        in_facts = isinstance(self.focused, FactsTable)
        if action in ("prepare", "export") and in_facts:
            return False
        if action in ("prepare", "cadence", "learn"):
            return self.person is not None and not self.workspace.read_only
        if action == "settle":
            return self._highlighted_commitment() is not None and not self.workspace.read_only
        if action == "export":
            return self.person is not None
        return True

    def on_descendant_focus(self) -> None:
        """The footer follows the focus: the timeline's keys, or the facts'."""
        self.refresh_bindings()

    @on(DataTable.RowHighlighted)
    def _bindings_follow_cursor(self) -> None:
        self.refresh_bindings()  # Settle is offered on a commitment's row

    def _highlighted_commitment(self) -> str | None:
        """The commitment under the timeline's cursor, if it is on one."""
        table = self.query_one("#timeline", ListTable)
        key = table.selected_key if self.focused is table else None
        return key.removeprefix("commitment:") if key and key.startswith("commitment:") else None

    def action_settle(self) -> None:
        """Done, undone, a new date, dropped or edited: the commitment under the cursor."""
        from coach.screens.commitments import settle

        commitment_id = self._highlighted_commitment()
        if commitment_id is not None:
            settle(self, self.workspace, commitment_id, self._settled)

    def _settled(self, _commitment: Commitment) -> None:
        self.refresh_data()

    @on(FactPicked)
    def _change_fact(self, event: FactPicked) -> None:
        """A fact picked in the list: correct it, or mark it superseded (or current again)."""
        if event.what == "edit":
            correct_fact(self, self.workspace, event.fact, self._facts_changed)
        else:
            self.run_worker(supersede_fact(self, self.workspace, event.fact, self._facts_changed))

    def _facts_changed(self, _fact: Fact) -> None:
        self.query_one(LearnedList).refresh_list()
        self.refresh_bindings()

    async def action_cadence(self) -> None:
        """Step to the next rhythm: none, weekly, fortnightly, monthly."""
        if self.person is None:
            return
        chosen = cadence.next_cadence(self.person.cadence)
        store, person_id = self.workspace.store, self.person_id
        try:
            await saved(self, self.workspace, lambda: store.people.set_cadence(person_id, chosen))
        except NotSaved:
            return
        self.refresh_data()
        self.notify(f"Rhythm: {cadence.LABELS[chosen]}.", markup=False, timeout=3)

    def action_learn(self) -> None:
        """Keep something learned about them (not from any one conversation)."""
        learn_from(
            self,
            self.workspace,
            person_id=self.person_id,
            text="",
            conversation_id=None,
            after=lambda _fact: self.query_one(LearnedList).refresh_list(),
            from_scratch=True,
        )

    def action_prepare(self) -> None:
        """Prepare the next conversation with this person."""
        from coach.screens.new_conversation import NewConversationScreen

        if self.person is not None:
            self.app.push_screen(NewConversationScreen(self.workspace, name=self.person.name))

    def action_export(self) -> None:
        """Export this person's conversations (or more)."""
        export_from(self, self.workspace, Scope(person_id=self.person_id))


def _commitment_cells(commitment: Commitment, width: int, today: date) -> tuple[Text, ...]:
    """A commitment's line: when it was due, who owes what, what became of it."""
    result = outcome(commitment, today)
    if result is Outcome.DROPPED:
        verdict = judge(commitment, today)
        became = "dropped, was overdue" if verdict.overdue_when_dropped else "dropped"
    elif result in (Outcome.KEPT, Outcome.LATE) and commitment.done_on:
        became = f"{result.value} on {_day(commitment.done_on, today)}"
    else:
        became = result.value
    return (
        cell(_due(commitment, result, today), style="dim"),
        cell(f"  ↳ {WHO[commitment.owner.value]}: {commitment.text}", width),
        cell(became, 24, style=OUTCOME_STYLES[result]),
    )


def _day(day: date | None, today: date) -> str:
    """'20 Nov', with the year when it is not this year; 'no date'."""
    return show_short(day, today) or "no date"


def _due(commitment: Commitment, result: Outcome, today: date) -> str:
    """When it was due: how near for open ones ('3 days late'), the day for the others."""
    if commitment.due is None:
        return ""
    if result in (Outcome.OPEN, Outcome.OVERDUE):
        near = show_due(commitment.due, today)
        return near if "late" in near or near in ("today", "tomorrow") else f"due {near}"
    return f"due {show_short(commitment.due, today)}"


def reliability(commitments: list[Commitment], today: date) -> str:
    """'Last 90 days: I kept 5 of 6 on time (83%) · they kept 2 of 4 on time (50%) ·
    on time, by month, last 12 months: me ▂▅·█ them ▁▃··'."""
    book = ledger(commitments, today)
    mine, theirs = book.window.mine, book.window.theirs
    parts = [f"Last {WINDOW_DAYS} days: {said(mine, 'I')}", said(theirs, "they")]
    if any(rate is not None for rate in book.trend("mine") + book.trend("theirs")):
        parts.append(
            f"{TREND_LABEL}: me {sparkline(book.trend('mine'))}"
            f" them {sparkline(book.trend('theirs'))}"
        )
    return " · ".join(parts)


def _summary(moments: list[Moment], commitments: list[Commitment], today: date) -> str:
    """'12 conversations since Mar 2025 · commitments: 20 kept, 3 kept late … · next check-in …'."""
    held = [m.conversation for m in moments if m.conversation is not None]
    parts = [f"{len(held)} conversation{'s' if len(held) != 1 else ''}"]
    days = [c.date for c in held if c.date]
    if days:
        parts[0] += f" since {min(days):%b %Y}"
    counts = tally(commitments, today)
    if commitments:
        shown = [f"{counts[o]} {o.value}" for o in Outcome if counts[o]]
        parts.append("commitments: " + ", ".join(shown))
    else:
        parts.append("no commitments yet")
    planned = [
        c.date
        for c in held
        if c.status is ConversationStatus.PREPARING and c.date is not None and c.date >= today
    ]
    if planned:
        parts.append(f"next conversation {show_date(min(planned), today)}")
    elif held and held[0].next_checkin:
        parts.append(f"next check-in {show_date(held[0].next_checkin, today)}")
    return " · ".join(parts)
