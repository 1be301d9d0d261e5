"""Suggested questions for the purpose, the plan so far, and a line for one's own."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.guidance.library import Purpose
from coach.model import PlannedQuestion
from coach.screens.text import literal
from coach.screens.widgets.editors import LineInput
from coach.steps import step_named
from coach.user_text import trim


class PlanList(OptionList):
    """The planned questions; x or delete takes the highlighted one out."""

    BINDINGS = [Binding("x,delete", "remove", "Remove")]

    @dataclass
    class Remove(Message):
        """Take this question out of the plan."""

        question_id: str

    def action_remove(self) -> None:
        """Ask for the highlighted question to be removed."""
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id:
            self.post_message(self.Remove(option.id))


class SuggestionList(OptionList):
    """The purpose's questions; Enter adds the highlighted one to the plan."""

    BINDINGS = [Binding("enter", "select", "Add")]


class QuestionsPanel(Vertical):
    """Choose the questions to ask."""

    @dataclass
    class Add(Message):
        """Add this question to the plan."""

        text: str

    def __init__(self, purpose: Purpose | None, step: str, read_only: bool) -> None:
        super().__init__(id="questions")
        self.purpose = purpose
        self.step = step
        self.read_only = read_only
        self._planned: set[str] = set()

    def compose(self) -> ComposeResult:
        """Suggestions, plan, and the line for one's own question."""
        title = f"Suggested for {self.purpose.title}" if self.purpose else "Suggested"
        yield Static(Content(title), classes="panel-title")
        yield SuggestionList(id="suggestions", markup=False)
        yield Static(Content("Your plan"), id="plan-title", classes="panel-title")
        yield PlanList(id="plan", markup=False)
        yield LineInput(
            placeholder="Add your own question, then Enter",
            id="own-question",
            disabled=self.read_only,
        )

    def show(self, questions: list[PlannedQuestion]) -> None:
        """Show the plan, and mark suggestions already in it."""
        self._planned = {q.text.casefold() for q in questions}
        plan = self.query_one("#plan", PlanList)
        keep = plan.highlighted
        plan.clear_options()
        plan.add_options(
            Option(literal(f"{step_named(q.step).number} · {q.text}"), id=q.id) for q in questions
        )
        if questions:
            plan.highlighted = min(keep or 0, len(questions) - 1)
        self.query_one("#plan-title", Static).update(Content(f"Your plan · {len(questions)}"))
        suggestions = self.query_one("#suggestions", SuggestionList)
        keep = suggestions.highlighted
        suggestions.clear_options()
        if self.purpose:
            suggestions.add_options(
                Option(
                    Content(("✓ " if q.text.casefold() in self._planned else "+ ") + q.text),
                    id=f"suggestion-{index}",
                )
                for index, q in enumerate(self.purpose.questions_for(self.step))
            )
            suggestions.highlighted = keep if keep is not None else 0

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.read_only or self.purpose is None:
            return
        text = self.purpose.questions_for(self.step)[event.option_index].text
        if text.casefold() in self._planned:
            self.notify("That question is already in your plan.", markup=False)
            return
        self.post_message(self.Add(text))

    @on(Input.Submitted, "#own-question")
    def _own_question(self, event: Input.Submitted) -> None:
        event.stop()
        text = trim(event.value)
        if not text:
            return
        event.input.value = ""
        self.post_message(self.Add(text))

    def use_purpose(self, purpose: Purpose | None) -> None:
        """Suggest the questions of another purpose."""
        self.purpose = purpose
        title = f"Suggested for {purpose.title}" if purpose else "Suggested"
        self.query_one(".panel-title", Static).update(Content(title))

    def focus_suggestions(self) -> None:
        """Put the cursor on the suggestions."""
        self.query_one("#suggestions", SuggestionList).focus()
