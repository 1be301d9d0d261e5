"""The home screen: what I owe and am owed, what I am preparing, what I held lately."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from coach.dates import show_date, show_due, show_short
from coach.meeting.interrupted import cut_off_among, interrupted_at
from coach.model import Commitment, CommitmentStatus, Conversation, ConversationStatus
from coach.screens.shown import still_shown
from coach.screens.text import cell, literal, widest
from coach.screens.widgets.list_table import ListTable, Row
from coach.screens.widgets.memory_strip import UNFOLLOWED, MemoryStrip, strip_content
from coach.user_text import visible

# What reads the ledger and writes to the store is imported where used: the worker that
# opens the data imports it before this screen is shown, the ledger's thread the rest.
if TYPE_CHECKING:
    from coach.memory.ledger import Ledger
    from coach.memory.nudges import Nudges, Overview
    from coach.store.views import CommitmentView
    from coach.workspace import Workspace

RECENT = 12
# What a read-only dashboard does not offer: each of these would change the data.
CHANGES_DATA = ("mark_done", "settle", "undo", "new_conversation", "live", "continue_meeting")
WELCOME = """Welcome to coach.

Press n to prepare your first conversation. You choose the person and the purpose, \
then walk through five steps: Objectives, Safety, Transparency, Mutual benefit and \
Follow-through. Guidance and suggested questions sit beside every step, and \
everything you type is saved as you go.

The commitments you and they make will wait for you here, the overdue ones first.

