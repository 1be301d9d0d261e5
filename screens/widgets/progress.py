"""The five steps in a row: where I am, and which steps already hold something."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Click, Resize
from textual.message import Message
from textual.widgets import Static

from coach.steps import STEPS, Step

SHORT = {"transparency": "Transp.", "mutual_benefit": "Mutual", "follow_through": "Follow-up"}
# How the tabs name their steps, the longest first: the bar uses the first that fits
# whole in its width ("numbers" names only the step in front).
NAMINGS = ("long", "short", "numbers")


class StepTab(Static):
    """One step in the progress bar; click it to go there."""

    def __init__(self, step: Step) -> None:
        super().__init__(id=f"progress-{step.key}", classes="step-tab")
        self.step = step
        self.filled = False
        self.naming = "long"

    def text(self, naming: str) -> str:
        """Number, name (long, short, or none but for the current step) and a dot."""
        short = SHORT.get(self.step.key, self.step.title)
        if naming == "numbers" and not self.has_class("-current"):
            name = ""
        else:
            name = self.step.title if naming == "long" else short
        dot = "●" if self.filled else "○"
        return f" {self.step.number} {name} {dot} ".replace("  ", " ")

    def show(self) -> None:
        """Render number, name and a filled or empty dot."""
        self.update(Content(self.text(self.naming)))
        self.set_class(self.filled, "-filled")

    def on_click(self, event: Click) -> None:
        """Go to this step."""
        event.stop()
        self.post_message(StepProgress.Chosen(self.step.key))


class StepProgress(Horizontal):
    """A progress bar of the five steps."""

    DEFAULT_CSS = """
    StepProgress {
        height: 1;
        width: 1fr;
    }
    StepProgress .step-tab {
        width: auto;
        color: $text-muted;
    }
    StepProgress .step-tab.-filled {
        color: $success;
    }
    StepProgress .step-tab.-current {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    """

    @dataclass
    class Chosen(Message):
        """A step was clicked."""

        step: str

    def __init__(self, current: str) -> None:
        super().__init__(id="progress")
        self.current = current

    def compose(self) -> ComposeResult:
        """One tab per step."""
        for step in STEPS:
            tab = StepTab(step)
            tab.set_class(step.key == self.current, "-current")
            yield tab

    def show_filled(self, filled: set[str]) -> None:
        """Mark which steps hold something (repainting only what changed)."""
        for tab in self.query(StepTab):
            if tab.filled != (tab.step.key in filled) or not tab.content:
                tab.filled = tab.step.key in filled
                tab.show()

    def on_resize(self, event: Resize) -> None:
        """The longest names that fit whole: at 100 columns the long ones lost step 5."""
        tabs = list(self.query(StepTab))
        naming = next(
            (n for n in NAMINGS if sum(len(tab.text(n)) for tab in tabs) <= event.size.width),
            NAMINGS[-1],
        )
        for tab in tabs:
            tab.naming = naming
            tab.show()
