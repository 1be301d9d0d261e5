"""Reading a screen as a person does, to find what is cut off or covered.

`problems(app)` reads the screen in front once and lists, in plain words, every
label, button, placeholder, table cell or step name that is not shown whole, and
every notification that covers a field or a table; `cut_phrases` checks phrases a
test expects (a date, a name) against the lines the terminal is sent.  Each
problem names the screen, the widget and what was cut, so a failing test reads
like a bug report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, Input, Static, TextArea
from textual.widgets._toast import Toast
from textual.widgets._toggle_button import ToggleButton

from coach.screens.widgets.results import ResultsTable

# The columns whose cells are free text, and so may be cut with "…" to fit: the rest
# (dates, names, purposes, statuses, who) must show whole.
FREE_TEXT_COLUMNS = {"text", "notes", "what", "fact", "summary", "commitment", "snippet"}


def lines(app: App[Any]) -> list[Strip]:
    """What the terminal is sent for the screen in front, one strip a line."""
    return list(app.screen._compositor.render_strips())


def text_of(strips: list[Strip], region: Region) -> str:
    """The characters shown in `region`, its lines joined by newlines."""
    return "\n".join(
        strips[y].crop(region.x, region.right).text
        for y in range(region.y, min(region.bottom, len(strips)))
    )


def squeezed(text: str) -> str:
    """Text with every space and line break taken out (wrapping moves them)."""
    return "".join(text.split())


def _plain(content: object) -> str:
    if isinstance(content, Text):
        return content.plain
    if isinstance(content, Content):
        return content.plain
    return str(content)


def _name(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__


def _scrolled_away(widget: Widget) -> bool:
    """Whether the widget lies in a container that scrolls (its clipping is meant)."""
    for ancestor in widget.ancestors:
        scrolls = isinstance(ancestor, ScrollableContainer | TextArea | DataTable)
        if scrolls and isinstance(ancestor, Widget) and ancestor.allow_vertical_scroll:
            return True
        if isinstance(ancestor, Screen):
            break
    return False


def _meant(widget: Widget) -> str | None:
    """The text a widget is meant to show whole, if it is a label of some kind."""
    if isinstance(widget, ToggleButton):
        return _plain(widget.label)
    if isinstance(widget, Button):
        return _plain(widget.label)
    if isinstance(widget, Input):
        return widget.placeholder if not widget.value else None
    if isinstance(widget, Static) and not isinstance(widget, Toast):
        return _plain(widget.content)
    return None


def cut_labels(app: App[Any], where: str) -> list[str]:
    """Every label, button, placeholder and line of text on the screen not shown whole."""
    screen = app.screen
    strips = lines(app)
    compositor = screen._compositor
    # What a notification lies over is judged by `covered` (a field or table must not be).
    toasts = [g.visible_region for w, g in compositor.full_map.items() if isinstance(w, Toast)]
    found = []
    for widget, geometry in compositor.full_map.items():
        if not widget.display or not widget.visible or widget.screen is not screen:
            continue
        meant = _meant(widget)
        if not meant or not squeezed(meant):
            continue
        if isinstance(widget, Footer) or any(isinstance(a, Footer) for a in widget.ancestors):
            continue
        if type(widget).__name__ == "HeaderTitle":
            continue  # a name or a role may be cut there; tests check the dates in it
        visible = geometry.visible_region
        if any(visible.overlaps(toast) for toast in toasts):
            continue
        region = geometry.region
        if visible != region:
            # Scrolled half out of sight is meant; cut across, inside the lines shown, is not.
            across = visible.y == region.y and visible.height == region.height
            if not visible or (not across and _scrolled_away(widget)):
                continue
            if squeezed(meant) in squeezed(text_of(strips, visible)):
                continue  # only its padding is cut
            found.append(
                f"{where}: {_name(widget)} is cut off by its container: {meant!r} shows as "
                f"{text_of(strips, visible)!r}"
            )
            continue
        shown = text_of(strips, widget.content_region)
        if squeezed(meant) not in squeezed(shown):
            found.append(f"{where}: {_name(widget)} {meant!r} shows as {shown!r}")
    return found


def cut_cells(app: App[Any], where: str) -> list[str]:
    """Every cell of a table's whole-width columns (dates, names, purposes) that is cut."""
    found = []
    for table in app.screen.query(DataTable):
        if not table.display or not table.columns:
            continue
        for column in table.columns.values():
            if str(column.key.value) in FREE_TEXT_COLUMNS:
                continue
            width = column.get_render_width(table) - 2 * table.cell_padding
            for index in range(table.row_count):
                value = table.get_cell_at(Coordinate(index, table.get_column_index(column.key)))
                text = _plain(value)
                for line in text.splitlines() or [""]:
                    if cell_len(line) > width or (line.endswith("…") and text.count("…")):
                        found.append(
                            f"{where}: #{table.id} column {_plain(column.label)!r} is "
                            f"{width} wide: {line!r} does not fit"
                        )
                        break
                else:
                    continue
                break
    return found


def cut_results(app: App[Any], where: str) -> list[str]:
    """The same for the review's results, of which only the rows in view are made."""
    found = []
    for table in app.screen.query(ResultsTable):
        widths = table.widths()
        first = table.scroll_offset.y
        for key in table.keys[first : first + table.size.height]:
            for column, width, value in zip(table.columns, widths, table.cells(key), strict=False):
                if column.key in FREE_TEXT_COLUMNS or column.width == 0:
                    continue
                if cell_len(value.plain) > width:
                    found.append(
                        f"{where}: #{table.id} column {column.label!r} is {width} wide: "
                        f"{value.plain!r} does not fit"
                    )
    return sorted(set(found))


def covered(app: App[Any], where: str) -> list[str]:
    """Every notification lying over the focused field, a field or a table."""
    screen = app.screen
    compositor = screen._compositor
    toasts = [w for w in compositor.full_map if isinstance(w, Toast) and w.display]
    if not toasts:
        return []
    under = [
        w
        for w in compositor.full_map
        if isinstance(w, Input | TextArea | DataTable | ResultsTable | Footer)
        and w.display
        and w.screen is screen
    ]
    found = []
    for toast in toasts:
        region = compositor.full_map[toast].visible_region
        for widget in under:
            if region.overlaps(compositor.full_map[widget].visible_region):
                found.append(
                    f"{where}: a notification ({_plain(toast.render())[:40]!r}) covers "
                    f"{_name(widget)}"
                )
    return found


def cut_phrases(app: App[Any], phrases: Iterable[str], where: str) -> list[str]:
    """Each phrase that does not appear whole on one line of the screen."""
    shown = [strip.text for strip in lines(app)]
    found = []
    for phrase in phrases:
        if any(phrase in line for line in shown):
            continue
        # Name the longest start of it that is shown: what a clipped date reads as.
        for end in range(len(phrase) - 1, 0, -1):
            hit = next((line for line in shown if phrase[:end] in line), None)
            if hit is not None and end >= 4:
                found.append(f"{where}: {phrase!r} is cut: the screen shows {phrase[:end]!r}")
                break
        else:
            found.append(f"{where}: {phrase!r} is not on the screen")
    return found


def problems(app: App[Any], where: str) -> list[str]:
    """Everything cut off or covered on the screen in front."""
    return [
        *cut_labels(app, where),
        *cut_cells(app, where),
        *cut_results(app, where),
        *covered(app, where),
    ]
