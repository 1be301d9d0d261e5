"""The user's own questions, purposes and prompts: added to coach's, bad files reported."""

from __future__ import annotations

from pathlib import Path

from coach.guidance import library as guidance
from coach.locations import content_dir
from coach.screens.dashboard import DashboardScreen
from tests.support.ui import make_app, opened

GOOD = """
[[questions]]
purpose = "building-trust"
text = "What would make our one-to-ones more useful?"
step = "safety"

[[questions]]
purpose = "building-trust"
text = "How do you like to receive feedback?"   # already built in: not added twice

[[purposes]]
key = "onboarding"
title = "Onboarding someone new"
summary = "Help a new joiner find their feet"
[[purposes.questions]]
text = "What has surprised you so far?"
[[purposes.questions]]
text = "Who have you met, and who should you meet?"
step = "mutual_benefit"

[[prompts]]
step = "safety"
text = "Have I said this is not about performance?"

[[checklist]]
step = "follow_through"
text = "A calendar reminder for my commitments"
"""

BAD = """
[[questions]]
purpose = "building-trust"
text = "A fine question?"

[[questions]]
purpose = "building-trust"
text = "Wrong step?"
step = "saftey"

[[purposes]]
key = "building-trust"
title = "Mine instead"
[[purposes.questions]]
text = "Replacing coach's own?"

[[questions]]
purpose = "no-such-purpose"
text = "Orphan?"
"""


def write(name: str, text: str) -> Path:
    folder = content_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_users_content_is_added_to_coachs_own() -> None:
    """More questions for a purpose, a purpose of one's own, prompts and checklist items."""
    write("mine.toml", GOOD)
    loaded = guidance.load_guidance(content_dir())
    assert loaded.problems == ()
    trust = loaded.purpose("building-trust")
    assert trust is not None
    texts = [q.text for q in trust.questions]
    assert texts[-1] == "What would make our one-to-ones more useful?"
    assert texts.count("How do you like to receive feedback?") == 1
    onboarding = loaded.purpose("onboarding")
    assert onboarding is not None and onboarding.title == "Onboarding someone new"
    assert [q.step for q in onboarding.questions] == ["objectives", "mutual_benefit"]
    assert loaded.purposes[-1].key == "onboarding"  # after coach's own, in order
    assert loaded.guide("safety").prompts[-1] == ("Have I said this is not about performance?")
    assert loaded.guide("follow_through").checklist[-1] == (
        "A calendar reminder for my commitments"
    )
    # coach's own guidance, as the shell commands use it, is untouched by the user's.
    assert guidance.builtin_guidance().purpose("onboarding") is None
    assert len(guidance.builtin_guidance().guide("safety").prompts) < len(
        loaded.guide("safety").prompts
    )


def test_wrong_entries_are_reported_with_file_and_line_and_left_out() -> None:
    """Each wrong entry names its file and line; the good ones still load."""
    path = write("bad.toml", BAD)
    loaded = guidance.load_guidance(content_dir())
    problems = [str(problem) for problem in loaded.problems]
    assert problems == [
        f"{path}, line 6: step 'saftey' is not one of objectives, safety, transparency, "
        "mutual_benefit, follow_through",
        f"{path}, line 11: purpose 'building-trust' is one of coach's own; add to it with "
        '[[questions]] purpose = "building-trust" instead',
        f"{path}, line 17: no purpose is called 'no-such-purpose'",
    ]
    trust = loaded.purpose("building-trust")
    assert trust is not None and trust.title == "Building trust"
    assert "A fine question?" in [q.text for q in trust.questions]


def test_a_file_that_is_not_toml_is_named_with_its_line() -> None:
    """A syntax error names the file and the line, and coach's content is untouched."""
    path = write("broken.toml", '[[questions]]\npurpose = "building-trust"\ntext = oops\n')
    loaded = guidance.load_guidance(content_dir())
    (problem,) = loaded.problems
    assert str(problem).startswith(f"{path}, line 3: not valid TOML")
    assert len(loaded.purposes) == 6


async def test_the_app_starts_and_says_what_was_wrong(data_dir: Path) -> None:
    """With a broken content file the app still opens, and a notification names the file."""
    path = write("broken.toml", "[[prompts]\n")
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        assert isinstance(dashboard, DashboardScreen)
        messages = [notification.message for notification in app._notifications]
        assert any(str(path) in message and "line 1" in message for message in messages)
