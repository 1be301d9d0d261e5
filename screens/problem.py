"""When the data cannot be opened: says why, in plain words, and offers what can be done.

The screen only asks; the opening screen carries out the choice.  Nothing on this
screen changes any file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from coach.errors import (
    CorruptDataError,
    DataInUseError,
    MissingDataError,
    NewerVersionError,
    StoreError,
)
from coach.screens.text import literal
from coach.storage.backups import newest_good


@dataclass(frozen=True)
class Choice:
    """One way forward: the button's words and what the app should do."""

    label: str
    action: str  # "read-only", "restore", "afresh" or "quit"
    variant: str = "default"


class DataProblemScreen(Screen[str]):
    """Explains a problem with the data and returns the chosen action."""

    CSS_PATH = "problem.tcss"
    BINDINGS = [Binding("escape", "choose('quit')", "Quit")]

    def __init__(self, heading: str, explanation: str, choices: list[Choice]) -> None:
        super().__init__()
        self._heading = heading
        self._explanation = explanation
        self._choices = choices

    def compose(self) -> ComposeResult:
        """Lay out the screen."""
        yield Header()
        with VerticalScroll(id="problem"):
            yield Static(literal(self._heading), id="problem-heading")
            # Paths and error text come from the system: never read them as markup, and
            # a folder name holding an escape sequence must not drive the terminal.
            yield Static(literal(self._explanation), id="problem-explanation")
            # One under another: three ways forward side by side do not fit 80 columns.
            with Vertical(id="problem-choices"):
                for choice in self._choices:
                    yield Button(
                        Content(choice.label),
                        id=f"choice-{choice.action}",
                        variant=choice.variant,  # type: ignore[arg-type]
                    )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """The first way forward has the cursor, so Enter takes it."""
        buttons = self.query(Button)
        if buttons:
            buttons.first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Hand the chosen action back to the app."""
        if event.button.id:
            self.dismiss(event.button.id.removeprefix("choice-"))

    def action_choose(self, action: str) -> None:
        """Choose without a button (escape quits)."""
        self.dismiss(action)


def problem_screen(error: StoreError, directory: Path) -> DataProblemScreen:
    """The problem screen for `error`: what happened, and the ways forward from it."""
    heading, choices = "coach cannot open your data", [Choice("Quit", "quit", "primary")]
    explanation = str(error)
    if isinstance(error, DataInUseError):
        heading = "Your data is open in another coach"
        explanation += (
            "\n\nOnly one coach can change the data at a time, so nothing is lost. "
            "Close the other one, or open this one read-only to look things up."
        )
        choices = [Choice("Open read-only", "read-only", "primary"), Choice("Quit", "quit")]
    elif isinstance(error, CorruptDataError):
        missing = isinstance(error, MissingDataError)
        heading = "Your data file is missing" if missing else "Your data file cannot be read"
        backup = newest_good(directory)
        if backup is not None:
            explanation += f"\n\nThe newest good backup is from {backup.describe()}." + (
                ""
                if missing
                else " Restoring it keeps the unreadable file beside it, renamed, so nothing "
                "is thrown away."
            )
            choices = [
                Choice(f"Restore the backup of {backup.taken:%d %b %H:%M}", "restore", "primary")
            ]
        else:
            explanation += "\n\nThere is no backup to restore."
            choices = []
        choices += [
            Choice("Start afresh" if missing else "Start afresh (keep the file aside)", "afresh"),
            Choice("Quit", "quit"),
        ]
    elif isinstance(error, NewerVersionError):
        heading = "This data needs a newer coach"
    return DataProblemScreen(heading, explanation, choices)
