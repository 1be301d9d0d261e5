"""The export dialog: which format, what goes in, private notes or not, and where to.

It only asks; the flow in screens/exporting.py writes the file.  A file that
exists is only replaced once the leader has confirmed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, RadioButton, RadioSet

from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.sharing.exporting import ExportFormat, ExportRequest, default_name, free_path
from coach.user_text import trim, visible
from coach.workspace import Workspace

FORMATS = (
    (ExportFormat.MARKDOWN, "Markdown: a readable record to keep or send"),
    (ExportFormat.JSON, "JSON: everything, to import or for other tools"),
    (ExportFormat.ICS, "iCalendar: check-ins and due dates"),
)


@dataclass(frozen=True)
class Scope:
    """What the export can be narrowed to from where it was asked for."""

    conversation_id: str | None = None
    person_id: str | None = None


@dataclass(frozen=True)
class ExportChoice:
    """What the leader chose: the export, the file, and whether to replace it."""

    request: ExportRequest
    path: Path
    replace: bool = False


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Asks how to export; returns the choice, or None when cancelled."""

    CSS_PATH = "export.tcss"
    AUTO_FOCUS = "#format"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, workspace: Workspace, scope: Scope) -> None:
        super().__init__()
        self.workspace = workspace
        store = workspace.store
        person = store.people.get(scope.person_id) if scope.person_id else None
        self._scopes: list[tuple[str, Scope]] = []
        if scope.conversation_id:
            self._scopes.append(("This conversation", Scope(conversation_id=scope.conversation_id)))
        if person is not None:
            self._scopes.append(
                (f"Every conversation with {person.name}", Scope(person_id=person.id))
            )
        self._scopes.append(("Every conversation", Scope()))
        self._default = ""
        self._confirm: Path | None = None  # the existing file the leader may replace

    def compose(self) -> ComposeResult:
        """The choices, the file, the buttons."""
        with VerticalScroll(id="dialog"):
            yield Label("Export", id="dialog-title")
            with RadioSet(id="format"):
                for index, (_, label) in enumerate(FORMATS):
                    yield RadioButton(label, value=index == 0)
            with RadioSet(id="scope"):
                for index, (label, _) in enumerate(self._scopes):
                    yield RadioButton(Content(visible(label)), value=index == 0)
            yield Checkbox("Include private preparation (Safety, Transparency)", id="private")
            yield Label("Save as", classes="field-label")
            yield LineInput(id="path", compact=True)
            yield Note(id="path-note")
            with Horizontal(id="buttons"):
                yield Button("Export", variant="primary", id="export", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Suggest a file name for the first choice."""
        self._suggest()

    # -- the choice -------------------------------------------------------------------

    @property
    def format(self) -> ExportFormat:
        """The format chosen."""
        index = self.query_one("#format", RadioSet).pressed_index
        return FORMATS[max(index, 0)][0]

    @property
    def request(self) -> ExportRequest:
        """The export as chosen so far."""
        chosen = self.format
        if chosen is not ExportFormat.MARKDOWN:
            return ExportRequest(chosen)
        scope = self._scopes[max(self.query_one("#scope", RadioSet).pressed_index, 0)][1]
        return ExportRequest(
            chosen,
            conversation_id=scope.conversation_id,
            person_id=scope.person_id,
            include_private=self.query_one("#private", Checkbox).value,
        )

    @on(RadioSet.Changed)
    def _changed(self) -> None:
        markdown = self.format is ExportFormat.MARKDOWN
        self.query_one("#scope").display = markdown
        self.query_one("#private").display = markdown
        self._suggest()

    def _suggest(self) -> None:
        """Put a fresh file name in, unless the leader typed their own."""
        field = self.query_one("#path", Input)
        if field.value and field.value != self._default:
            return
        name = default_name(self.workspace.store, self.request, self.workspace.today())
        self._default = _shown(free_path(Path.home() / name))
        field.value = self._default
        self._describe()

    def _describe(self) -> None:
        notes = {
            ExportFormat.MARKDOWN: "A readable record. Without the box above ticked, your "
            "private preparation is left out.",
            ExportFormat.JSON: "Everything you have stored, private notes included: your own "
            "copy, to bring back with coach import.",
            ExportFormat.ICS: "Next check-ins and open commitments' due dates, as all-day events.",
        }
        self.query_one("#path-note", Note).say(notes[self.format])

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        self._confirm = None
        self.query_one("#export", Button).label = "Export"

    # -- answering --------------------------------------------------------------------

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        """Check the file name; ask before replacing a file; then hand the choice back."""
        text = trim(self.query_one("#path", Input).value)
        note = self.query_one("#path-note", Note)
        if not text:
            note.say("Give the file a name.", error=True)
            return
        path = Path(text).expanduser().absolute()
        if path.is_dir():
            note.say("That is a folder: add a file name.", error=True)
        elif not path.parent.is_dir():
            note.say(f"There is no folder {path.parent}.", error=True)
        elif path.exists() and self._confirm != path:
            self._confirm = path
            note.say(
                "A file of that name exists. Press Replace to overwrite it, or change the name.",
                error=True,
            )
            self.query_one("#export", Button).label = "Replace"
        else:
            self.dismiss(ExportChoice(self.request, path, replace=path.exists()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


def _shown(path: Path) -> str:
    """A path as a person would type it (~ for the home folder)."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)
