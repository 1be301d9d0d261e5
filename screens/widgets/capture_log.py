"""The lines captured so far, newest at the bottom, each with its time and minute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.binding import Binding
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.dates import show_date
from coach.model import Commitment, Entry, EntryKind
from coach.user_text import visible

SAVING, SAVED, FAILED = "saving", "saved", "failed"

MARKS = {
    EntryKind.NOTE: ("·", "dim"),
    EntryKind.QUOTE: ('"', "bold $secondary"),
    EntryKind.DECISION: ("=", "bold $success"),
    EntryKind.CONCERN: ("~", "bold $warning"),
    EntryKind.COMMITMENT: ("!", "bold $accent"),
    EntryKind.QUESTION: ("?", "bold $primary"),
}


@dataclass
class CapturedEntry:
    """A line as the log shows it: the entry, its commitment, and whether it is durable."""

    entry: Entry
    commitment: Commitment | None = None
    state: str = SAVED
    answers: str = ""  # the question it answers, if any


def entry_content(line: CapturedEntry, today: date) -> Content:
    """One log line: time, minute, mark, text (and owner and due date for commitments)."""
    entry = line.entry
    mark, style = MARKS[entry.kind]
    minute = f"+{entry.minute}" if entry.minute is not None else ""
    parts: list[Content | tuple[str, str] | str] = [
        (f"{entry.at:%H:%M} {minute:>4} ", "dim"),
        (f"{mark} ", style),
    ]
    if entry.kind is EntryKind.COMMITMENT and line.commitment is not None:
        due = show_date(line.commitment.due, today) or "no date"
        parts += [
            (f"{line.commitment.owner.value} · ", "bold"),
            visible(entry.text),
            (f" · {due}", "dim"),
        ]
    else:
        parts.append(visible(entry.text))
    if line.answers:
        parts.append((f"  ↳ {visible(line.answers)}", "dim italic"))
    if line.state == SAVING:
        parts.append(("  saving…", "dim"))
    elif line.state == FAILED:
        parts.append(("  ✗ NOT SAVED (ctrl+s retries)", "bold $error"))
    return Content.assemble(*parts)


class CaptureLog(OptionList):
    """The captured lines; Enter corrects the highlighted one, x deletes it."""

    BINDINGS = [
        Binding("enter,e", "fix", "Correct"),
        Binding("x,delete", "delete", "Delete"),
        Binding("escape", "back_to_capture", "Back to typing"),
    ]

    @dataclass
    class Fix(Message):
        """Correct this line."""

        entry_id: str

    @dataclass
    class Delete(Message):
        """Delete this line (asked twice)."""

        entry_id: str

    def __init__(self) -> None:
        super().__init__(id="log", markup=False)
        self._armed: str | None = None
        # What each option shows (id, text, styles), to change only the lines that changed.
        self._shown: list[tuple[str, str, tuple[Span, ...]]] = []

    def show_lines(self, lines: list[CapturedEntry], today: date) -> None:
        """Show every line, keeping the newest in view.

        Only the lines that changed are redrawn: in a long meeting a new line (or a line
        turning from "saving…" to saved) costs the same as in a short one.
        """
        at_end = self.highlighted is None or self.highlighted >= self.option_count - 1
        contents = [entry_content(line, today) for line in lines]
        wanted = [
            (line.entry.id, content.plain, tuple(content.spans))
            for line, content in zip(lines, contents, strict=True)
        ]
        kept = len(self._shown)
        if kept > len(wanted) or [key[0] for key in self._shown] != [
            key[0] for key in wanted[:kept]
        ]:
            # A line went or the order changed: start again.
            self.clear_options()
            kept = 0
        for index in range(kept):
            if self._shown[index] != wanted[index]:
                self.replace_option_prompt_at_index(index, contents[index])
        self.add_options(
            Option(content, id=line.entry.id)
            for line, content in zip(lines[kept:], contents[kept:], strict=True)
        )
        self._shown = wanted
        if lines and (at_end or not self.has_focus):
            self.highlighted = len(lines) - 1
            self.scroll_end(animate=False)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted line's entry."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_fix(self) -> None:
        """Ask to correct the highlighted line."""
        entry_id = self.highlighted_id
        if entry_id:
            self.post_message(self.Fix(entry_id))

    def action_delete(self) -> None:
        """Delete the highlighted line, once asked twice."""
        entry_id = self.highlighted_id
        if entry_id is None:
            return
        if self._armed != entry_id:
            self._armed = entry_id
            self.notify("Press x again to delete this line.", markup=False, timeout=4)
            return
        self._armed = None
        self.post_message(self.Delete(entry_id))

    def action_back_to_capture(self) -> None:
        """Return to the capture line."""
        self.screen.query_one("#capture").focus()
