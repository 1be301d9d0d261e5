"""How fast the review screen follows each keystroke of a search, on the demo data set.

    python -m benchmarks.bench_search [CONVERSATIONS]      (default: 5000)

Figures, each a median over every keystroke of several searches typed letter by
letter and then deleted letter by letter:
- "search": finding the matching conversations in the index (coach.review.search),
  and the same with the index as it was before it was inverted
  (benchmarks/search_before.py), on the same data in the same run;
- "keystroke": what the screen does on the UI thread for one keystroke: search,
  filter, sort, and draw every row in view (snippets and highlights included);
- "press to screen": the same measured from outside with Textual's Pilot, from the
  key press until the screen is idle again.  Pilot's own cost is large on a slow
  machine, so the same keystrokes typed into a plain text field (the new
  conversation form's name) are measured too: the difference is the search's.
The index is built once when the screen opens, off the UI thread: its time is shown too.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from functools import partial

from benchmarks.common import TODAY, demo_data, machine, median_ms, timed
from benchmarks.search_before import build_scanning_index
from coach.app import CoachApp
from coach.guidance.library import builtin_guidance
from coach.review.search import build_index
from coach.store.store import Store

QUERIES = ["budget", "career goals", "okafor migration", "design work", "priya"]


def keystrokes() -> list[str]:
    """Every text the search field holds while the queries are typed and deleted."""
    texts = []
    for query in QUERIES:
        texts += [query[:n] for n in range(1, len(query) + 1)]
        texts += [query[:n] for n in range(len(query) - 1, -1, -1)]
    return texts


def core(conversations: int) -> dict[str, float]:
    """Index build and search alone, now and before the index was inverted."""
    store = Store.open(demo_data(conversations), read_only=True)
    store.read_everything()
    views = (store.people.views(), store.conversations.views(), store.commitments.views())
    tables = (*views, builtin_guidance())
    figures: dict[str, float] = {}
    for name, build in (("", build_index), (", before", build_scanning_index)):
        builds = [timed(partial(build, *tables)) for _ in range(3)]
        index = build(*tables)
        searches = [timed(partial(index.search, text)) for text in keystrokes()]
        figures[f"index build (off the UI thread){name}"] = median_ms(builds)
        figures[f"search, median keystroke{name}"] = median_ms(searches)
        figures[f"search, slowest keystroke{name}"] = max(searches) * 1000
    kept = build_index(*tables)
    figures["index build, coming back (nothing changed)"] = median_ms(
        [timed(partial(build_index, *tables, reuse=kept)) for _ in range(3)]
    )
    old = build_scanning_index(*tables)
    for text in keystrokes():  # the figures compare like with like
        assert kept.search(text) == old.search(text), text
    return figures


async def screen(conversations: int) -> dict[str, float]:
    """The review screen in a real (headless) app, 120x40."""
    from textual.widgets import Input

    from coach.screens.review.conversations import ReviewScreen
    from coach.screens.widgets.results import ResultsTable

    app = CoachApp(demo_data(conversations), today=lambda: TODAY)
    work: list[float] = []
    presses: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        while app.workspace is None:
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        while review.query_one(ResultsTable).row_count == 0:
            await pilot.pause(0.05)
        search = review.query_one("#search", Input)
        table = review.query_one(ResultsTable)
        for text in keystrokes():
            with search.prevent(Input.Changed):
                search.value = text
            started = time.perf_counter()
            review.update_results()
            for y in range(table.size.height):
                table.render_line(y)
            work.append(time.perf_counter() - started)
        search.value = ""
        await pilot.pause(0.2)
        for query in QUERIES:
            for key in [*query, *["backspace"] * len(query)]:
                started = time.perf_counter()
                await pilot.press(key.replace(" ", "space"))
                await pilot.pause()
                presses.append(time.perf_counter() - started)
        await pilot.press("escape", "n")
        await pilot.pause(0.2)
        plain: list[float] = []
        for query in QUERIES:
            for key in [*query, *["backspace"] * len(query)]:
                started = time.perf_counter()
                await pilot.press(key.replace(" ", "space"))
                await pilot.pause()
                plain.append(time.perf_counter() - started)
        await pilot.press("ctrl+q")
    return {
        "keystroke: search, filter, sort, draw the rows in view": median_ms(work),
        "keystroke, slowest 10%": statistics.quantiles(work, n=10)[-1] * 1000,
        "press to screen, via Pilot: review search": median_ms(presses),
        "press to screen, via Pilot: a plain text field": median_ms(plain),
    }


def main(conversations: int) -> None:
    """Print a Markdown table of the figures."""
    figures = core(conversations) | asyncio.run(screen(conversations))
    print(f"Machine: {machine()}; demo data as of {TODAY}, {conversations:,} conversations.")
    print(f"{len(keystrokes())} keystrokes: {', '.join(QUERIES)} typed, then deleted.\n")
    print("| figure | ms |\n| --- | --- |")
    for name, value in figures.items():
        print(f"| {name} | {value:.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
