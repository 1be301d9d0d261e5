"""The benchmark report: the machine, a table per size, the goals, and how each figure grows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import median

from benchmarks.bench_startup import Run, Startup
from benchmarks.common import KEYS_SECTION, machine_lines, section

# Beyond these a figure stops feeling usable: a start past 2 s, a save or a search a
# person notices waiting for (100 ms), more memory than a laptop gives one program.
USABLE = {"dashboard": 2000.0, "save": 100.0, "search": 100.0, "memory": 1024.0}


@dataclass
class Measured:
    """Everything one run measured, by data size."""

    sizes: list[int]
    startup: dict[int, Startup] = field(default_factory=dict)
    store: dict[int, dict[str, float]] = field(default_factory=dict)
    search: dict[int, dict[str, float] | None] = field(default_factory=dict)
    commands: dict[int, dict[str, float]] = field(default_factory=dict)
    minutes: float = 0.0

    def start(self, size: int, app: str, what: str) -> float:
        """Median over the starts of `app` ("coach" or "floor"): ms, or MB for "peak_mb"."""
        runs: list[Run] = getattr(self.startup[size], app)
        values = [getattr(run, what) for run in runs]
        return float(median(values)) * (1 if what == "peak_mb" else 1000)

    def budget_mb(self, size: int) -> float:
        """The memory goal: the floor app's peak plus 40 MB."""
        return self.start(size, "floor", "peak_mb") + 40


def write_report(measured: Measured, path: Path) -> str:
    """Write RESULTS.md and return its text (keeping bench_keys's section, which it writes)."""
    kept = section(path.read_text(), KEYS_SECTION) if path.exists() else ""
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            f"Measured {datetime.now():%Y-%m-%d %H:%M} with `python -m benchmarks` "
            f"({measured.minutes:.0f} minutes). Every figure is a median: "
            f"{len(measured.startup[measured.sizes[0]].coach)} fresh starts of each app "
            "(coach and the floor taking turns), 15 saves (coach and stock TinyDB taking "
            "turns), 5 rounds of 5 searches. Data: the demo set (`coach demo`, seed 1) "
            "at each size.",
            "",
            "## Machine",
            "",
            *machine_lines(),
            "- The machine is shared with other work, so absolute times wander by tens of "
            "percent between runs; apps compared in the same run take turns, which keeps "
            "their ratios fair.",
            "",
            "## Figures",
            "",
            *figures_table(measured),
            "",
            "## The goals of issue 15, at every size",
            "",
            *goals_table(measured),
            "",
            "## Growth from the smallest to the largest size",
            "",
            *growth_table(measured),
            "",
            *NOTES,
        ]
    )
    path.write_text(text + "\n" + (f"\n{kept.rstrip()}\n" if kept else ""))
    return text


def _row(name: str, cells: list[str]) -> str:
    return f"| {name} | " + " | ".join(cells) + " |"


def figures_table(m: Measured) -> list[str]:
    """One row per figure, one column per size."""
    sizes = m.sizes
    lines = [_row("figure", [f"{size:,} conversations" for size in sizes])]
    lines.append("| --- |" + " ---: |" * len(sizes))

    def per_size(name: str, cell: object) -> None:
        lines.append(_row(name, [cell(size) for size in sizes]))  # type: ignore[operator]

    per_size("data file", lambda s: f"{m.store[s]['file MB']:.1f} MB")
    for what, label in (("painted", "first screen"), ("usable", "dashboard showing rows")):
        per_size(f"{label}: floor app", lambda s, w=what: f"{m.start(s, 'floor', w):.0f} ms")
        per_size(f"{label}: coach", lambda s, w=what: f"{m.start(s, 'coach', w):.0f} ms")
        per_size(
            f"{label}: coach / floor",
            lambda s, w=what: f"{m.start(s, 'coach', w) / m.start(s, 'floor', w):.2f}x",
        )
    per_size(
        "quit (ctrl+q until exit): floor app", lambda s: f"{m.start(s, 'floor', 'quit'):.0f} ms"
    )
    per_size("quit (ctrl+q until exit): coach", lambda s: f"{m.start(s, 'coach', 'quit'):.0f} ms")
    per_size("peak memory: floor app", lambda s: f"{m.start(s, 'floor', 'peak_mb'):.0f} MB")
    per_size("peak memory: coach", lambda s: f"{m.start(s, 'coach', 'peak_mb'):.0f} MB")
    per_size("peak memory goal (floor + 40 MB)", lambda s: f"{m.budget_mb(s):.0f} MB")
    per_size(
        "durable save of one edit: coach",
        lambda s: f"{m.store[s]['durable save of one edit']:.1f} ms",
    )
    per_size("same edit: stock TinyDB (no fsync)", lambda s: stock_cell(m, s))
    per_size("save: stock / coach", lambda s: f"{speedup(m, s):.0f}x" if speedup(m, s) else "—")
    per_size("full-text search", lambda s: search_cell(m, s, "search"))
    per_size(
        "search index build (once, off the UI thread)", lambda s: search_cell(m, s, "first search")
    )
    per_size("store open (read, parse)", lambda s: f"{m.store[s]['open (read-only)']:.0f} ms")
    per_size("dashboard queries", lambda s: f"{m.store[s]['dashboard queries']:.1f} ms")
    per_size("close after 15 edits", lambda s: f"{m.store[s]['close (compaction)']:.1f} ms")
    per_size(
        "fold the journal in (once it outgrows the data file)",
        lambda s: f"{m.store[s]['fold (journal outgrown)']:.0f} ms",
    )
    for name in ("commitments", "commitments --due"):
        per_size(f"`coach {name}`", lambda s, n=name: f"{m.commands[s][n]:.0f} ms")
    return lines


