"""Private and shared: a shared record leaves the leader's preparation out unless asked.

And user text inside Markdown always reads as typed: no links, headings, HTML or emphasis.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import cmarkgfm  # type: ignore[import-untyped]  # no stubs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coach.guidance.library import builtin_guidance
from coach.sharing.exporting import ExportFormat, ExportRequest, render
from coach.sharing.markdown import SPLIT, block, inline
from coach.sharing.privacy import is_private, shared_notes
from coach.store.store import Store
from coach.user_text import visible
from tests.conftest import TODAY
from tests.support.review_data import MARKUP, seed


def test_the_rule() -> None:
    """Safety and Transparency are private; so is any step the rule does not name as shared."""
    assert is_private("safety") and is_private("transparency")
    assert is_private("reflections")  # a later feature's notes stay private by default
    for step in ("objectives", "mutual_benefit", "follow_through"):
        assert not is_private(step)
    notes = {"safety": {"a": "x"}, "objectives": {"b": "y"}, "reflections": {"c": "z"}}
    assert shared_notes(notes) == {"objectives": {"b": "y"}}


def markdown(data_dir: Path, **request: object) -> tuple[str, bool]:
    store = Store.open(data_dir, read_only=True)
    wanted = ExportRequest(ExportFormat.MARKDOWN, **request)  # type: ignore[arg-type]
    exported = render(store, wanted, TODAY, builtin_guidance())
    return exported.data.decode(), exported.left_out_private


def test_a_shared_record_leaves_private_preparation_out(data_dir: Path) -> None:
    """The agreed record: objectives, mutual benefit, answers, live notes, commitments, summary."""
    seed(data_dir)
    text, left_out = markdown(data_dir, conversation_id="c-budget")
    assert left_out
    for shared in (
        "Agree the budget",
        "café space",
        "Mostly the Zürich office costs",
        "Copenhagen move",
        "pilot in March",
        "Send the budget draft",
        "smaller budget",
        "April, not March",
        "They confirmed it",
    ):
        assert shared in text, shared
    for private in (
        "fear the office",
        "headcount freeze",
        "Safety",
        "Transparency",
        "Unasked planned question",
    ):
        assert private not in text, private


def test_private_preparation_only_when_asked(data_dir: Path) -> None:
    """--include-private puts it back, marked private."""
    seed(data_dir)
    text, left_out = markdown(data_dir, conversation_id="c-budget", include_private=True)
    assert not left_out
    assert "## 2. Safety (private)" in text and "fear the office" in text
    assert "headcount freeze" in text and "Unasked planned question" in text


def test_a_person_record_holds_their_conversations_oldest_first(data_dir: Path) -> None:
    """All of one person's conversations, none of anyone else's."""
    seed(data_dir)
    text, _ = markdown(data_dir, person_id="p-zoe")
    assert text.startswith("# Conversations with Zoë Ångström")
    assert text.index("Building trust") < text.index("Navigating change")
    assert "Lee" not in text


def test_commitments_say_what_became_of_them(data_dir: Path) -> None:
    """Kept, kept late, overdue, dropped: each commitment's outcome is in the record."""
    seed(data_dir)
    text, _ = markdown(data_dir)
    assert "Send the budget draft, by Wed 18 Nov 2026 · *overdue*" in text
    assert "*kept on 2026-11-14*" in text
    assert "*kept late on 2026-11-10*" in text
    assert "*dropped on 2026-11-15*" in text


# CommonMark itself, and markdown-it's GitHub-flavoured preset with its linkify (bare URLs,
# domains, e-mail addresses): both must find no syntax in user text.
PARSERS = {
    "commonmark": MarkdownIt("commonmark"),
    "gfm": MarkdownIt("gfm-like", {"linkify": True}),
}
GFM_HAZARDS = [
    "see https://evil.example/path now",
    "www.evil.example",
    "evil.example and sub.evil.example",
    "write to ann@evil.example",
    "mailto:ann@evil.example",
    "so :smile: and :+1: and :tada:",
    "ftp://files.example",
]
SYNTAX = {
    "link_open",
    "image",
    "html_inline",
    "html_block",
    "code_inline",
    "em_open",
    "strong_open",
    "heading_open",
    "bullet_list_open",
    "ordered_list_open",
    "blockquote_open",
    "code_block",
    "fence",
    "hr",
    "s_open",
    "table_open",
}


def rendered(markdown_text: str, reader: str = "commonmark") -> tuple[str, set[str]]:
    """The text a Markdown reader shows, and which kinds of syntax it found (coach's own
    empty comment, which splits text for GitHub's readers and shows as nothing, aside)."""
    kinds: set[str] = set()
    paragraphs = []
    for token in PARSERS[reader].parse(markdown_text):
        kinds.add(token.type)
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type == "html_inline" and child.content == SPLIT:
                    continue
                kinds.add(child.type)
                parts.append("\n" if child.type in ("softbreak", "hardbreak") else child.content)
            paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs), kinds


def github_shows(markdown_text: str) -> tuple[str, str]:
    """GitHub's own renderer (cmark-gfm with its extensions): the HTML, and its text."""
    page = cmarkgfm.github_flavored_markdown_to_html(markdown_text)
    text = re.sub(r"<!--.*?-->|</?p>", "", page).replace("<br />\n", "\n")
    return page, html.unescape(text).strip()


def expected(text: str) -> str:
    """What the reader should see: the text, lines trimmed, blank lines between paragraphs."""
    paragraphs, current = [], []
    for line in visible(text).split("\n"):
        trimmed = line.strip()
        if trimmed:
            current.append(trimmed)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize(
    "text",
    [
        MARKUP,
        "[click](https://evil.example)",
        "![img](x.png)",
        "<script>alert(1)</script>",
        "# heading",
        "1. first\n2) second",
        "- item\n+ item\n* item",
        "> quote",
        "---",
        "a\n===",
        "`code`",
        "```\nfence\n```",
        "    indented code",
        "a | b\n--|--\n1 | 2",
        "&amp; &lt;",
        "~~strike~~",
        "trailing \\",
        "<https://x.example>",
        "\x1b[31mred\x1b[0m",
        "a\n\n\nb",
        *GFM_HAZARDS,
    ],
)
@pytest.mark.parametrize("reader", sorted(PARSERS))
def test_user_text_reads_as_typed(text: str, reader: str) -> None:
    """Nothing typed becomes a link, HTML, a heading, a list, code or emphasis."""
    shown, kinds = rendered(block(text), reader)
    assert shown == expected(text)
    assert not kinds & SYNTAX


@pytest.mark.parametrize("text", GFM_HAZARDS)
def test_github_links_and_pictures_nothing_typed(text: str) -> None:
    """cmark-gfm (autolinks for URLs, www and e-mail) makes no link; the text it shows is
    the text typed, and no `:shortcode:` is left whole for GitHub's emoji filter."""
    page, shown = github_shows(block(text))
    assert "<a " not in page and "<img" not in page
    assert shown == expected(text)
    for code in re.findall(r":[A-Za-z0-9_+-]+:", text):
        assert code not in page


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_any_text_reads_as_typed(text: str) -> None:
    """Whatever is typed, a Markdown reader shows exactly that text and finds no syntax."""
    for reader in PARSERS:
        shown, kinds = rendered(block(text), reader)
        assert shown == expected(text)
        assert not kinds & SYNTAX
        one_line, kinds = rendered(inline(text), reader)
        assert one_line == " ".join(visible(text).split())
        assert not kinds & SYNTAX
