"""A row-per-item table whose Enter key is named in the footer."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey


class ListTable(DataTable[object]):
    """A DataTable of whole rows: one item a row, Enter to open it."""

    BINDINGS = [Binding("enter", "select_cursor", "Open")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value) if row_key.value is not None else None

    def column_width(self, key: str) -> int:
        """The current width of a column, in cells."""
        return self.columns[ColumnKey(key)].width
