"""Question hints where a leader plans questions: under the line as a question is typed,
for the highlighted question of the plan, the idea behind a hint on F2, and a setting (in
the palette, kept in config.toml) that turns them off."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from coach.locations import config_dir
from coach.screens.dialogs.hint_idea import HintIdea
from coach.screens.widgets.questions import QuestionsPanel
from coach.settings import read_settings
from tests.screens.test_steps import open_steps, seed
from tests.support.ui import in_palette, make_app, opened, settle, type_text, wait_until

# An open question from the seeds (seed 001 asks leaders to learn needs and goals).
OPEN = "What would make this next year a good one for you?"
CLOSED = "Do you like the new roster?"


def hint_line(panel: QuestionsPanel) -> str:
    """What the hint line under the question shows ("" when it is hidden)."""
    line = panel.query_one("#question-hint", Static)
    return str(line.render()) if line.display else ""


async def test_a_closed_question_is_hinted_as_it_is_typed_and_an_open_one_is_not(
    data_dir: Path,
) -> None:
    """Typing a yes/no question shows why and a better one; an open question shows nothing."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        panel = screen.query_one(QuestionsPanel)
        panel.query_one("#own-question").focus()
        await type_text(pilot, CLOSED)
        await settle(pilot)
        shown = hint_line(panel)
        assert "yes or a no" in shown
        assert "Try: What do you think of the new roster?" in shown
        assert "seeds" not in shown  # the idea waits for F2
        await pilot.press("f2")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, HintIdea)
        why = " ".join(str(text.render()) for text in dialog.query(Static))
        assert "invites them to tell you more" in why
        assert "dialogues prompted by asking questions" in why
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, HintIdea)
        assert panel.query_one("#own-question", Input).value == CLOSED  # as it was
        await pilot.press("enter")  # the leader's question is theirs to keep
        await settle(pilot)
        assert hint_line(panel) == ""
        await type_text(pilot, OPEN)
        await settle(pilot)
        assert hint_line(panel) == ""


async def test_the_highlighted_planned_question_shows_its_hint(data_dir: Path) -> None:
    """Moving through the plan, a weak question's hint shows under it; a good one's none."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        panel = screen.query_one(QuestionsPanel)
        panel.query_one("#own-question").focus()
        for question in (OPEN, "Surely you agree the plan is better?"):
            await type_text(pilot, question)
            await pilot.press("enter")
            await settle(pilot)
        panel.query_one("#plan").focus()
        await pilot.press("home")
        await settle(pilot)
        assert hint_line(panel) == ""
        await pilot.press("down")
        await settle(pilot)
        assert "suggests its own answer" in hint_line(panel)
        panel.query_one("#own-question").focus()  # back to typing: the hint is the line's
        await settle(pilot)
        assert hint_line(panel) == ""


async def test_hints_can_be_turned_off_and_stay_off(data_dir: Path) -> None:
    """The palette turns hints off at once; the choice is kept for the next start."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        panel = screen.query_one(QuestionsPanel)
        await in_palette(pilot, "question hints", "Question hints: turn off")
        panel.query_one("#own-question").focus()
        await type_text(pilot, CLOSED)
        await settle(pilot)
        assert hint_line(panel) == ""
    settings, problem = read_settings(config_dir())
    assert problem is None and settings.question_hints is False
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        panel = screen.query_one(QuestionsPanel)
        panel.query_one("#own-question").focus()
        await type_text(pilot, CLOSED)
        await settle(pilot)
        assert hint_line(panel) == ""
        await in_palette(pilot, "question hints", "Question hints: turn on")
        await settle(pilot)
        assert "yes or a no" in hint_line(panel)


async def test_a_weak_question_of_the_users_own_bank_is_hinted(data_dir: Path) -> None:
    """coach's suggested questions pass clean; one the user added gets its hint when
    highlighted among the suggestions."""
    from coach.locations import content_dir

    folder = content_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[[questions]]\npurpose = "building-trust"\ntext = "Do you trust the new roster?"\n',
        encoding="utf-8",
    )
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        panel = screen.query_one(QuestionsPanel)
        await pilot.press("ctrl+o")
        await settle(pilot)
        suggestions = panel.query_one("#suggestions", OptionList)
        texts = [
            str(suggestions.get_option_at_index(n).prompt) for n in range(suggestions.option_count)
        ]
        assert hint_line(panel) == ""  # coach's own first question
        suggestions.highlighted = next(n for n, t in enumerate(texts) if "new roster" in t)
        await settle(pilot)
        assert "yes or a no" in hint_line(panel)


async def test_a_broken_rule_of_the_users_is_said_once_the_dashboard_is_up(
    data_dir: Path,
) -> None:
    """The question rules are compiled after the dashboard's rows, not on the way to them;
    a rule of the user's that cannot be used is still said, with its file and line, and
    their working one still hints."""
    from coach.locations import content_dir

    folder = content_dir()
    folder.mkdir(parents=True)
    (folder / "hints.toml").write_text(
        '[[question_hints]]\nkind = "closed"\npatterns = ["^quick one: (do|is) "]\n'
        'hint = "Closed, in my own words."\nidea = "Mine."\n\n'
        '[[question_hints]]\nkind = "leading"\npatterns = ["^(broken"]\n'
        'hint = "Does not compile."\nidea = "-"\n',
        encoding="utf-8",
    )
    conversation_id = seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)

        def said() -> list[str]:
            return [n.message for n in app._notifications if n.title == "Your content"]

        await wait_until(pilot, lambda: bool(said()), "the notice of the broken rule")
        assert len(said()) == 1
        assert "hints.toml, line 7" in said()[0] and "not a valid regular expression" in said()[0]
        screen = await open_steps(pilot, conversation_id)
        panel = screen.query_one(QuestionsPanel)
        panel.query_one("#own-question").focus()
        await type_text(pilot, "Quick one: do you like it?")
        await settle(pilot)
        assert "in my own words" in hint_line(panel)
