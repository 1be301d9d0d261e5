"""A second floor: Textual drawing a screen shaped like coach's dashboard, with no data.

The floor (benchmarks/floor.py) is one table. coach's dashboard is more: a second
screen pushed over the app's first, a header, a strip, section titles, two tables a
screenful of rows each, and a compact footer. This app draws that shape with fixed
rows and none of coach's modules, so that what coach's start costs beyond it is what
coach itself adds (its modules, reading the data, making its rows), and what it costs
beyond the floor but not beyond this is the shape of its screen.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

ROWS = 24  # a screenful at 80x24, as coach's tables add first (ListTable.show_rows)

CSS = """
.section-title { text-style: bold; padding: 0 1; color: $accent; }
#commitments-section { height: auto; max-height: 40%; min-height: 4; }
#commitments-section DataTable { height: auto; max-height: 100%; }
#conversations-section { height: 1fr; min-height: 4; }
DataTable { height: 1fr; }
#strip { padding: 0 1; color: $text-muted; }
"""


class ShapedLikeTheDashboard(Screen[None]):
    """The dashboard's widgets, filled with fixed rows."""

    def compose(self) -> ComposeResult:
        """Header, strip, two titled tables, footer."""
        yield Header()
        yield Static("Reliability: 14 of 16 kept this year", id="strip")
        with Vertical(id="commitments-section"):
            yield Static("Open commitments · 24", classes="section-title")
            yield DataTable(id="commitments", cursor_type="row", zebra_stripes=True)
        with Vertical(id="conversations-section"):
            yield Static("Conversations · 2 in preparation", classes="section-title")
            yield DataTable(id="conversations", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Columns and a screenful of rows in each table."""
        commitments = self.query_one("#commitments", DataTable)
        commitments.add_columns("Due", "Who", "With", "Commitment")
        for number in range(ROWS):
            commitments.add_row("in 3 days", "I", f"Person {number}", "Send the draft plan")
        conversations = self.query_one("#conversations", DataTable)
        conversations.add_columns("Date", "With", "Purpose", "Status")
        for number in range(ROWS):
            conversations.add_row("Fri 20 Nov", f"Person {number}", "Building trust", "held")


class DashboardFloorApp(App[None]):
    """An app whose first screen is the empty one, then the dashboard's shape over it."""

    CSS = CSS

    def on_mount(self) -> None:
        """Push the shaped screen, as coach pushes its dashboard."""
        self.push_screen(ShapedLikeTheDashboard())

    def has_rows(self) -> bool:
        """Whether the shaped screen's tables show their rows."""
        screen = self.screen
        if not isinstance(screen, ShapedLikeTheDashboard):
            return False
        return any(table.row_count for table in screen.query(DataTable))
