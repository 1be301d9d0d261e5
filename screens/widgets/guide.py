"""A step's guidance: what it is for, why it matters, prompts and a checklist."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from coach.guidance.library import StepGuide


def guide_content(guide: StepGuide) -> Content:
    """The guide laid out as styled text (built-in content, shown literally)."""
    parts: list[Content | tuple[str, str] | str] = [
        (guide.summary, "bold"),
        "\n\n",
        guide.why,
        "\n\n",
        ("Ask yourself", "bold $accent"),
        "\n",
    ]
    for prompt in guide.prompts:
        parts += ["• ", prompt, "\n"]
    parts += ["\n", ("Before you meet", "bold $accent"), "\n"]
    for item in guide.checklist:
        parts += ["☐ ", item, "\n"]
    return Content.assemble(*parts)


class GuidePanel(Static):
    """The guidance for one step."""

    def __init__(self, guide: StepGuide) -> None:
        super().__init__(guide_content(guide), id="guide")
