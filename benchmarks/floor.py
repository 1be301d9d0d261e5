"""The floor for time to a usable dashboard: the least a Textual app with a table can do.

A Header, a DataTable holding one screenful of rows, and a Footer, with no data
to read: any Textual app that shows a table pays at least this much.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROWS = 20


class FloorApp(App[None]):
    """A minimal app with a header, a filled table and a footer."""

    def compose(self) -> ComposeResult:
        """Header, table, footer."""
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table with a screenful of rows."""
        table = self.query_one(DataTable)
        table.add_columns("Date", "With", "Purpose", "Status")
        for number in range(ROWS):
            table.add_row("Fri 20 Nov", f"Person {number}", "Building trust", "held")

    def has_rows(self) -> bool:
        """Whether the table shows its rows."""
        tables = self.query(DataTable)
        return bool(tables) and bool(tables.first().row_count)