def command_ratio(m: Measured, size: int, name: str) -> float:
    """A command's time at `size` over its time on the smallest data: the median of the
    turns' ratios when the two took turns, else of the medians measured minutes apart."""
    figures = m.commands[size]
    if name + " ratio" in figures:
        return figures[name + " ratio"]
    return figures[name] / figures.get(name + " beside", m.commands[m.sizes[0]][name])


def stock_cell(m: Measured, size: int) -> str:
    """Stock TinyDB's save, or why it was not timed."""
    found = m.store[size].get("stock TinyDB, same edit")
    return f"{found:.1f} ms" if found is not None else "not timed (seconds a save)"


def speedup(m: Measured, size: int) -> float:
    """How many times faster coach's durable save is than stock TinyDB's."""
    figures = m.store[size]
    stock = figures.get("stock TinyDB, same edit")
    return stock / figures["durable save of one edit"] if stock is not None else 0.0


def search_cell(m: Measured, size: int, what: str) -> str:
    """A search figure, or why there is none."""
    found = m.search.get(size)
    return f"{found[what]:.1f} ms" if found else "no coach.review.search yet"


def goals_table(m: Measured) -> list[str]:
    """Each goal of issue 15, at every size measured: the figure, and whether it is met."""
    sizes = m.sizes
    rows = [
        _row("goal", [f"{size:,}" for size in sizes]),
        "| --- |" + " ---: |" * len(sizes),
    ]

    def goal(name: str, cell: object) -> None:
        rows.append(_row(name, [cell(size) for size in sizes]))  # type: ignore[operator]

    def judged(text: str, met: bool) -> str:
        return f"{text} {'yes' if met else '**no**'}"

    def ratio(size: int) -> float:
        return m.start(size, "coach", "usable") / m.start(size, "floor", "usable")

    goal(
        "dashboard with rows at most 1.2 x the floor",
        lambda s: judged(f"{ratio(s):.2f}x", ratio(s) <= 1.2),
    )
    goal(
        "peak memory at most the floor + 40 MB",
        lambda s: judged(
            f"{m.start(s, 'coach', 'peak_mb'):.0f} of {m.budget_mb(s):.0f} MB",
            m.start(s, "coach", "peak_mb") <= m.budget_mb(s),
        ),
    )
    goal(
        "quitting under 100 ms",
        lambda s: judged(
            f"{m.start(s, 'coach', 'quit'):.0f} ms", m.start(s, "coach", "quit") < 100
        ),
    )
    smallest = sizes[0]
    for name in ("commitments", "commitments --due"):
        goal(
            f"`coach {name}` within 1.2 x its time at {smallest:,} (taking turns)",
            lambda s, n=name: judged(
                f"{command_ratio(m, s, n):.2f}x", command_ratio(m, s, n) <= 1.2
            ),
        )
    goal(
        "durable save of one edit under 10 ms",
        lambda s: judged(
            f"{m.store[s]['durable save of one edit']:.1f} ms",
            m.store[s]["durable save of one edit"] < 10,
        ),
    )
    goal(
        "a search under 20 ms (index built beforehand)",
        lambda s: judged(search_cell(m, s, "search"), searched(m, s) < 20),
    )
    return rows


def searched(m: Measured, size: int) -> float:
    """The median search in ms (infinite when not measured)."""
    found = m.search.get(size)
    return found["search"] if found else float("inf")


def linear_fit(m: Measured, at: dict[int, float]) -> tuple[float, float]:
    """The fixed part and the part per conversation, through the smallest and largest sizes."""
    small, large = m.sizes[0], m.sizes[-1]
    per = (at[large] - at[small]) / (large - small)
    return at[small] - per * small, per


def linearity(m: Measured, at: dict[int, float], fixed: float, per: float) -> str:
    """Whether the sizes in between sit on the line through the ends."""
    between = m.sizes[1:-1]
    if not between:
        return "two sizes only"
    worst = max(abs(at[s] / (fixed + per * s) - 1) for s in between)
    return f"yes (within {worst:.0%})" if worst <= 0.25 else f"no ({worst:.0%} off the line)"


def limit(fixed: float, per: float, usable: float, largest: int) -> str:
    """Where fixed + per x size would pass `usable`."""
    if fixed + per * largest > usable:
        return f"already past {usable:.0f} at {largest:,}"
    if per <= 0:
        return "not in sight"
    return f"about {round((usable - fixed) / per, -3):,.0f} conversations"


