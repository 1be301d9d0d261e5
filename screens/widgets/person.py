"""What to keep in mind about the other person: open promises and the last conversation."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import Static

from coach.dates import show_date, show_due
from coach.guidance.library import Guidance
from coach.memory.facts import LABELS, current
from coach.model import Commitment, Conversation, Fact, Person
from coach.screens.text import one_line
from coach.screens.widgets.known_facts import fact_lines
from coach.user_text import trim, visible

Part = Content | tuple[str, str] | str


def person_content(
    person: Person | None,
    open_commitments: list[Commitment],
    last: Conversation | None,
    today: date,
    guidance: Guidance,
    *,
    learned: list[Fact] | None = None,
) -> Content:
    """The person's details, open commitments both ways, what they have taught us, and the
    last conversation."""
    if person is None:
        return Content("This person is no longer stored.")
    details = ", ".join(part for part in (person.role, person.relationship) if part)
    parts: list[Part] = [(visible(person.name), "bold")]
    if details:
        parts += ["\n", (visible(details), "dim")]
    parts += ["\n\n", ("Open commitments between you", "bold $accent"), "\n"]
    if not open_commitments:
        parts.append(("None open.\n", "dim"))
    for commitment in open_commitments:
        late = commitment.is_overdue(today)
        parts += [
            (f"{commitment.owner.value:<4} ", "bold"),
            visible(commitment.text),
            (f"  {show_due(commitment.due, today)}", "bold $error" if late else "dim"),
            "\n",
        ]
    held = current(learned or [], LABELS)
    if held:
        parts += ["\n", ("What they have taught us", "bold $accent"), "\n"]
        parts += fact_lines(held, today)
    parts += ["\n", ("Last conversation", "bold $accent"), "\n"]
    if last is None:
        parts.append(("This is your first conversation with them.", "dim"))
        return Content.assemble(*parts)
    when = show_date(last.date, today) or "no date set"
    parts += [f"{when} · {guidance.purpose_title(last.purpose)} · {last.status.value}", "\n"]
    for label, step, key in (
        ("Wanted", "objectives", "outcomes"),
        ("Their needs", "mutual_benefit", "their_interests"),
        ("Summary", "follow_through", "summary"),
    ):
        text = last.note(step, key)
        if trim(text):
            parts += [(f"{label}: ", "bold"), one_line(text, 200), "\n"]
    asked = [q for q in last.questions if trim(q.answer)]
    for question in asked[:3]:
        parts += [
            ("Q ", "bold"),
            one_line(question.text, 120),
            "\n",
            ("A ", "bold"),
            one_line(question.answer, 200),
            "\n",
        ]
    if last.summary_confirmed:
        parts.append(("They confirmed the summary.", "dim"))
    return Content.assemble(*parts)


def context_line(
    open_commitments: list[Commitment], last: Conversation | None, today: date, guidance: Guidance
) -> Content:
    """One line kept in view above the fields: what is open between us, when we last spoke."""
    late = sum(c.is_overdue(today) for c in open_commitments)
    parts: list[Part] = []
    if open_commitments:
        parts.append(f"{len(open_commitments)} open between you")
        if late:
            parts += [" (", (f"{late} late", "bold $error"), ")"]
    else:
        parts.append("Nothing open between you")
    if last is not None:
        when = show_date(last.date, today) or "on a day not noted"
        parts.append(f" · last spoke {when}, {guidance.purpose_title(last.purpose).lower()}")
    else:
        parts.append(" · first conversation")
    return Content.assemble(*parts)


class PersonPanel(Static):
    """The 'About them' panel beside each step."""

    def __init__(self) -> None:
        super().__init__(id="person")
