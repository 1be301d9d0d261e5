"""What a person has taught us, shown where it helps: beside a step, in live capture."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual.content import Content
from textual.widgets import Static

from coach.dates import show_date
from coach.memory import facts
from coach.model import Fact, FactKind
from coach.screens.text import one_line

Part = Content | tuple[str, str] | str


def fact_lines(found: Iterable[Fact], today: date, width: int = 200) -> list[Part]:
    """One line a fact: its kind, its words, when it was learned."""
    parts: list[Part] = []
    for fact in found:
        parts += [
            (f"{facts.SHORT[fact.kind]}: ", "bold"),
            one_line(fact.text, width),
            (f"  {show_date(fact.learned_on, today)}", "dim"),
            "\n",
        ]
    return parts


# What a step's facts are about, as a leader would say it.
IN_WORDS: dict[tuple[FactKind, ...], str] = {
    facts.FOR_SAFETY: "how they like feedback and to be managed",
    facts.FOR_MUTUAL_BENEFIT: "what matters to them, their aspirations and skills",
}


def known_content(found: list[Fact], kinds: tuple[FactKind, ...], today: date) -> Content:
    """The current facts of these kinds, or how to start keeping them."""
    shown = facts.current(found, kinds)
    parts: list[Part] = [("What they have taught us", "bold $accent"), "\n"]
    if not shown:
        named = IN_WORDS.get(kinds, "")
        about = f" about {named}" if named else ""
        parts.append((f"Nothing learned yet{about}: ctrl+f on a note keeps it.", "dim"))
        return Content.assemble(*parts)
    parts += fact_lines(shown, today)
    return Content.assemble(*parts[:-1])  # no newline after the last


class KnownFacts(Static):
    """The facts a step needs, above its fields."""

    DEFAULT_CSS = """
    KnownFacts {
        height: auto;
        margin-top: 1;
        padding: 0 1;
        border-left: outer $accent;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="known-facts")