def growth_table(m: Measured) -> list[str]:
    """For each figure: a fixed part plus a part per conversation, and where it gets too slow."""
    sizes = m.sizes
    rows = [
        f"Each figure fitted as a fixed part plus a part per 1,000 conversations, through "
        f"{sizes[0]:,} and {sizes[-1]:,}; *linear* says whether the sizes between sit on "
        "that line, and the last column where the line crosses what a person would still "
        "call usable.",
        "",
        _row(
            "figure",
            [
                *(f"{size:,}" for size in sizes),
                "fixed part",
                "per 1,000 conversations",
                "linear",
                "stops being usable",
            ],
        ),
        "| --- |" + " ---: |" * (len(sizes) + 2) + " --- | --- |",
    ]

    def add(name: str, at: dict[int, float], unit: str, usable: float) -> None:
        fixed, per = linear_fit(m, at)
        cells = [f"{at[size]:.1f} {unit}" for size in sizes]
        cells += [f"{fixed:.1f} {unit}", f"{per * 1000:.1f} {unit}"]
        where = limit(fixed, per, usable, sizes[-1])
        rows.append(
            _row(name, [*cells, linearity(m, at, fixed, per), f"{where} (at {usable:.0f} {unit})"])
        )

    add(
        "dashboard with rows",
        {s: m.start(s, "coach", "usable") for s in sizes},
        "ms",
        USABLE["dashboard"],
    )
    add("peak memory", {s: m.start(s, "coach", "peak_mb") for s in sizes}, "MB", USABLE["memory"])
    add(
        "durable save",
        {s: m.store[s]["durable save of one edit"] for s in sizes},
        "ms",
        USABLE["save"],
    )
    if all("stock TinyDB, same edit" in m.store[s] for s in sizes):
        add(
            "stock TinyDB save",
            {s: m.store[s]["stock TinyDB, same edit"] for s in sizes},
            "ms",
            USABLE["save"],
        )
    found = [m.search.get(s) for s in sizes]
    if all(found):
        add(
            "search",
            {s: f["search"] for s, f in zip(sizes, found, strict=True) if f},
            "ms",
            USABLE["search"],
        )
    add(
        "store open (parse)",
        {s: m.store[s]["open (read-only)"] for s in sizes},
        "ms",
        USABLE["dashboard"],
    )
    add(
        "dashboard queries",
        {s: m.store[s]["dashboard queries"] for s in sizes},
        "ms",
        USABLE["save"],
    )
    return rows


NOTES = [
    "## How it is measured",
    "",
    "- **Time to a usable dashboard**: `benchmarks/startup_probe.py` is started as a new "
    "Python process, runs the app headless at 80x24 and writes to a pipe as the app hands "
    "each of these frames to the terminal: its first (*first screen*) and the first in "
    "which the dashboard's tables hold rows (*dashboard showing rows*). The parent times "
    "each from just before starting the process, so Python's start "
    "and every import count. coach's bytecode is written first (`compile_sources`), as "
    "installing it does: this machine sets PYTHONDONTWRITEBYTECODE, and without it each "
    "start compiled coach's modules again (60-100 ms no installed coach pays). The floor "
    "(`benchmarks/floor.py`) is a Header, a DataTable filled with 20 rows, and a Footer. "
    "Each size runs in a private copy of the demo data, started once beforehand so that "
    "the hourly backup is not in the measured starts.",
    "- **Quit**: half a second after the rows are drawn, and once the start's own work is "
    "done (a long list's remaining rows added, the ledger read, the warm-up's imports), the "
    "probe posts a ctrl+q key event, as a terminal delivers one (Pilot's press would "
    "also wait for every widget to go idle); the parent times it until the process has "
    "exited (the pipe closes). coach leaves the way `coach` does "
    "(`coach.launch.leave_at_once`); the floor the way any Textual app does.",
    "- **Peak memory**: the child's own peak resident set size (Linux's `VmHWM`; `ru_maxrss` "
    "from `wait4` would also count the runner's memory shared with the child between fork "
    "and exec).",
    "- **Durable save**: `Store.set_notes` on one conversation (appended to the journal and "
    "flushed with fsync before it returns) against `Table.update` of the same document "
    "through stock TinyDB's JSONStorage, which rewrites and re-reads the whole file and "
    "never flushes it (not timed beyond 20,000 conversations: seconds a save).",
    "- **Close** after 15 saves, and **the fold** timed on its own: the rewrite of the data "
    "file once the journal has outgrown it (on the writer's thread, never on quitting a "
    "long history).",
    "- **`coach commitments`**: new processes, as typed in a shell, median of 21; each size's "
    "runs take turns with the same commands on the smallest data, and its goal is the median "
    "of each turn's ratio of the two.",
    "- **Search**: `coach.review.search.build_index` over every stored document, then the index's "
    "`search(text)` for five queries (the review screen builds the index off the UI "
    "thread when it opens, and keeps it for the next visit, when only what changed is "
    "read again; `python -m benchmarks.bench_search` times a whole keystroke on the "
    "screen).",
]
