"""A table that shows thousands of rows as fast as a few: only the rows in view are drawn.

Textual's DataTable builds and measures every row it is given, which takes a
second for 5,000 conversations; search results must follow each keystroke.
This table is handed the rows' keys and a function that makes a row's cells, and
calls it only for the rows on screen (remembering them until the rows change).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True)
class Column:
    """One column: its key, its heading, and its width in cells (0: whatever is left)."""

    key: str
    label: str
    width: int = 0


Cells = Callable[[str], list[Text]]


class ResultsTable(ScrollView, can_focus=True):
    """Rows of cells with a cursor; Enter or a click on the highlighted row opens it."""

    COMPONENT_CLASSES = {
        "results-table--header",
        "results-table--cursor",
        "results-table--even-row",
        "results-table--match",
    }
    DEFAULT_CSS = """
    ResultsTable {
        background: $surface;
        height: 1fr;
        & > .results-table--header {
            text-style: bold;
            background: $panel;
        }
        & > .results-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .results-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .results-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .results-table--match {
            text-style: bold reverse;
        }
    }
    """
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to another row (None: the table is empty)."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    class Selected(Message):
        """A row was opened."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class HeaderClicked(Message):
        """A column's heading was clicked (to sort by it)."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, cells: Cells, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._make_cells = cells
        self.columns: list[Column] = []
        self.keys: list[str] = []
        self.cursor = 0
        self._cells: dict[str, list[Text]] = {}

    # -- contents -------------------------------------------------------------------

    def show(self, keys: list[str], keep: str | None = None) -> None:
        """Show these rows, keeping the cursor on `keep` if it is among them."""
        self.keys = keys
        self._cells.clear()
        where = {key: index for index, key in enumerate(keys)}.get(keep or "", 0)
        self.cursor = where
        self.virtual_size = Size(self.size.width, len(keys) + 1)
        self._keep_cursor_in_view()
        self.refresh()
        self.post_message(self.Highlighted(self.selected_key))

    def set_columns(self, columns: list[Column]) -> None:
        """Change the columns (their headings or widths); the rows are drawn anew."""
        self.columns = columns
        self._cells.clear()
        self.refresh()

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None when there are no rows."""
        return self.keys[self.cursor] if self.keys else None

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        return len(self.keys)

    def cells(self, key: str) -> list[Text]:
        """The cells of one row, as shown."""
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._make_cells(key)
        return found

    def widths(self) -> list[int]:
        """Each column's width in cells, the flexible one taking what is left."""
        room = self.scrollable_content_region.width
        fixed = sum(c.width for c in self.columns) + len(self.columns)  # one space before each
        return [c.width or max(room - fixed, 4) for c in self.columns]

    # -- drawing --------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """The heading on the first line, then the rows scrolled into view."""
        width = self.scrollable_content_region.width
        if y == 0:
            header = [Text(c.label) for c in self.columns]
            return self._line(header, self.get_component_rich_style("results-table--header"))
        index = self.scroll_offset.y + y - 1
        if index >= len(self.keys):
            return Strip.blank(width, self.rich_style)
        if index == self.cursor:
            style = self.get_component_rich_style("results-table--cursor")
        elif index % 2:
            style = self.get_component_rich_style("results-table--even-row")
        else:
            style = self.rich_style
        return self._line(self.cells(self.keys[index]), style)

    def _line(self, texts: list[Text], style: Style) -> Strip:
        line = Text(no_wrap=True, end="")
        for width, text in zip(self.widths(), texts, strict=False):
            cell = text.copy()
            cell.truncate(width, overflow="ellipsis", pad=True)
            line.append(" ")
            line.append_text(cell)
        width = self.scrollable_content_region.width
        line.truncate(width, pad=True)
        strip = Strip(list(line.render(self.app.console)), width)
        return strip.apply_style(self.rich_style + style)

    def on_resize(self) -> None:
        """The rows are as wide as the table."""
        self.virtual_size = Size(self.size.width, len(self.keys) + 1)
        self._cells.clear()
        self._keep_cursor_in_view()

    # -- moving ---------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if not self.keys:
            return
        index = max(0, min(index, len(self.keys) - 1))
        if index != self.cursor:
            self.cursor = index
            self.post_message(self.Highlighted(self.selected_key))
        self._keep_cursor_in_view()
        self.refresh()

    def _keep_cursor_in_view(self) -> None:
        rows_in_view = max(self.scrollable_content_region.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows_in_view:
            self.scroll_to(y=self.cursor - rows_in_view + 1, animate=False, immediate=True)

    def action_move(self, rows: int) -> None:
        """Move the cursor up or down."""
        self._move_to(self.cursor + rows)

    def action_page(self, pages: int) -> None:
        """Move the cursor a screenful up or down."""
        self._move_to(self.cursor + pages * max(self.scrollable_content_region.height - 2, 1))

    def action_jump(self, index: int) -> None:
        """Move the cursor to the first (0) or last (-1) row."""
        self._move_to(index if index >= 0 else len(self.keys) - 1)

    def action_open(self) -> None:
        """Open the row under the cursor."""
        if self.keys:
            self.post_message(self.Selected(self.keys[self.cursor]))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = 0
            for column, width in zip(self.columns, self.widths(), strict=False):
                x += width + 1
                if offset.x < x:
                    self.post_message(self.HeaderClicked(column.key))
                    return
            return
        index = self.scroll_offset.y + offset.y - 1
        if index >= len(self.keys):
            return
        if index == self.cursor:
            self.action_open()
        else:
            self._move_to(index)
