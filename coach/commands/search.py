"""`coach search WORDS`: the review screen's search, from the shell.

Every word must appear (case and accents aside, as part of a word), anywhere in a
conversation: its notes, questions and answers, what was captured live, its
commitments, the person's name and the purpose.  Read straight from the data file
and its journal, like `coach commitments`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coach.commands.arguments import add_today
from coach.commands.output import note_if_no_data, say
from coach.folding import one_called
from coach.storage import layout
from coach.user_text import collapse, terminal_safe

NAME = "search"
HELP = "find conversations by what was said, noted or promised"
DESCRIPTION = (
    "Find the conversations holding every one of WORDS (case and accents aside, as part "
    "of a word) in their notes, questions and answers, what was captured live, their "
    "commitments, the person's name or the purpose: the review screen's search. Newest "
    "first, each with the passage that matched."
)
SNIPPET_WIDTH = 72


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """WORDS, --person, --json."""
    parser.add_argument("words", metavar="WORDS", nargs="+", help="what to look for")
    parser.add_argument("--person", metavar="NAME", help="only conversations with this person")
    parser.add_argument("--json", action="store_true", help="print JSON (for scripts)")
    add_today(parser)  # taken, like every reading command's, though search needs no day


def run(args: argparse.Namespace, directory: Path) -> int:
    """Print the conversations that match, newest first."""
    from coach.guidance.library import builtin_guidance
    from coach.review.search import build_index
    from coach.storage.loading import read_tables
    from coach.store.views import CommitmentView, ConversationView, PersonView

    note_if_no_data(directory)
    tables = read_tables(directory)
    people = [PersonView.of(doc) for doc in tables.get(layout.PEOPLE, {}).values()]
    names = {person.id: person.name for person in people}
    person_id = one_called(names, args.person) if args.person else None
    every = (ConversationView.of(doc) for doc in tables.get(layout.CONVERSATIONS, {}).values())
    conversations = [v for v in every if person_id is None or v.person_id == person_id]
    commitments = [CommitmentView.of(doc) for doc in tables.get(layout.COMMITMENTS, {}).values()]
    guidance = builtin_guidance()
    index = build_index(people, conversations, commitments, guidance)
    query = " ".join(args.words)
    by_id = {view.id: view for view in conversations}
    found = sorted(
        (by_id[key] for key in index.search(query)), key=lambda v: (v.day, v.id), reverse=True
    )
    listed: list[dict[str, Any]] = []
    for view in found:
        snippet = index.snippet(view.id, query)
        listed.append(
            {
                "conversation_id": view.id,
                "date": view.day.isoformat(),
                "person": names.get(view.person_id, ""),
                "person_id": view.person_id,
                "purpose": guidance.purpose_title(view.purpose),
                "status": view.status,
                "matched": {"in": snippet.label, "text": snippet.text} if snippet else None,
            }
        )
    if args.json:
        sys.stdout.write(json.dumps(listed, ensure_ascii=True, indent=2) + "\n")
        return 0
    if not listed:
        say(f"No conversation holds {query!r}.")
        return 0
    for hit in listed:
        say(
            f"{hit['date']}  {_flat(hit['person'])} · {_flat(hit['purpose'])}  "
            f"[{hit['conversation_id'][:8]}]"
        )
        if hit["matched"]:
            say(f"    {hit['matched']['in']}: {_around(hit['matched']['text'], args.words)}")
    say("")
    say(f"{len(listed)} conversation{'s' if len(listed) != 1 else ''}.")
    return 0


def _flat(text: str) -> str:
    return collapse(terminal_safe(text))


def _around(text: str, words: list[str]) -> str:
    from coach.review.search import cut, query_words

    return _flat("".join(cut(text, query_words(" ".join(words)), SNIPPET_WIDTH)))
