"""The passphrase of encrypted data, asked before anything else is shown (three tries)."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

TRIES = 3


class PassphraseScreen(Screen[bool]):
    """A masked field for the passphrase; dismissed with True once the data's key is held."""

    CSS_PATH = "passphrase.tcss"
    AUTO_FOCUS = "#passphrase"
    # Escape leaves too, as ctrl+q does (the footer shows that one).
    BINDINGS = [Binding("escape", "leave", "Quit", show=False)]

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        self.tries_left = TRIES

    def compose(self) -> ComposeResult:
        """The words, the field, a line for what went wrong."""
        yield Header()
        with Middle(), Center(), Vertical(id="passphrase-box"):
            yield Static("Your data is encrypted. Type its passphrase.", markup=False)
            yield Input(password=True, placeholder="passphrase", id="passphrase")
            yield Static("", id="passphrase-note", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """The title says where the data is."""
        self.title = "coach"
        self.sub_title = "encrypted data"

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        field = event.input
        if not field.value:
            return
        field.disabled = True
        self.query_one("#passphrase-note", Static).update("Opening…")
        self._unlock(field.value)

    @work(thread=True, exclusive=True, group="unlock")
    def _unlock(self, passphrase: str) -> None:
        """Derive the key off the screen's thread (scrypt takes a good part of a second)."""
        from coach.errors import StoreError
        from coach.storage import unlocking
        from coach.storage.sealing import CannotOpen

        try:
            unlocking.unlock(self.directory, passphrase)
        except CannotOpen:
            self.app.call_from_thread(self._wrong)
            return
        except StoreError as error:
            self.app.call_from_thread(self._cannot, str(error))
            return
        self.app.call_from_thread(self.dismiss, True)

    def _wrong(self) -> None:
        self.tries_left -= 1
        if self.tries_left <= 0:
            self.app.exit(
                return_code=1,
                message="coach: that passphrase does not open the data (three tries); "
                "nothing was changed.",
            )
            return
        tries = "try" if self.tries_left == 1 else "tries"
        self._cannot(
            f"Wrong passphrase, or the key file is damaged ({self.tries_left} more {tries})."
        )

    def _cannot(self, words: str) -> None:
        self.query_one("#passphrase-note", Static).update(words)
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.disabled = False
        field.focus()

    def action_leave(self) -> None:
        """Quit without opening anything."""
        self.app.exit()
