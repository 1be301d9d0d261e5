"""Beside the capture log: the questions to ask, and what to keep in mind about them."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.dates import show_due
from coach.memory.facts import current
from coach.model import Commitment, Conversation, Fact, FactKind, PlannedQuestion
from coach.screens.text import one_line
from coach.screens.widgets.known_facts import fact_lines
from coach.user_text import trim, visible

# What helps most in the room first: how to talk with them, then what they care about.
LIVE_KINDS = (
    FactKind.FEEDBACK,
    FactKind.MANAGEMENT,
    FactKind.MATTERS,
    FactKind.CONCERN,
    FactKind.ASPIRATION,
    FactKind.SKILL,
)


class QuestionList(OptionList):
    """The planned questions; the capture line keeps focus, ↑↓ move the highlight."""

    can_focus = False

    def __init__(self) -> None:
        super().__init__(id="questions", markup=False)

    def show_questions(self, questions: list[PlannedQuestion], answering: str | None) -> None:
        """✓ for asked, ○ for not yet, ↳ for the one being answered."""
        keep = self.highlighted
        self.clear_options()
        for question in questions:
            mark = "↳" if question.id == answering else ("✓" if question.asked else "○")
            style = "bold" if question.id == answering else ("dim" if question.asked else "")
            self.add_option(
                Option(
                    Content.assemble((f"{mark} ", style), (visible(question.text), style)),
                    id=question.id,
                )
            )
        if questions:
            first_open = next((i for i, q in enumerate(questions) if not q.asked), 0)
            self.highlighted = keep if keep is not None and keep < len(questions) else first_open

    @property
    def highlighted_id(self) -> str | None:
        """The question ctrl+t would mark."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def move(self, step: int) -> None:
        """Move the highlight up or down."""
        if self.option_count:
            current = self.highlighted if self.highlighted is not None else 0
            self.highlighted = max(0, min(self.option_count - 1, current + step))


def known_about(conversations: list[Conversation]) -> list[tuple[str, str]]:
    """What past conversations' notes say about how they like to work (newest first): shown
    while nothing has been kept as learned."""
    found: list[tuple[str, str]] = []
    for label, step, key in (
        ("Feedback", "safety", "feedback"),
        ("Needs", "mutual_benefit", "their_interests"),
    ):
        text = next((c.note(step, key) for c in conversations if trim(c.note(step, key))), "")
        if text:
            found.append((label, text))
    return found


def context_content(
    open_commitments: list[Commitment],
    known: list[tuple[str, str]],
    today: date,
    learned: list[Fact] | None = None,
) -> Content:
    """Open commitments both ways, then what they have taught us (or, until something is
    kept as learned, what past notes say of their preferences)."""
    parts: list[Content | tuple[str, str] | str] = [("Open between you", "bold $accent"), "\n"]
    if not open_commitments:
        parts.append(("Nothing open.\n", "dim"))
    for commitment in open_commitments:
        late = commitment.is_overdue(today)
        # The date before the text, where the narrow panel cannot split it over two lines.
        parts += [
            (f"{commitment.owner.value:<4} ", "bold"),
            (show_due(commitment.due, today), "bold $error" if late else "dim"),
            " · ",
            one_line(commitment.text, 60),
            "\n",
        ]
    parts += ["\n", ("What we know", "bold $accent"), "\n"]
    held = current(learned or [], LIVE_KINDS)
    if held:
        parts += fact_lines(held, today, 120)
        return Content.assemble(*parts)
    if not known:
        parts.append(("Nothing noted yet: ctrl+f keeps what a line teaches.", "dim"))
    for label, text in known:
        parts += [(f"{label}: ", "bold"), one_line(text, 120), "\n"]
    return Content.assemble(*parts)


class ContextPanel(Static):
    """Open commitments and known preferences."""

    def __init__(self) -> None:
        super().__init__(id="context")
