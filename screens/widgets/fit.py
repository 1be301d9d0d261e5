"""When the terminal is too small for coach: a clear notice in place of a broken layout.

Below MIN_WIDTH x MIN_HEIGHT a step's fields and its guide no longer fit side by
side, the dashboard has no room for its two tables and the forms lose their
buttons, so instead of squeezing them every screen shows one notice saying how
big the terminal is and how big it needs to be.  The screen underneath is kept
as it was and comes back as soon as the window is large enough.  The app calls
`fit` whenever the terminal is resized or another screen comes to the front.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

# 60 columns leave a step's fields 30 next to a 30-column guide; 16 rows leave the
# dashboard's two tables a few rows each under the header, titles and footer.
MIN_WIDTH = 60
MIN_HEIGHT = 16
TOO_SMALL = "-too-small"


class TooSmallNotice(Static, can_focus=True):
    """Says the terminal is too small; holds the focus so typing goes nowhere unseen."""

    DEFAULT_CSS = """
    TooSmallNotice {
        display: none;
        width: 1fr;
        height: 1fr;
        content-align: center middle;
        text-align: center;
        padding: 0 1;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)
        self.focused_before: Widget | None = None


def too_small(width: int, height: int) -> bool:
    """Whether a terminal of this size cannot show coach's screens."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


def fit(screen: Screen[object], width: int, height: int) -> None:
    """Show the notice on `screen` if the terminal is too small, or the screen if not."""
    notices = screen.query_children(TooSmallNotice)
    if too_small(width, height):
        notice = notices.first() if notices else TooSmallNotice()
        notice.update(
            f"This terminal is {width}x{height}.\n\ncoach needs at least "
            f"{MIN_WIDTH}x{MIN_HEIGHT}: please make the window larger.\n\n"
            "(Nothing is lost meanwhile; ctrl+q saves and quits.)"
        )
        if not notices:
            screen.mount(notice)
        if not screen.has_class(TOO_SMALL):
            notice.focused_before = screen.focused
            screen.add_class(TOO_SMALL)
            notice.focus()
    elif notices and screen.has_class(TOO_SMALL):
        screen.remove_class(TOO_SMALL)
        notice = notices.first()
        before, notice.focused_before = notice.focused_before, None
        if before is not None and before.is_attached:
            screen.set_focus(before)
        else:
            screen.set_focus(None)
            screen.focus_next()
