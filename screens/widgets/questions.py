"""Suggested questions for the purpose, the plan so far, and a line for one's own.

A weak question (closed, leading, stacked, a "why" about a choice) gets a quiet hint under
the line as it is typed, and when it is highlighted in the plan: what makes it weak and a
better question, with the idea behind it on F2. Nothing blocks; the question is the
leader's to keep.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.guidance.library import Purpose
from coach.guidance.question_hints import Hint, QuestionRules, hint_for
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


def hint_content(hint: Hint) -> Content:
    """A hint as the panel shows it: short, so the question line stays in view at 80x24;
    F2 tells the rest."""
    return Content.assemble(("↳ ", "dim"), (hint.short, "italic"), ("  f2: why", "dim"))


class QuestionsPanel(Vertical):
    """Choose the questions to ask."""

    BINDINGS = [Binding("f2", "why", "Why this hint", show=False)]

    @dataclass
    class Add(Message):
        """Add this question to the plan."""

        text: str

    @dataclass
    class Why(Message):
        """Tell why this question got its hint (the screen opens the explanation)."""

        question: str
        hint: Hint

    def __init__(
        self,
        purpose: Purpose | None,
        step: str,
        read_only: bool,
        rules: QuestionRules | None = None,
    ) -> None:
        super().__init__(id="questions")
        self.purpose = purpose
        self.step = step
        self.read_only = read_only
        self.rules = rules  # None: hints are turned off
        self._planned: set[str] = set()
        self._texts: dict[str, str] = {}  # the plan's questions by id
        self._hint: Hint | None = None
        self._hinted = ""  # the question the hint is about

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
        yield Static(id="question-hint", markup=False)

    def _elsewhere(self, step: str) -> str:
        return "" if step == self.step else f" ({step_named(step).title})"

    def show(self, questions: list[PlannedQuestion]) -> None:
        """Show the plan, and mark suggestions already in it."""
        self._planned = {q.text.casefold() for q in questions}
        self._texts = {q.id: q.text for q in questions}
        plan = self.query_one("#plan", PlanList)
        keep = plan.highlighted
        plan.clear_options()
        # Numbered in the order asked; a question meant for another step says which.
        plan.add_options(
            Option(literal(f"{index}. {q.text}{self._elsewhere(q.step)}"), id=q.id)
            for index, q in enumerate(questions, start=1)
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
        self._show_hint("")
        self.post_message(self.Add(text))

    @on(Input.Changed, "#own-question")
    def _typing_a_question(self, event: Input.Changed) -> None:
        self._show_hint(event.value)

    @on(OptionList.OptionHighlighted, "#plan")
    def _planned_question(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_list.has_focus:
            self._show_hint(self._texts.get(event.option.id or "", ""))

    @on(OptionList.OptionHighlighted, "#suggestions")
    def _suggested_question(self, event: OptionList.OptionHighlighted) -> None:
        # coach's own questions pass clean; one the user added to their bank may not.
        event.stop()
        if event.option_list.has_focus:
            self._show_hint(self._suggestion(event.option_index))

    def _suggestion(self, index: int | None) -> str:
        questions = self.purpose.questions_for(self.step) if self.purpose else []
        return questions[index].text if index is not None and index < len(questions) else ""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The hint follows the cursor: the question being typed, or the one highlighted."""
        if isinstance(event.widget, SuggestionList):
            self._show_hint(self._suggestion(event.widget.highlighted))
        elif isinstance(event.widget, PlanList):
            option = event.widget.highlighted_option
            self._show_hint(self._texts.get(option.id or "", "") if option else "")
        elif isinstance(event.widget, Input):
            self._show_hint(event.widget.value)
        else:
            self._show_hint("")

    def _show_hint(self, question: str) -> None:
        """The hint for `question` under the line, or nothing for a good one."""
        self._hint = hint_for(question, self.rules) if self.rules is not None else None
        self._hinted = question
        line = self.query_one("#question-hint", Static)
        line.display = self._hint is not None
        if self._hint is not None:
            line.update(hint_content(self._hint))

    def action_why(self) -> None:
        """Ask for the hint shown to be explained."""
        if self._hint is not None:
            self.post_message(self.Why(self._hinted, self._hint))

    def use_rules(self, rules: QuestionRules | None) -> None:
        """Hint with these rules from now on (None: hints turned off)."""
        self.rules = rules
        focused = self.screen.focused
        if isinstance(focused, Input) and focused.id == "own-question":
            self._show_hint(focused.value)
        else:
            self._show_hint("")

    def use_purpose(self, purpose: Purpose | None) -> None:
        """Suggest the questions of another purpose."""
        self.purpose = purpose
        title = f"Suggested for {purpose.title}" if purpose else "Suggested"
        self.query_one(".panel-title", Static).update(Content(title))

    def focus_suggestions(self) -> None:
        """Put the cursor on the suggestions."""
        self.query_one("#suggestions", SuggestionList).focus()
