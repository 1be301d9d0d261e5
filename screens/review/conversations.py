"""Review: every conversation in one table, narrowed by search as you type and by filters.

The search index is built off the keystroke path when the screen opens (and again
when coming back to it); each keystroke then only looks the words up and redraws
the rows in view, however many conversations there are.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from coach.errors import InvalidInput, Stopped, StoreError
from coach.model import ConversationStatus
from coach.review.rows import BOUND_FORMS, Filters, ReviewRow, parse_bound, review_rows, sort_rows
from coach.review.search import SearchIndex, build_index, highlight, query_words
from coach.screens.dialogs.export import Scope
from coach.screens.exporting import export_from
from coach.screens.reading import history_unreadable, keys_wait_for_rows
from coach.screens.shown import still_shown
from coach.screens.text import literal, widest
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.screens.widgets.results import Column, ResultsTable
from coach.store.views import PersonView
from coach.user_text import collapse, trim, visible
from coach.workspace import Workspace

# The rows shown first, before the search and the rest of the history are read.
FIRST_ROWS = 60
# How long the reading waits for the frame with those rows before going on regardless.
FIRST_FRAME_PATIENCE = 0.5  # seconds
# Below this width the date filters go under the other three, which keep the row.
NARROW = 90
# Fewer cells than this of a note say nothing ("…te pickups in …"): the column goes.
NOTES_AT_LEAST = 24
# Sort orders in the order ctrl+s steps through them, each with its first direction.
SORT_ORDER = (
    ("date", True),
    ("person", False),
    ("purpose", False),
    ("status", False),
    ("open", True),
)


class ReviewScreen(Screen[None]):
    """Find any conversation by what was said in it, by whom, when and why."""

    CSS_PATH = "conversations.tcss"
    AUTO_FOCUS = "#search"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "sort", "Sort"),
        # Shown in the help, not the footer: at 80 columns the footer has room for the rest.
        Binding("ctrl+r", "reverse", "Reverse", show=False),
        Binding("p", "person", "Person"),
        Binding("s", "settle", "Settle"),
        Binding("x", "export", "Export"),
        Binding("slash", "search", "Search", show=False),
        # Down from the search field or the date fields goes to the results.
        Binding("down", "results", "Results", show=False),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._rows: dict[str, ReviewRow] = {}
        self._index: SearchIndex | None = None
        self._people: list[tuple[str, str]] = []
        self._sort, self._descending = "date", True
        self._filters = Filters()
        self._short_purposes = False  # the purposes' short labels, where columns are narrow
        self._whole = False  # every year read, not only the latest months
        self._unreadable = False  # a part of the earlier years is damaged: never whole
        self._count = 0  # how many the list shows (for the count line said again)
        # Lets the keys typed before the first rows go (see keys_wait_for_rows).
        self._rows_shown: Callable[[], None] = lambda: None

    def compose(self) -> ComposeResult:
        """Search, filters, the count, the results."""
        yield Header()
        with Horizontal(id="search-bar"):
            yield Static("Search", classes="bar-label")
            yield LineInput(
                placeholder="words from notes, answers, commitments, names…",
                id="search",
                compact=True,
            )
        # Narrow from the start when the terminal is: set after composing, the class would
        # restyle the three choices and the date fields all over again (~12 ms at 80x24).
        narrow = "-narrow" if self.app.size.width < NARROW else ""
        with Horizontal(id="filters", classes=narrow):
            yield from self._compose_filters()
        yield Note(id="filter-note")
        yield Static(id="count", markup=False)
        yield ResultsTable(self._cells, id="results")
        yield Footer(compact=True)

    def _compose_filters(self) -> ComposeResult:
        """Person, purpose and status; then the dates, below them where room is short."""
        with Horizontal(id="choices"):
            yield Select[str]([], prompt="Anyone", id="person", compact=True)
            yield Select[str](
                [(p.title, p.key) for p in self.workspace.guidance.purposes],
                prompt="Any purpose",
                id="purpose",
                compact=True,
            )
            yield Select[str](
                [(s.value, s.value) for s in ConversationStatus],
                prompt="Any status",
                id="status",
                compact=True,
            )
        with Horizontal(id="dates"):
            yield LineInput(placeholder="from", id="from", compact=True)
            yield LineInput(placeholder="to", id="to", compact=True)

    def on_mount(self) -> None:
        """Read everything in the background; the screen is usable at once."""
        self.title = "Review"
        self.sub_title = "every conversation"
        self._show_columns()
        self.query_one("#count", Static).update("Reading your conversations…")
        self._rows_shown = keys_wait_for_rows(self)

    def on_unmount(self) -> None:
        """Closed (by a click on Back, say) before its rows came: the keys go on at once."""
        self._rows_shown()

    def on_screen_resume(self) -> None:
        """Read everything when the screen opens, and again on coming back to it."""
        self.load()

    def on_resize(self) -> None:
        """Share the width between the columns; below 90 the dates go under the choices."""
        self.query_one("#filters").set_class(self.size.width < NARROW, "-narrow")
        self._show_columns()

    # -- reading ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review-load")
    def load(self) -> None:
        """Build the rows and the search index off the UI thread.

        With years of history the latest months come first (what is at hand, see
        coach.store.placement): they are the first rows newest first, and they show at
        once; the earlier years follow as soon as they are read, the first time only.
        """
        store = self.workspace.store
        try:
            if not store.everything_read:
                self._first_screenful()
                self._read(at_hand=True)
                try:
                    store.read_everything(stop=_closing)
                except StoreError as error:
                    self.app.call_from_thread(self._history_unreadable, error)
                    return
            self._read(at_hand=False)
        except Stopped:
            return  # the screen closed, or coach is quitting: no one waits for the rest

    def _first_screenful(self) -> None:
        """The latest conversations, a screenful, shown before anything else is read (the
        search follows with the rest of the latest months)."""
        store, today = self.workspace.store, self.workspace.today()
        people = store.people.views()
        latest = store.conversations.latest_views(FIRST_ROWS)
        made = store.commitments.views_made_in({view.id for view in latest})
        rows = review_rows(people, latest, made, today, self.workspace.guidance)
        names = _by_name(people)
        drawn = threading.Event()

        def show() -> None:
            self._loaded(rows, SearchIndex(), names, False)
            self.call_after_refresh(drawn.set)

        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(show)
            # The rest is read once these rows are on the screen: reading holds Python's
            # interpreter lock, and would hold back the very frame that shows them. (In
            # slices, so that quitting meanwhile does not wait.)
            deadline = time.monotonic() + FIRST_FRAME_PATIENCE
            while not drawn.wait(0.01) and time.monotonic() < deadline:
                if _closing():
                    raise Stopped

    def _read(self, *, at_hand: bool) -> None:
        """Rows and index of what is stored (only what is at hand if `at_hand`), shown."""
        store, today = self.workspace.store, self.workspace.today()
        people = store.people.views()
        conversations = store.conversations.views(at_hand=at_hand)
        commitments = store.commitments.views(at_hand=at_hand)
        guidance = self.workspace.guidance
        rows = review_rows(people, conversations, commitments, today, guidance)
        index = build_index(
            people,
            conversations,
            commitments,
            guidance,
            reuse=self.workspace.search_index,
            stop=_closing,
        )
        self.workspace.search_index = index
        names = _by_name(people)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, rows, index, names, not at_hand)

    def _loaded(
        self,
        rows: list[ReviewRow],
        index: SearchIndex,
        people: list[tuple[str, str]],
        whole: bool = True,
    ) -> None:
        if not still_shown(self):
            return  # closed while reading
        self._rows = {row.id: row for row in rows}
        self._index = index
        self._whole = whole
        self._show_columns()  # as wide as the names and purposes now known
        if people != self._people:
            self._people = people
            chooser = self.query_one("#person", Select)
            chosen = chooser.value
            chooser.set_options([(Content(visible(name)), key) for name, key in people])
            if chosen is not Select.NULL and any(key == chosen for _, key in people):
                chooser.value = chosen
        self.update_results()
        self._rows_shown()

    # -- narrowing --------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        """What is typed in the search field."""
        return self.query_one("#search", Input).value

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.update_results()

    @on(Select.Changed)
    @on(Input.Changed, "#from, #to")
    def _filters_changed(self) -> None:
        today = self.workspace.today()
        note = self.query_one("#filter-note", Note)
        bounds = []
        problems = []
        for field, end in (("#from", False), ("#to", True)):
            try:
                bounds.append(parse_bound(self.query_one(field, Input).value, today, end=end))
            except InvalidInput:
                bounds.append(None)
                problems.append(field.removeprefix("#"))
        if problems:
            note.say(f"Not a date yet ({' and '.join(problems)}): use {BOUND_FORMS}.", error=True)
        else:
            note.say("")
        self._filters = Filters(
            person_id=self._chosen("#person"),
            purpose=self._chosen("#purpose"),
            status=self._chosen("#status"),
            start=bounds[0],
            end=bounds[1],
        )
        self.update_results()

    def _chosen(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def update_results(self, *, from_the_top: bool = False) -> None:
        """Show the conversations that match the search and pass the filters, in order
        (the cursor staying on its row, or going to the first)."""
        if self._index is None:
            return
        query = self.search_text
        matched = self._index.search(query) if trim(query) else list(self._rows)
        rows = [self._rows[key] for key in matched if key in self._rows]
        shown = sort_rows(
            [r for r in rows if self._filters.admits(r)], self._sort, self._descending
        )
        table = self.query_one(ResultsTable)
        keep = None if from_the_top else table.selected_key
        table.show([row.id for row in shown], keep=keep)
        self._show_count(len(shown))

    def _history_unreadable(self, error: StoreError) -> None:
        """The earlier years cannot be read: say so, and that the list is what could be."""
        self._unreadable = True
        if still_shown(self):
            self._show_count(self._count)
        history_unreadable(self, error)
        self._rows_shown()

    def _show_count(self, count: int) -> None:
        self._count = count
        total = len(self._rows)
        words = "conversation" if total == 1 else "conversations"
        text = f"{count:,} of {total:,} {words}" if count != total else f"{total:,} {words}"
        order = {
            ("date", True): "newest first",
            ("date", False): "oldest first",
            ("open", True): "most open commitments first",
            ("open", False): "fewest open commitments first",
        }.get((self._sort, self._descending))
        if order is None:
            order = f"by {self._sort}" + (", Z to A" if self._descending else "")
        text += f" · {order}"
        if count == 0 and total:
            # While the earlier years are read, the matches may be among them: no advice yet.
            if self._whole:
                text = f"None of {total:,} {words} match · try fewer words, or clear a filter"
            elif self._unreadable:
                text = f"None of the {total:,} that could be read match"
            else:
                text = f"None of the {total:,} read so far match"
        if self._unreadable:
            text = f"{text} · the earlier years cannot be read"
        elif not self._whole:
            text = f"{text} · reading the earlier years…"
        self.query_one("#count", Static).update(literal(text))

    # -- the table --------------------------------------------------------------------

    def _show_columns(self) -> None:
        """Dates, names, purposes and statuses whole; the notes take what is left.

        Where the purposes' titles do not fit, their short labels do ("Develop"); below
        100 columns the steps' marks give way, and the notes too when what would be left
        of them is too short to say anything.
        """
        width = self.size.width
        guidance = self.workspace.guidance
        rows = self._rows.values()
        names = widest((row.person for row in rows), "With")
        titles = widest((row.purpose_title for row in rows), "Purpose")
        labels = widest((guidance.purpose_label(row.purpose) for row in rows), "Purpose")
        columns = [
            Column("date", "Date", 11),
            Column("person", "With", min(names, 24)),
            Column("purpose", "Purpose", titles),
            Column("status", "Status", 9),
            Column("open", "Open", 4),
            Column("steps", "Steps", 5),
        ]
        # One space before each column, and room for the scroll bar.
        room = width - 2 - sum(c.width + 1 for c in columns)
        self._short_purposes = room < NOTES_AT_LEAST
        if self._short_purposes:
            columns[2] = Column("purpose", "Purpose", labels)
            room += titles - labels
        if room < NOTES_AT_LEAST and width < 100:
            columns.remove(columns[5])
            room += 6
        if room >= NOTES_AT_LEAST:
            columns.append(Column("match", "Notes", 0))
        elif room < 0:  # a name too long for a narrow terminal: it alone is cut
            columns[1] = Column("person", "With", max(columns[1].width + room, 8))
        arrow = " ▼" if self._descending else " ▲"
        self.query_one(ResultsTable).set_columns(
            [
                Column(c.key, c.label + (arrow if c.key == self._sort else ""), c.width)
                for c in columns
            ]
        )

    def _cells(self, key: str) -> list[Text]:
        row = self._rows[key]
        table = self.query_one(ResultsTable)
        match = table.get_component_rich_style("results-table--match")
        words = query_words(self.search_text)
        late = Style(color="red", bold=True) if row.overdue else Style()
        purpose = row.purpose_title
        if self._short_purposes:
            purpose = self.workspace.guidance.purpose_label(row.purpose)
        cells = {
            "date": Text(row.date.strftime("%d %b %Y") if row.date else "no date"),
            "person": _marked(visible(row.person), words, match),
            "purpose": Text(visible(purpose)),
            "status": Text(row.status, style="bold" if row.status == "preparing" else ""),
            "open": Text(str(row.open) if row.open else "", style=late),
            "steps": Text(row.steps, style="dim"),
        }
        if table.columns and table.columns[-1].key == "match":
            cells["match"] = self._notes_cell(key, words, match, table.widths()[-1])
        return [cells[column.key] for column in table.columns]

    def _notes_cell(self, key: str, words: list[str], match: Style, width: int) -> Text:
        assert self._index is not None
        snippet = self._index.snippet(key, self.search_text) if words else None
        if snippet is None:
            wanted = next((p for p in self._index.passages(key) if p.label == "Objectives"), None)
            return Text(collapse(visible(wanted.text)) if wanted else "", style="dim")
        # Say where it matched when there is room; a narrow column shows the words only.
        label = f"{snippet.label}: " if width >= 40 else ""
        text = Text()
        text.append(label, style="dim")
        for position, part in enumerate(snippet.cut(width - len(label))):
            text.append(part, style=match if position % 2 else "")
        return text

    @on(ResultsTable.HeaderClicked)
    def _header_clicked(self, event: ResultsTable.HeaderClicked) -> None:
        if event.column not in dict(SORT_ORDER):
            return  # the notes and the steps are not sort orders
        if event.column == self._sort:
            self._descending = not self._descending
        else:
            self._sort, self._descending = event.column, dict(SORT_ORDER)[event.column]
        self._resort()

    def action_sort(self) -> None:
        """Sort by the next column."""
        keys = [key for key, _ in SORT_ORDER]
        following = keys[(keys.index(self._sort) + 1) % len(keys)]
        self._sort, self._descending = following, dict(SORT_ORDER)[following]
        self._resort()

    def action_reverse(self) -> None:
        """Reverse the order."""
        self._descending = not self._descending
        self._resort()

    def _resort(self) -> None:
        # A new order starts from its first row: following the old row to wherever it
        # went left Enter opening a row out of sight, not the one at the top.
        self._show_columns()
        self.update_results(from_the_top=True)

    # -- moving on --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on a row are offered when the results have focus."""
        if action == "settle" and self.workspace.read_only:
            return False
        if action in ("person", "export", "search", "settle"):
            table = self.query_one(ResultsTable)
            return self.focused is table and (action == "search" or table.row_count > 0)
        return True

    def on_descendant_focus(self) -> None:
        """The footer's keys follow the focus."""
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        """The footer's keys follow the focus."""
        self.refresh_bindings()

    @on(Input.Submitted, "#search")
    def _open_first(self) -> None:
        self.query_one(ResultsTable).action_open()

    def action_results(self) -> None:
        """Move to the results."""
        self.query_one(ResultsTable).focus()

    @on(ResultsTable.Selected)
    def _open(self, event: ResultsTable.Selected) -> None:
        from coach.screens.review.conversation_detail import ConversationDetailScreen

        self.app.push_screen(
            ConversationDetailScreen(self.workspace, event.key, query=self.search_text)
        )

    def action_person(self) -> None:
        """Open the timeline of the person in the highlighted conversation."""
        from coach.screens.review.person_timeline import PersonScreen

        key = self.query_one(ResultsTable).selected_key
        if key is not None and key in self._rows:
            self.app.push_screen(PersonScreen(self.workspace, self._rows[key].person_id))

    def action_settle(self) -> None:
        """Done, a new date, dropped or edited: a commitment of the highlighted conversation."""
        from coach.screens.commitments import settle_one_of

        key = self.query_one(ResultsTable).selected_key
        if key is not None and key in self._rows:
            made = self.workspace.store.commitments.find(conversation_id=key)
            settle_one_of(self, self.workspace, made, self._settled)

    def _settled(self, _commitment: object) -> None:
        self.load()  # its open commitments, as they are now

    def action_export(self) -> None:
        """Export the highlighted conversation, its person's, or everything."""
        key = self.query_one(ResultsTable).selected_key
        row = self._rows.get(key or "")
        if row is not None:
            export_from(
                self, self.workspace, Scope(conversation_id=row.id, person_id=row.person_id)
            )

    def action_search(self) -> None:
        """Back to the search field."""
        self.query_one("#search", Input).focus()


def _marked(text: str, words: list[str], style: Style) -> Text:
    """`text` with the searched words marked."""
    shown = Text()
    for position, part in enumerate(highlight(text, words) if words else (text,)):
        shown.append(part, style=style if position % 2 else "")
    return shown


def _by_name(people: list[PersonView]) -> list[tuple[str, str]]:
    """(name, id) of everyone, in the person filter's order."""
    return sorted(((p.name, p.id) for p in people), key=lambda item: item[0].casefold())


def _closing() -> bool:
    """Whether the worker this runs on was cancelled (its screen closed, coach quitting):
    long readings ask, so that quitting never waits for years of history."""
    return get_current_worker().is_cancelled
