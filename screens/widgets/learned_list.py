"""Everything a person has taught us, on their page: current facts first, superseded ones
dimmed; Enter (or e) corrects one, s marks it superseded (or current again).

The list only says which fact was picked, and for what (FactPicked); the screen runs
the flow and then calls `refresh_list`."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from coach.dates import show_date, show_short
from coach.memory import facts
from coach.model import Fact
from coach.screens.messages import FactPicked
from coach.screens.text import cell
from coach.screens.widgets.list_table import ListTable
from coach.workspace import Workspace


class FactsTable(ListTable):
    """The facts, one a row."""

    BINDINGS = [
        Binding("enter,e", "act('edit')", "Edit"),
        Binding("s", "act('supersede')", "Supersede"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Facts cannot be changed while another coach holds the data."""
        parent = self.parent
        read_only = isinstance(parent, LearnedList) and parent.workspace.read_only
        return not (action == "act" and read_only)

    def action_act(self, what: str) -> None:
        """Hand the highlighted fact to the list."""
        parent = self.parent
        key = self.selected_key
        if isinstance(parent, LearnedList) and key is not None:
            parent.act(key, what)


class LearnedList(Vertical):
    """'What they have taught us', with its facts."""

    DEFAULT_CSS = """
    LearnedList {
        height: 1fr;
        min-height: 4;
    }
    LearnedList #learned-title {
        text-style: bold;
        color: $accent;
        padding: 0 1;
    }
    LearnedList FactsTable {
        height: 1fr;
    }
    """

    def __init__(self, workspace: Workspace, person_id: str) -> None:
        super().__init__(id="learned")
        self.workspace = workspace
        self.person_id = person_id
        self.found: list[Fact] = []

    def compose(self) -> ComposeResult:
        """Title and table."""
        yield Static(id="learned-title", markup=False)
        yield FactsTable(id="facts")

    def on_mount(self) -> None:
        """Columns, then the facts."""
        self.query_one(FactsTable).add_columns(
            ("Kind", "kind"), ("What they taught us", "text"), ("Learned", "when")
        )
        self.refresh_list()

    def on_resize(self) -> None:
        """The words take the width left."""
        self.refresh_list()

    def refresh_list(self) -> None:
        """Read the person's facts and show them."""
        self.found = self.workspace.store.facts.about(self.person_id)
        today = self.workspace.today()
        table = self.query_one(FactsTable)
        keep = table.cursor_row
        table.clear()
        # Filled on mount, before the page is laid out: the list spans the page, so until
        # it has a width of its own the terminal's is the one it will have.
        width = max((self.size.width or self.app.size.width) - 10 - 20 - 8, 16)
        for fact in self.found:
            style = "" if fact.current else "dim"
            table.add_row(
                cell(facts.SHORT[fact.kind], style=style or "bold"),
                cell(fact.text, width, style="dim strike" if not fact.current else ""),
                cell(_when(fact, today), 20, style=style),
                key=fact.id,
            )
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))
        current = sum(f.current for f in self.found)
        title = "What they have taught us"
        if self.found:
            title += f" · {current}" + (
                f" (and {len(self.found) - current} superseded)"
                if current < len(self.found)
                else ""
            )
        else:
            title += ": nothing yet (f keeps something you learned)"
        self.query_one("#learned-title", Static).update(title)
        table.display = bool(self.found)

    def act(self, fact_id: str, what: str) -> None:
        """Tell the screen to correct or supersede one fact."""
        found = next((f for f in self.found if f.id == fact_id), None)
        if found is None or self.workspace.read_only:
            return
        self.post_message(FactPicked(found, what))


def _when(fact: Fact, today: date) -> str:
    """'Fri 13 Nov' while it holds; '13 Nov → 20 Nov' once superseded."""
    if fact.superseded_on is None:
        return show_date(fact.learned_on, today)
    return f"{show_short(fact.learned_on, today)} → {fact.superseded_on:%d %b}"
