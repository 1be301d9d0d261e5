"""A look back at how the meeting was held: three statements, one key each (y, p or n),
f2 for the idea behind the one shown; escape skips the rest and keeps what was rated."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from coach.guidance.look_back import NOT_REALLY, PARTLY, YES, Rating, ratings


class LookBackDialog(ModalScreen[dict[str, int]]):
    """How did I hold it? Dismisses with the ratings given (maybe none)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y", f"rate({YES})", "Yes"),
        Binding("p", f"rate({PARTLY})", "Partly"),
        Binding("n", f"rate({NOT_REALLY})", "Not really"),
        Binding("f2", "why", "Why ask"),
        Binding("escape", "skip", "Skip"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.statements: tuple[Rating, ...] = ratings()
        self.given: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        """The statement to rate and where it is in the three."""
        with VerticalScroll(classes="dialog"):
            yield Label("Looking back: how did I hold it?", classes="dialog-title")
            yield Static(id="statement")
            yield Static(id="idea", classes="about")
            yield Static(Content("y yes · p partly · n not really · escape skips"), classes="about")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """The first statement."""
        self._show()

    @property
    def current(self) -> Rating:
        """The statement being rated."""
        return self.statements[len(self.given)]

    def _show(self) -> None:
        number, total = len(self.given) + 1, len(self.statements)
        self.query_one("#statement", Static).update(
            Content.assemble((f"{number} of {total}  ", "dim"), (self.current.statement, "bold"))
        )
        self.query_one("#idea", Static).update(Content(""))

    def action_rate(self, rating: int) -> None:
        """Rate the statement shown; after the last, done."""
        self.given[self.current.key] = rating
        if len(self.given) == len(self.statements):
            self.dismiss(self.given)
        else:
            self._show()

    def action_why(self) -> None:
        """The idea behind the statement shown."""
        self.query_one("#idea", Static).update(Content(self.current.idea))

    def action_skip(self) -> None:
        """Leave the rest unrated."""
        self.dismiss(self.given)
