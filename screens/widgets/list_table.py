"""A row-per-item table whose Enter key is named in the footer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Self, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

Item = TypeVar("Item")
# A row: its key and its cells.
Row = tuple[str, Sequence[Text]]


def _no_row(_item: object) -> Row:
    raise AssertionError("no rows to show")  # (nothing is pending: none is asked for)


_NOTHING: tuple[Sequence[Any], Callable[[Any], Row]] = ((), _no_row)  # no rows pending


class ListTable(DataTable[object]):
    """A DataTable of whole rows: one item a row, Enter to open it."""

    BINDINGS = [Binding("enter", "select_cursor", "Open")]
    # show_rows adds a screenful of rows at once (as many as the terminal is tall), so
    # that 800 open commitments do not hold up the dashboard's first frame; once that is
    # drawn, the rest MORE_ROWS at a time, one batch after another (a few ms each: keys
    # pressed meanwhile are handled between two), without waiting for a frame each: a
    # frame lays out and draws the whole screen again, ~25 ms a batch on the dashboard.
    MORE_ROWS = 50

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._filling = 0  # which show_rows call the pending rows belong to
        # The last show_rows call's items and how to show one, until all are added.
        self._pending: tuple[Sequence[Any], Callable[[Any], Row]] = _NOTHING

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value) if row_key.value is not None else None

    def column_width(self, key: str) -> int:
        """The width a column's cells are drawn at now, in cells (its padding aside)."""
        column = self.columns[ColumnKey(key)]
        return column.content_width if column.auto_width else column.width

    def show_rows(self, items: Sequence[Item], row: Callable[[Item], Row]) -> None:
        """Show one row per item in place of the current rows, the cursor staying put.

        The first screenful (and the row under the cursor) is added at once; once it
        is drawn, the rest follows in batches, so a long list shows at once.
        """
        keep = self.cursor_row
        self.clear()  # (and what was still to come of the last fill)
        self._pending = (items, row)
        screenful = self.app.size.height  # no table shows more rows than that
        self._add_rows(max(screenful, keep + 1))
        self._measure_now()
        self.move_cursor(row=min(keep, max(self.row_count - 1, 0)))
        if not self.complete:
            self.call_after_refresh(self._add_more, self._filling)

    def _add_rows(self, count: int) -> None:
        """Add the next `count` rows of the last show_rows call."""
        items, row = self._pending
        for item in items[self.row_count : self.row_count + count]:
            key, cells = row(item)
            self.add_row(*cells, key=key)
        if self.row_count >= len(items):
            self._pending = _NOTHING  # all there: the items are not held on to

    def _measure_now(self) -> None:
        """Measure the rows just added, as DataTable does once idle: after the next frame,
        which would show them cut to their columns' titles in a table no taller than its
        header, then redraw them right (a flash at every start).  Its idle handler then
        finds nothing left to measure."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            added = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(added)

    def _add_more(self, filling: int) -> None:
        if filling != self._filling or self.complete:
            return  # refilled meanwhile (these rows are out of date), or added already
        self._add_rows(self.MORE_ROWS)
        if not self.complete:
            self.call_later(self._add_more, filling)

    def _whole(self) -> None:
        """Every row now: a key that moves past the rows added so far (typed ahead, or
        pressed before the rest came) goes where it would in the whole list."""
        if not self.complete:
            self._add_rows(len(self._pending[0]))

    def action_scroll_bottom(self) -> None:
        """ctrl+end: to the last row of the whole list."""
        self._whole()
        super().action_scroll_bottom()

    def action_page_down(self) -> None:
        """Page down, over the whole list."""
        if self.cursor_row + self.size.height >= self.row_count:
            self._whole()
        super().action_page_down()

    def clear(self, columns: bool = False) -> Self:
        """No rows; those of the last show_rows still to come are dropped too."""
        self._filling += 1
        self._pending = _NOTHING
        return super().clear(columns)

    def action_cursor_down(self) -> None:
        """Down, over the whole list."""
        if self.cursor_row >= self.row_count - 1:
            self._whole()
        super().action_cursor_down()

    @property
    def complete(self) -> bool:
        """Whether every row of the last show_rows call has been added."""
        return self.row_count >= len(self._pending[0])
