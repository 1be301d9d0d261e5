"""Carry-over: every open commitment between the leader and this person, both ways, from
earlier conversations, to review while preparing the next one and close out on the spot.

The list only says which commitment was picked, and for what (CommitmentPicked); the
screen runs the flow and then calls `refresh_list`."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from coach.dates import show_due
from coach.model import Commitment, CommitmentStatus
from coach.screens.messages import CommitmentPicked
from coach.screens.text import cell, widest, wrapped
from coach.workspace import Workspace

WHO = {"me": "I", "them": "they", "both": "we"}
HINT = "⏎ close out · d done · x drop · r new date"
REACH = "To settle one, shift+tab up to this list"


class CarryOverTable(DataTable[object]):
    """The open commitments; Enter asks what became of one, d/x/r answer at once."""

    BINDINGS = [
        Binding("enter", "act('close')", "Close out"),
        # Shortcuts for the three answers, named above the list and in the help: at 80
        # columns the footer has no room for them beside the step's own keys.
        Binding("d", "act('done')", "Done", show=False),
        Binding("x", "act('drop')", "Drop", show=False),
        Binding("r", "act('date')", "New date", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="carry-over-table", cursor_type="row", zebra_stripes=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing can be closed out while another coach holds the data."""
        parent = self.parent
        read_only = isinstance(parent, CarryOver) and parent.workspace.read_only
        return not (action == "act" and read_only)

    def action_act(self, what: str) -> None:
        """Hand the highlighted commitment to the list."""
        parent = self.parent
        if isinstance(parent, CarryOver) and self.row_count:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
            parent.act(str(row_key.value), what)


class CarryOver(Vertical):
    """'Open between you': shown only when something is open."""

    DEFAULT_CSS = """
    CarryOver {
        height: auto;
        margin-top: 1;
    }
    CarryOver #carry-over-title {
        text-style: bold;
    }
    CarryOver #carry-over-hint {
        color: $text-muted;
    }
    CarryOver CarryOverTable {
        height: auto;
        max-height: 7;
    }
    """

    def __init__(
        self,
        workspace: Workspace,
        person_id: str,
        conversation_id: str,
        width_to_come: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(id="carry-over")
        # The screen's word for how wide the list will be: it is filled on mount, before
        # the screen is laid out, and would otherwise be drawn squeezed for a frame.
        self.width_to_come = width_to_come
        self.workspace = workspace
        self.person_id = person_id
        self.conversation_id = conversation_id
        self.open = self._read()

    def compose(self) -> ComposeResult:
        """Title, hint, the list."""
        yield Static(id="carry-over-title", markup=False)
        yield Static(REACH, id="carry-over-hint", markup=False)
        yield CarryOverTable()

    def on_mount(self) -> None:
        """The commitments."""
        self.refresh_list()

    def on_resize(self) -> None:
        """The text takes the width left."""
        self.refresh_list()

    def on_descendant_focus(self) -> None:
        """In the list: its keys."""
        self.query_one("#carry-over-hint", Static).update(HINT)

    def on_descendant_blur(self) -> None:
        """Elsewhere: how to get here."""
        self.query_one("#carry-over-hint", Static).update(REACH)

    def _read(self) -> list[Commitment]:
        """This person's open commitments from earlier conversations, soonest due first."""
        store = self.workspace.store
        return [
            c
            for c in store.commitments.find(person_id=self.person_id, status=CommitmentStatus.OPEN)
            if c.conversation_id != self.conversation_id
        ]

    def refresh_list(self) -> None:
        """Read the commitments again and list them."""
        self.open = self._read()
        today = self.workspace.today()
        table = self.query_one(CarryOverTable)
        keep = table.cursor_row
        # The fields column is narrow: who and the due dates show whole, the text takes
        # what is left, and wraps.
        dues = [show_due(c.due, today) for c in self.open]
        due_width = widest(dues, "Due")
        width = self._width()
        # Narrow (60 columns), who goes in front of the text: "I: Send the plan".
        apart = width - 4 - due_width - 6 >= 12
        table.clear(columns=True)
        if apart:
            table.add_column("Who", width=4, key="who")
        table.add_column("Due", width=due_width, key="due")
        # Each column has a cell of padding either side; two more for the scroll bar.
        room = width - due_width - (12 if apart else 7)
        table.add_column("What", width=max(room, 8), key="text")
        for commitment in self.open:
            late = commitment.is_overdue(today)
            who = WHO[commitment.owner.value]
            cells = [
                cell(show_due(commitment.due, today), style="bold red" if late else ""),
                wrapped(commitment.text if apart else f"{who}: {commitment.text}"),
            ]
            table.add_row(
                *([cell(who)] if apart else []) + cells,
                key=commitment.id,
                height=None,
            )
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))
        count = len(self.open)
        self.query_one("#carry-over-title", Static).update(
            f"Carried over: open between you · {count}"
        )
        self.display = bool(self.open)
        hint = self.query_one("#carry-over-hint", Static)
        hint.display = not self.workspace.read_only

    def _width(self) -> int:
        """The width the list has, or, filled on mount before the step is laid out, the
        width the step will give it: the first frame is drawn as it stays."""
        if self.size.width or self.width_to_come is None:
            return self.size.width
        return self.width_to_come()

    def act(self, commitment_id: str, what: str) -> None:
        """Tell the screen to close out, mark done, drop or renegotiate one commitment."""
        found = next((c for c in self.open if c.id == commitment_id), None)
        if found is None or self.workspace.read_only:
            return
        self.post_message(CommitmentPicked(found, what))