Press F1 at any time for help, ctrl+p for every command, ctrl+q to quit."""


class DashboardScreen(Screen[None]):
    """Open commitments, conversations in preparation, and recent conversations."""

    CSS_PATH = "dashboard.tcss"
    AUTO_FOCUS = ""  # refresh_data focuses the first table with rows
    BINDINGS = [
        Binding("n", "new_conversation", "New"),
        Binding("l", "live", "Live"),
        Binding("c", "continue_meeting", "Continue meeting"),
        Binding("r", "review", "Review"),
        Binding("d", "mark_done", "Done"),
        Binding("s", "settle", "Settle"),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(
        self, workspace: Workspace, *, once_drawn: Callable[[], None] | None = None
    ) -> None:
        super().__init__()
        self.workspace = workspace
        # Called once the first frame with the rows is out (the start's work that can wait).
        self._once_drawn = once_drawn
        self._names: dict[str, str] = {}
        self._open: list[CommitmentView] = []
        self._preparing: list[Conversation] = []
        self._recent: list[Conversation] = []
        self._interrupted: list[Conversation] = []  # meetings cut off, the latest first
        self._unfollowed: set[str] = set()  # held, with no follow-through recorded
        self._ledger: Ledger | None = None
        self._nudges: Nudges | None = None
        self._undo: Commitment | None = None
        self._shown_width = 0  # the width the tables were last filled for
        self.memory_pending = False  # the ledger and nudges are to be read again
        self._to_say: list[tuple[str, str]] = []  # (title, message) once shown again

    def compose(self) -> ComposeResult:
        """Lay out the screen."""
        yield Header()
        yield MemoryStrip()
        yield Static(id="interrupted", markup=False)
        yield Static(WELCOME, id="welcome", markup=False)
        with Vertical(id="commitments-section"):
            yield Static(id="commitments-title", classes="section-title")
            yield ListTable(id="commitments")
            yield Static(
                "Nothing open. Commitments from your conversations appear here.",
                classes="empty",
                markup=False,
            )
        with Vertical(id="conversations-section"):
            yield Static(id="conversations-title", classes="section-title")
            yield ListTable(id="conversations")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Set titles and columns, then show the data."""
        self.title = "Dashboard"
        self.sub_title = "read-only" if self.workspace.read_only else ""
        self.query_one("#commitments", ListTable).add_columns(
            ("Due", "due"), ("Who", "owner"), ("With", "person"), ("Commitment", "text")
        )
        self.query_one("#conversations", ListTable).add_columns(
            ("Date", "date"), ("With", "person"), ("Purpose", "purpose"), ("Status", "status")
        )

    def on_screen_resume(self) -> None:
        """Shown, first or again after a conversation: show the data as it is now, and
        what waited to be said here."""
        self.refresh_data()
        self._say_what_waited()

    def warn_when_shown(self, title: str, message: str) -> None:
        """Say `message` once this screen is the one shown and the keys typed meanwhile have
        all been taken: a warning about the start (the user's content) is not for the form
        that one of them opens, nor for a meeting being captured, whose top it covers (a
        warning stays over every screen until it times out)."""
        self._to_say.append((title, message))
        self._say_what_waited()

    def _say_what_waited(self) -> None:
        if not self._to_say or self.app.screen is not self:
            return  # (said when this screen is shown again)
        keys = getattr(self.app, "key_order", None)
        if keys is not None and not keys.idle:
            self.set_timer(0.1, self._say_what_waited)  # one of them may open a screen
            return
        for title, message in self._to_say:
            self.notify(message, title=title, severity="warning", markup=False, timeout=20)
        self._to_say.clear()

    @property
    def _width(self) -> int:
        """The width to fill the tables for: the app's until this screen is laid out (the
        first fill comes before that, and would cut every text to nothing, then again)."""
        return self.size.width or self.app.size.width

    def on_resize(self) -> None:
        """Texts are cut to the width available (a change of height needs no refill)."""
        if self._width != self._shown_width:
            self._show_memory()
            self._show_commitments()
            self._show_conversations()

    # -- showing ------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Read everything the dashboard shows from the store and show it."""
        store = self.workspace.store
        self._names = {person.id: person.name for person in store.people.all()}
        self._open = store.commitments.open_views()
        self._preparing = sorted(
            store.conversations.find(status=ConversationStatus.PREPARING),
            key=lambda c: (c.date is None, c.date or c.created.date()),
        )
        self._recent = store.conversations.recent(RECENT)
        self._interrupted = cut_off_among(self._preparing)
        self._show_interrupted()
        empty = not self._names and not self._preparing and not self._recent
        self.set_class(empty, "-empty")
        # Read after the frame with the rows is out: the read holds Python's interpreter
        # lock for a while with years of data, and would hold that frame back.
        self.memory_pending = True
        self.call_after_refresh(self._drawn)
        self._show_memory()
        self._show_commitments()
        self._show_conversations()
        if empty:
            self.set_focus(None)
        elif self.focused is None:
            self._focus_first()

    def _drawn(self) -> None:
        """The frame with the rows is out: read the memory, and go on with what waited."""
        if self.memory_pending:
            self.memory_pending = False
            self._read_memory()
        if self._once_drawn is not None:
            once_drawn, self._once_drawn = self._once_drawn, None
            once_drawn()

    @work(thread=True, exclusive=True, group="dashboard-memory")
    def _read_memory(self) -> None:
        """The ledger, the nudges, and the recent conversations with no follow-through, read
        off the UI thread: with years of data it takes longer than a keystroke may."""
        from coach.memory import nudges

        found = nudges.overview(self.workspace.store, self.workspace.today())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._memory_read, found)

    def _memory_read(self, found: Overview) -> None:
        from coach.memory import nudges

        if not still_shown(self):
            return
        first = self._ledger is None
        self._ledger, self._nudges, self._unfollowed = found.ledger, found.nudges, found.unfollowed
        self._show_memory()
        shown = {c.id for c in [*self._preparing, *self._recent]}
        if shown & set(self._unfollowed):
            self._show_conversations()  # to add the ⚑ marks
        due = nudges.summary(self._nudges)
        if first and due and self.app.screen is self:
            # The dashboard opens once, with the data: the moment to say what is due (not
            # over a screen that a key typed meanwhile opened: the strip says it).
            self.notify(due, title="Due now", markup=False, timeout=10)

    def _show_memory(self) -> None:
        if self._ledger is None or self._nudges is None:
            return
        strip = self.query_one(MemoryStrip)
        today = self.workspace.today()
        strip.update(
            strip_content(self._ledger, self._nudges, len(self._unfollowed), today, self._width)
        )

    def _show_interrupted(self) -> None:
        """'Meeting with Zoë interrupted at 10:42 - c continues it', for the latest one."""
        line = self.query_one("#interrupted", Static)
        line.display = bool(self._interrupted)
        if self._interrupted:
            latest = self._interrupted[0]
            name = self._names.get(latest.person_id, "?")
            at = interrupted_at(latest, self.workspace.today())
            more = len(self._interrupted) - 1
            others = f" (and {more} more: l lists them)" if more else ""
            line.update(
                literal(f"Meeting with {name} interrupted at {at} — continue? press c{others}")
            )

    def _focus_first(self) -> None:
        for table_id in ("#commitments", "#conversations"):
            table = self.query_one(table_id, ListTable)
            if table.row_count:
                table.focus()
                return

    def _show_commitments(self) -> None:
        table = self.query_one("#commitments", ListTable)
        if not table.columns:
            return
        self._shown_width = self._width
        today = self.workspace.today()
        # The due dates and who take their whole width; the person and the text share
        # the rest (each column has a cell of padding either side).
        dues = [show_due(c.due, today) for c in self._open]
        due_width = widest(dues, "Due")
        names = [self._names.get(c.person_id, "?") for c in self._open]
        name_width, text_width = _share(self._width - 2 - due_width - 4 - 8, 24, names)

        def row(commitment: CommitmentView) -> Row:
            late = commitment.is_overdue(today)
            return commitment.id, (
                cell(show_due(commitment.due, today), style="bold red" if late else ""),
                cell(commitment.owner),
                cell(self._names.get(commitment.person_id, "?"), name_width),
                cell(commitment.text, text_width),
            )

        table.show_rows(self._open, row)
        count = len(self._open)
        overdue = sum(c.is_overdue(today) for c in self._open)
        title = f"Open commitments · {count}" + (f" ({overdue} overdue)" if overdue else "")
        self.query_one("#commitments-title", Static).update(literal(title))
        self.query_one("#commitments-section").set_class(count == 0, "-none")

    def _show_conversations(self) -> None:
        """Those in preparation first (soonest first), then the latest held."""
        table = self.query_one("#conversations", ListTable)
        if not table.columns:
            return
        today = self.workspace.today()
        shown = [*self._preparing, *self._recent]
        names = [self._names.get(c.person_id, "?") for c in shown]
        # Narrow, the dates without their weekday ("15 Dec 2025"), so the names keep theirs.
        day = show_date if self._width >= 80 else show_short
        dates = [day(c.date, today) or "no date" for c in shown]
        statuses = [self._status(c) for c in shown]
        fixed = widest(dates, "Date") + widest(statuses, "Status") + 8
        guidance = self.workspace.guidance
        labels = [guidance.purpose_label(c.purpose) for c in shown]
        name_width, purpose_width = _share(self._width - 2 - fixed, 24, names, widest(labels))

        def row(conversation: Conversation) -> Row:
            preparing = conversation.status is ConversationStatus.PREPARING
            status = cell(self._status(conversation), style="bold" if preparing else "dim")
            if conversation.id in self._unfollowed:
                status.stylize("bold yellow")
            # A purpose shows whole: its title where it fits, else its short label.
            purpose = guidance.purpose_title(conversation.purpose)
            if cell_len(purpose) > purpose_width:
                purpose = guidance.purpose_label(conversation.purpose)
            return conversation.id, (
                cell(day(conversation.date, today) or "no date"),
                cell(self._names.get(conversation.person_id, "?"), name_width),
                cell(purpose, purpose_width),
                status,
            )

        table.show_rows(shown, row)
        title = "Conversations"
        if self._preparing:
            title += f" · {len(self._preparing)} in preparation"
        self.query_one("#conversations-title", Static).update(literal(title))

    def _status(self, conversation: Conversation) -> str:
        """'preparing', 'done', or 'held ⚑' when held with no follow-through recorded."""
        if conversation.id in self._unfollowed:
            return f"{conversation.status.value} {UNFOLLOWED}"
        return conversation.status.value

    # -- acting -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer 'Mark done' only on a commitment, 'Undo' only after one, neither read-only."""
        if self.workspace.read_only and action in CHANGES_DATA:
            return False
        if action in ("mark_done", "settle"):
            focused = self.focused
            return (
                isinstance(focused, ListTable)
                and focused.id == "commitments"
                and bool(focused.row_count)
            )
        if action == "undo":
            return self._undo is not None
        if action == "continue_meeting":
            return bool(self._interrupted)
        return True

    @on(DataTable.RowHighlighted)
    @on(DataTable.RowSelected)
    def _bindings_follow_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        """The footer's keys depend on which table has focus."""
        self.refresh_bindings()

    def action_new_conversation(self) -> None:
        """Start preparing a new conversation."""
        from coach.screens.new_conversation import NewConversationScreen

        self.app.push_screen(NewConversationScreen(self.workspace))

    def action_live(self) -> None:
        """Capture live: the highlighted conversation, or choose (interrupted meetings first)."""
        from coach.screens.live.capture import LiveScreen
        from coach.screens.live.start import start_live

        table = self.query_one("#conversations", ListTable)
        # An interrupted meeting is offered first, whatever the cursor is on.
        if self.focused is table and table.selected_key and not self._interrupted:
            self.app.push_screen(LiveScreen(self.workspace, table.selected_key))
            return
        start_live(self.app, self.workspace)

    def action_continue_meeting(self) -> None:
        """Back into the latest interrupted meeting, its log and half-typed line as left."""
        from coach.screens.live.capture import LiveScreen

        if self._interrupted and not self.workspace.read_only:
            self.app.push_screen(LiveScreen(self.workspace, self._interrupted[0].id))

    def on_click(self, event: events.Click) -> None:
        """A click on the interrupted meeting's line continues it."""
        if event.widget is not None and event.widget.id == "interrupted":
            self.action_continue_meeting()

    def action_review(self) -> None:
        """Search and browse every conversation."""
        from coach.screens.review.conversations import ReviewScreen

        self.app.push_screen(ReviewScreen(self.workspace))

    @on(DataTable.RowSelected, "#conversations")
    def open_conversation(self, event: DataTable.RowSelected) -> None:
        """Resume a conversation at its first step."""
        from coach.screens.steps.flow import step_screen

        if event.row_key.value is not None:
            self.app.push_screen(step_screen("objectives", self.workspace, event.row_key.value))

    @on(DataTable.RowSelected, "#commitments")
    def open_commitment(self, event: DataTable.RowSelected) -> None:
        """Open the follow-through of the conversation a commitment came from."""
        from coach.screens.steps.flow import step_screen

        found = next((c for c in self._open if c.id == event.row_key.value), None)
        conversation_id = found.conversation_id if found else None
        if conversation_id and self.workspace.store.conversations.get(conversation_id):
            self.app.push_screen(step_screen("follow_through", self.workspace, conversation_id))

    async def action_mark_done(self) -> None:
        """Mark the commitment under the cursor as done today."""
        table = self.query_one("#commitments", ListTable)
        commitment_id = table.selected_key
        if commitment_id is None:
            return
        from coach.screens.saving import NotSaved, saved

        store, today = self.workspace.store, self.workspace.today()
        try:
            done = await saved(
                self,
                self.workspace,
                lambda: store.commitments.set_status(commitment_id, CommitmentStatus.DONE, today),
            )
        except NotSaved:
            return
        self._undo = done
        self.refresh_data()
        self.notify(
            f"Done: {visible(done.text)}  (u to undo)", title="Commitment kept", markup=False
        )
        self.refresh_bindings()

    def action_settle(self) -> None:
        """Done, a new date, dropped or edited: the commitment under the cursor, in a dialog."""
        from coach.screens.commitments import settle

        commitment_id = self.query_one("#commitments", ListTable).selected_key
        if commitment_id is not None:
            settle(self, self.workspace, commitment_id, lambda _changed: self.refresh_data())

    async def action_undo(self) -> None:
        """Reopen the commitment just marked done."""
        if self._undo is None:
            return
        commitment_id, store = self._undo.id, self.workspace.store
        today = self.workspace.today()
        self._undo = None
        from coach.screens.saving import NotSaved, saved

        try:
            await saved(
                self,
                self.workspace,
                lambda: store.commitments.set_status(commitment_id, CommitmentStatus.OPEN, today),
            )
        except NotSaved:
            return
        self.refresh_data()
        self.refresh_bindings()
        self.notify("Reopened.", markup=False)


def _share(room: int, most_for_name: int, names: list[str], least: int = 12) -> tuple[int, int]:
    """Split `room` cells between the names (whole, up to `most_for_name`) and a longer
    text, which keeps at least `least`."""
    # Measured as shown: a control character takes no cell raw but one as its symbol.
    longest = max((cell_len(visible(name)) for name in names), default=4)
    name = min(longest, most_for_name, max(8, room - least))
    return name, max(room - name, least)
