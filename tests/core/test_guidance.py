"""The built-in content: every step guided, every purpose with its questions, the seeds kept."""

from __future__ import annotations

from coach.guidance import library as guidance
from coach.steps import STEP_KEYS, STEPS

# The example questions of the seed material, each with the purpose it belongs to.
SEED_QUESTIONS = {
    "developing-people": [
        "What are your career aspirations?",
        "What skills would you like to develop?",
        "What can I do to help you succeed?",
        "What can I do to help you learn?",
        "What can I do to help you develop?",
        "What can I do to help you get through this challenge?",
    ],
    "managing-performance": [
        "How do you like to be managed?",
        "How do you like to receive feedback?",
    ],
    "building-trust": [
        "What is important for you in your work?",
        "How do you like to receive feedback?",
    ],
    "enhancing-collaboration": [
        "What does success look like to you?",
        "What are your key priorities for this project?",
    ],
    "navigating-change": [
        "What's your greatest concern around the proposed change?",
        "What can I do to help you work through this change as smoothly as possible?",
    ],
}


def test_every_step_has_guidance_and_a_hint_for_every_field() -> None:
    """Each of the five steps says what it is for, with prompts, a checklist and hints."""
    guides = guidance.builtin_guidance().guides
    assert list(guides) == list(STEP_KEYS)
    for step in STEPS:
        guide = guides[step.key]
        assert guide.title and guide.summary and guide.why
        assert 3 <= len(guide.prompts) <= 6
        assert 3 <= len(guide.checklist) <= 6
        assert set(guide.hints) == {field.key for field in step.fields}
        assert all(hint.strip() for hint in guide.hints.values())


def test_the_six_purposes_are_there_in_order() -> None:
    """The purposes of the seed material, in a sensible order."""
    assert [p.key for p in guidance.builtin_guidance().purposes] == [
        "developing-people",
        "building-trust",
        "enhancing-collaboration",
        "navigating-change",
        "managing-performance",
        "strategic-alliance",
    ]


def test_every_seed_question_is_in_its_purpose() -> None:
    """Every example question of the seeds is offered, word for word, for its purpose."""
    for key, questions in SEED_QUESTIONS.items():
        purpose = guidance.builtin_guidance().purpose(key)
        assert purpose is not None
        offered = {q.text for q in purpose.questions}
        missing = [q for q in questions if q not in offered]
        assert not missing, f"{key} lacks {missing}"


def test_question_banks_are_sound() -> None:
    """Enough questions, each a question, none repeated, spread over the steps."""
    for purpose in guidance.builtin_guidance().purposes:
        texts = [q.text for q in purpose.questions]
        assert len(texts) >= 8, purpose.key
        assert len(set(texts)) == len(texts), purpose.key
        assert all(text.endswith("?") for text in texts), purpose.key
        steps = {q.step for q in purpose.questions}
        assert {"objectives", "safety", "follow_through"} <= steps, purpose.key


def test_a_steps_own_questions_come_first() -> None:
    """On the Safety step, the safety questions lead the suggestions."""
    purpose = guidance.builtin_guidance().purpose("building-trust")
    assert purpose is not None
    ordered = purpose.questions_for("safety")
    safety = [q for q in purpose.questions if q.step == "safety"]
    assert ordered[: len(safety)] == safety


def test_help_covers_the_steps_and_keys() -> None:
    """The help text names each step and the keys people need first."""
    text = guidance.help_text()
    for step in STEPS:
        assert step.title in text
    for key in ("F1", "ctrl+q", "ctrl+p", "ctrl+n"):
        assert key in text


def test_unknown_purpose_falls_back_to_its_key() -> None:
    """A conversation whose purpose is no longer known still shows something."""
    assert guidance.builtin_guidance().purpose("no-such-purpose") is None
    assert guidance.builtin_guidance().purpose_title("no-such-purpose") == "no-such-purpose"
