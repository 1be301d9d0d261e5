"""When the data cannot be opened: says why, in plain words, and offers what can be done.

The screen only asks; the app carries out the choice.  Nothing on this screen
changes any file.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from coach.screens.text import literal


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
            with Horizontal(id="problem-choices"):
                for choice in self._choices:
                    yield Button(
                        Content(choice.label),
                        id=f"choice-{choice.action}",
                        variant=choice.variant,  # type: ignore[arg-type]
                    )
        yield Footer(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Hand the chosen action back to the app."""
        if event.button.id:
            self.dismiss(event.button.id.removeprefix("choice-"))

    def action_choose(self, action: str) -> None:
        """Choose without a button (escape quits)."""
        self.dismiss(action)
