"""Shared pieces of the benchmarks: demo data sets, timing, the machine, a results table."""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from coach.demo import sample as demo
from coach.store.store import Store

TODAY = date(2026, 11, 20)
HERE = Path(__file__).parent
DATA = HERE / ".data"


def compile_sources() -> None:
    """Write coach's bytecode, as installing it does, before timing its starts.

    A machine may set PYTHONDONTWRITEBYTECODE (this one does), and then each start
    would compile coach's own modules from source again: 60-100 ms that no installed
    coach pays (pip writes the bytecode), and that the floor app, all Textual, never did.
    """
    import compileall

    for folder in ("coach", "screens", "benchmarks"):
        compileall.compile_dir(HERE.parent / folder, quiet=1)


def demo_data(conversations: int) -> Path:
    """A data directory holding the demo set of this size (made once, then reused)."""
    directory = DATA / f"demo-{conversations}"
    if not (directory / "coach.json").exists():
        store = Store.open(directory)
        people, years = demo_shape(conversations)
        demo.fill(
            store, people=people, conversations=conversations, seed=1, today=TODAY, years=years
        )
        store.close()
    elif _laid_out_before(directory):
        # Made by an older coach: folded once, as a person's data is by the first fold
        # after upgrading, so that what is timed is this coach's layout.
        store = Store.open(directory, back_up=False)
        store._storage.compact()  # type: ignore[attr-defined]
        store.close()
    return directory


def _laid_out_before(directory: Path) -> bool:
    """Whether the data file is not laid out as this coach writes one (datafile.chunks)."""
    from coach.storage import datafile

    path = directory / "coach.json"
    return datafile.as_written(path, path.read_bytes(), leave_later=True) is None


def demo_shape(conversations: int) -> tuple[int, int]:
    """How many people and years of history a demo set of this size has.

    A history piles up while the present stays a leader's: at most 100 people, each
    seen about once a fortnight (26 conversations a year), so a larger set is a
    longer history, not a busier week (at 100,000: 100 people over 38 years).
    """
    people = min(max(conversations // 40, 8), PEOPLE_AT_MOST)
    return people, max(2, round(conversations / (people * 26)))


PEOPLE_AT_MOST = 100


def median_ms(samples: list[float]) -> float:
    """The median of samples in seconds, as milliseconds."""
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of `action` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def machine_lines() -> list[str]:
    """The machine the figures were measured on, in enough detail to compare with another."""
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GiB memory"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores{memory}",
        f"- System: {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Textual {version('textual')}, "
        f"TinyDB {version('tinydb')}",
        f"- Load average when the run started: {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]


def machine() -> str:
    """One line describing where the figures were measured."""
    cpus = os.cpu_count()
    return f"{platform.processor() or platform.machine()}, {cpus} cores, Python " + (
        platform.python_version()
    )


# The section benchmarks/bench_keys.py writes into RESULTS.md (python -m benchmarks keeps it).
KEYS_SECTION = "Keystrokes, idle and first frames"


def section(text: str, heading: str) -> str:
    """The section `## heading` of Markdown `text`, up to the next `## ` heading ('' if none)."""
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if line.rstrip() == f"## {heading}"), None)
    if start is None:
        return ""
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
    return "".join(lines[start:end])


def replace_section(path: Path, heading: str, body: str) -> None:
    """Put `body` (a section starting `## heading`) into the Markdown file at `path`: in
    place of the section with that heading, or at the end; the rest is left as it is."""
    text = path.read_text() if path.exists() else ""
    old = section(text, heading)
    body = body.rstrip("\n") + "\n"
    if old:
        # A section in the middle keeps the blank line before the next heading.
        text = text.replace(old, body + ("\n" if not text.endswith(old) else ""), 1)
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + body
    path.write_text(text)
