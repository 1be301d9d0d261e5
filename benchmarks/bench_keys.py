"""Keystrokes, idle and first frames: coach in a real terminal, beside bare Textual apps.

    python -m benchmarks.bench_keys [--quick] [--keys 100] [--rounds 4] [--idle 24]
                                    [--conversations 500] [--output FILE | --no-write]

Every app runs in a pseudo-terminal of its own (80x24, TERM=xterm-256color, a private
HOME and XDG directories, a fresh copy of the demo data), started the way a person starts
it; the benchmark reads everything the app writes and keeps a model of the screen
(benchmarks/vt.py), so "drawn" means a terminal would show it.  coach and the bare apps
(benchmarks/bare_input.py, benchmarks/bare_textarea.py) take turns, round by round:

1. keystroke to screen: one printable key written to the pty, timed until the chunk of
   output that shows it in the field arrives; in live capture (`coach live "Ana Test"`,
   Enter for the purpose) against one Input, and in the first text area of a step
   (Transparency, of a conversation in preparation opened from the dashboard) against
   one TextArea;
2. the same with two CPU-bound processes running beside the apps;
3. idle: CPU seconds a minute (utime + stime from /proc/PID/stat) and bytes and frames
   written a second by the idle dashboard and idle live capture, against the bare Input;
4. first frames: F1 to the help drawn, `p` on a row of review to that person's page
   drawn, and Enter on that page's first row to the conversation drawn; not loaded and
   loaded.

It prints a table of every figure beside its goal, and writes the same table into
benchmarks/RESULTS.md under "Keystrokes, idle and first frames" (the rest of the file is
kept).  Takes about twelve minutes; --quick takes about four, with fewer samples.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from benchmarks.common import HERE, KEYS_SECTION, demo_data, machine_lines, replace_section
from benchmarks.terminal import NeverDrawn, Terminal, private_environment
from benchmarks.vt import Screen

ROOT = HERE.parent
WIDTH, HEIGHT = 80, 24
F1, ESCAPE, ENTER, TAB, DOWN, BACKSPACE = b"\x1bOP", b"\x1b", b"\r", b"\t", b"\x1b[B", b"\x7f"
NEXT_STEP = b"\x0e"  # ctrl+n
LIVE_NAME = "Ana Test"  # new to the demo data: coach asks only for the purpose
# Typed before each run of measured keys, which are lower case: shown nowhere else.
MARK = "QZ"
RUN = 10  # measured keys between two clearings of the field
ECHO_LIMIT = 5.0  # seconds; a key not shown by then counts as lost
START_LIMIT = 60.0  # seconds an app may take to show its first screen, loaded
LIMIT = 30.0  # seconds any other screen may take
PAUSE = 0.3  # seconds between steps that are not measured
SETTLE = 2.0  # seconds an app is left alone before it is measured
# Text only the screen in question shows at 80x24.
TOAST = "due today or overdue"  # the dashboard's "Due now" notification (10 s)
HELP_TEXT = "The five steps"
REVIEW_TEXT = "newest first"
PERSON_TEXT = "What became of it"
DETAIL_TEXT = "Status: "
PERSON_FILLED = "Rhythm:"  # a person's page once their history is read
STILL_READING = "reading the earlier years"  # the review before every year is listed
# The goals.
GOAL_ECHO = 1.2  # times the bare widget's median
GOAL_IDLE = 0.5  # CPU seconds a minute above the bare app
GOAL_FIRST = 0.150  # seconds from the key, not loaded

ECHO_APPS = ("bare-input", "live", "bare-textarea", "step")
IDLE_APPS = ("bare-input", "dashboard", "live")
FIRST_FRAMES = ("help", "person", "detail")


@dataclass
class Echo:
    """Keystroke-to-screen times (seconds) of one app in one condition, and keys never shown."""

    seconds: list[float] = field(default_factory=list)
    lost: int = 0

    def add(self, other: Echo) -> None:
        """Take in another round's figures."""
        self.seconds += other.seconds
        self.lost += other.lost


@dataclass
class Idle:
    """What one idle app costs: CPU seconds a minute, bytes and frames written a second."""

    cpu_per_minute: float
    bytes_per_second: float
    frames_per_second: float


@dataclass
class Results:
    """Everything one run measured."""

    echo: dict[tuple[str, bool], Echo] = field(default_factory=dict)
    idle: dict[str, Idle] = field(default_factory=dict)
    first: dict[tuple[str, bool], list[float]] = field(default_factory=dict)
    loads: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    conversations: int = 0
    minutes: float = 0.0


# -- starting the apps --------------------------------------------------------------------


def command_for(app: str, data: Path) -> list[str]:
    """The command line that starts `app` on the data directory `data`."""
    python = sys.executable
    if app == "bare-input":
        return [python, "-m", "benchmarks.bare_input"]
    if app == "bare-textarea":
        return [python, "-m", "benchmarks.bare_textarea"]
    coach = [python, "-m", "coach", "--data-dir", str(data)]
    return [*coach, "live", LIVE_NAME] if app == "live" else coach


def footer_shows(text: str) -> Callable[[Screen], bool]:
    """A test that the footer (the bottom row) shows `text`."""
    return lambda screen: text in screen.row(screen.height - 1)


def settle_coach(term: Terminal) -> None:
    """Let the opening notification come and go, then leave coach alone for a moment."""
    with contextlib.suppress(NeverDrawn):
        term.wait_for_text(TOAST, timeout=10)
    term.wait_for(lambda screen: not screen.shows(TOAST), LIMIT, "the notification gone")
    term.idle(SETTLE)


def ready_bare(term: Terminal) -> None:
    """A bare app: its field is drawn."""
    term.wait_for_text("Type here", START_LIMIT)
    term.idle(SETTLE)


def ready_dashboard(term: Terminal) -> None:
    """coach: the dashboard shows its rows."""
    term.wait_for_text("Open commitments", START_LIMIT)
    settle_coach(term)


def ready_live(term: Terminal) -> None:
    """`coach live NAME`: Enter takes the default purpose, then the capture line is ready."""
    term.wait_for_text("What is the conversation for?", START_LIMIT)
    term.idle(PAUSE)
    term.send(ENTER)
    term.wait_for_text("Type a note and", LIMIT)
    settle_coach(term)


def ready_step(term: Terminal) -> None:
    """coach: from the dashboard, Tab to the conversations and Enter on the first (it is in
    preparation), then ctrl+n twice to Transparency, whose first text area (My intentions)
    has the cursor.  (Objectives' first text area is below the fold at 80x24.)"""
    ready_dashboard(term)
    term.send(TAB)
    term.wait_for(lambda screen: not footer_shows("d Done")(screen), LIMIT, "conversations")
    term.idle(PAUSE)
    term.send(ENTER)
    term.wait_for_text("1. Objectives", LIMIT)
    for heading in ("2. Safety", "3. Transparency"):
        term.idle(PAUSE)
        term.send(NEXT_STEP)
        term.wait_for_text(heading, LIMIT)
    term.wait_for_text("My intentions", LIMIT)
    term.idle(SETTLE)


READY: dict[str, Callable[[Terminal], None]] = {
    "bare-input": ready_bare,
    "bare-textarea": ready_bare,
    "dashboard": ready_dashboard,
    "live": ready_live,
    "step": ready_step,
}


class Lab:
    """Where the apps run: a scratch directory, and the demo data copied afresh for each start."""

    def __init__(self, scratch: Path, conversations: int) -> None:
        self.scratch = scratch
        self.pristine = demo_data(conversations)
        self.starts = 0

    @contextlib.contextmanager
    def start(self, app: str) -> Iterator[Terminal]:
        """`app` running in a terminal of its own, brought to where it is measured; ended after."""
        self.starts += 1
        place = self.scratch / f"start-{self.starts}"
        data = place / "data"
        shutil.copytree(self.pristine, data)
        environment = private_environment(place / "home")
        term = Terminal(
            command_for(app, data), environment=environment, cwd=ROOT, width=WIDTH, height=HEIGHT
        )
        try:
            READY[app](term)
            yield term
        finally:
            term.close()
            shutil.rmtree(place, ignore_errors=True)


@contextlib.contextmanager
def cpu_hogs(count: int = 2) -> Iterator[None]:
    """`count` CPU-bound processes running for as long as the block does (killed after)."""
    hogs: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            hogs.append(
                subprocess.Popen(
                    [sys.executable, "-c", "while True: pass"],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        time.sleep(1)  # let them take hold of the processors
        yield
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()


# -- measuring ----------------------------------------------------------------------------


def type_and_time(term: Terminal, keys: int, rng: random.Random) -> Echo:
    """Type `keys` letters into the focused field, one at a time, timing each to the screen.

    Each run of RUN letters follows MARK (not timed), so the run is found wherever the field
    is; after each key the next waits 50-100 ms; after each run the field is cleared.
    """
    found = Echo()
    while len(found.seconds) + found.lost < keys:
        run = "".join(
            rng.choice(string.ascii_lowercase)
            for _ in range(min(RUN, keys - len(found.seconds) - found.lost))
        )
        term.send(MARK.encode())
        term.wait_for_text(MARK, LIMIT)
        term.idle(PAUSE)
        typed = 0
        for index, letter in enumerate(run):
            sent = term.send(letter.encode())
            typed += 1
            try:
                arrived = term.wait_for_text(MARK + run[: index + 1], ECHO_LIMIT)
            except NeverDrawn:
                found.lost += 1  # not shown: clear what was typed and start a new run
                break
            found.seconds.append(arrived - sent)
            term.idle(rng.uniform(0.05, 0.10))
        term.send(BACKSPACE * (len(MARK) + typed))
        term.wait_for(lambda screen: not screen.shows(MARK), LIMIT, "the field cleared")
        term.idle(PAUSE)
    return found


def echo_part(lab: Lab, results: Results, loaded: bool, keys: int, rounds: int) -> None:
    """Keystroke to screen in every app of ECHO_APPS, the apps taking turns round by round."""
    rng = random.Random(11)
    for app in ECHO_APPS:
        results.echo[(app, loaded)] = Echo()
    per_round = -(-keys // rounds)
    for number in range(rounds):
        order = ECHO_APPS if number % 2 == 0 else tuple(reversed(ECHO_APPS))
        for app in order:
            with lab.start(app) as term:
                results.echo[(app, loaded)].add(type_and_time(term, per_round, rng))
        say(f"    round {number + 1} of {rounds} done")


def idle_part(lab: Lab, results: Results, seconds: float) -> None:
    """CPU, bytes and frames of each app in IDLE_APPS left alone for `seconds`."""
    for app in IDLE_APPS:
        with lab.start(app) as term:
            cpu, output = term.cpu_seconds(), replace(term.output)
            started = time.perf_counter()
            term.idle(seconds)
            elapsed = time.perf_counter() - started
            results.idle[app] = Idle(
                cpu_per_minute=(term.cpu_seconds() - cpu) / elapsed * 60,
                bytes_per_second=(term.output.written - output.written) / elapsed,
                frames_per_second=(term.output.frames - output.frames) / elapsed,
            )
        say(f"    {app}: {results.idle[app].cpu_per_minute:.2f} CPU s a minute")


def timed_key(term: Terminal, key: bytes, drawn: str) -> float:
    """Seconds from writing `key` to the arrival of the frame that shows `drawn`."""
    sent = term.send(key)
    return term.wait_for_text(drawn, LIMIT) - sent


def first_frames_part(lab: Lab, results: Results, loaded: bool, starts: int, presses: int) -> None:
    """F1 to the help, `p` in review to a person's page, Enter there to the conversation."""
    for what in FIRST_FRAMES:
        results.first[(what, loaded)] = []
    for _ in range(starts):
        with lab.start("dashboard") as term:
            for _ in range(presses):
                results.first[("help", loaded)].append(timed_key(term, F1, HELP_TEXT))
                term.idle(PAUSE)
                term.send(ESCAPE)
                term.wait_for(lambda screen: not screen.shows(HELP_TEXT), LIMIT, "help closed")
                term.idle(PAUSE)
            term.send(b"r")
            term.wait_for(
                lambda screen: screen.shows(REVIEW_TEXT) and not screen.shows(STILL_READING),
                LIMIT,
                "every conversation listed",
            )
            term.idle(PAUSE)
            term.send(DOWN)  # to the results: p opens the highlighted row's person
            term.wait_for(footer_shows("p Person"), LIMIT, "results focused")
            for _ in range(presses):
                term.idle(PAUSE)
                results.first[("person", loaded)].append(timed_key(term, b"p", PERSON_TEXT))
                # Enter opens a row of the page's timeline: once it is filled (on a worker).
                term.wait_for_text(PERSON_FILLED, LIMIT)
                term.idle(PAUSE)
                results.first[("detail", loaded)].append(timed_key(term, ENTER, DETAIL_TEXT))
                term.idle(PAUSE)
                term.send(ESCAPE)
                term.wait_for(
                    lambda screen: screen.shows(PERSON_TEXT) and not screen.shows(DETAIL_TEXT),
                    LIMIT,
                    "back on the person's page",
                )
                term.idle(PAUSE)
                term.send(ESCAPE)
                term.wait_for(
                    lambda screen: (
                        not screen.shows(PERSON_TEXT) and footer_shows("p Person")(screen)
                    ),
                    LIMIT,
                    "back in review",
                )
        say(f"    {len(results.first[('help', loaded)])} presses of each kind done")


def measure(args: argparse.Namespace) -> Results:
    """Every part, not loaded and then loaded."""
    results = Results(conversations=args.conversations)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-keys-") as scratch:
        lab = Lab(Path(scratch), args.conversations)
        results.loads["start"] = os.getloadavg()
        say(f"Not loaded (load average {loads(results.loads['start'])}):")
        say("  keystroke to screen…")
        echo_part(lab, results, False, args.keys, args.rounds)
        say("  first frames…")
        first_frames_part(lab, results, False, args.starts, args.presses)
        say(f"  idle, {args.idle:.0f} s each…")
        idle_part(lab, results, args.idle)
        with cpu_hogs(2):
            results.loads["loaded start"] = os.getloadavg()
            say(f"Two CPU-bound processes running (load average {loads(os.getloadavg())}):")
            say("  keystroke to screen…")
            echo_part(lab, results, True, args.keys, args.rounds)
            say("  first frames…")
            first_frames_part(lab, results, True, args.starts, args.presses)
            results.loads["loaded end"] = os.getloadavg()
        say(f"  load average at the end of that part: {loads(results.loads['loaded end'])}")
    results.minutes = (time.monotonic() - started) / 60
    return results


# -- reporting ----------------------------------------------------------------------------


def say(text: str) -> None:
    """A line of progress, at once."""
    print(text, flush=True)


def loads(averages: tuple[float, float, float]) -> str:
    """A load average as '1.23, 0.98, 0.77' (1, 5 and 15 minutes)."""
    return ", ".join(f"{value:.2f}" for value in averages)


def p95(samples: list[float]) -> float:
    """The 95th percentile of at least one sample."""
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20)[18]


def ms(seconds: float) -> str:
    """Seconds shown as milliseconds."""
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def echo_cell(echo: Echo) -> str:
    """'41 ms (p95 55 ms)', and how many keys never showed."""
    if not echo.seconds:
        return f"none shown ({echo.lost} lost)"
    cell = f"{ms(statistics.median(echo.seconds))} (p95 {ms(p95(echo.seconds))})"
    return cell + (f", {echo.lost} never shown" if echo.lost else "")


def verdict(met: bool | None) -> str:
    """yes, **no**, or a dash for a figure with no goal."""
    return {True: "yes", False: "**no**", None: "—"}[met]


def table(results: Results) -> list[str]:
    """Every figure, coach beside the bare app, with the goal and whether it is met."""
    rows = [
        "| figure | coach | bare Textual app | coach vs bare | goal | met |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]

    def row(name: str, cells: tuple[str, str, str], goal: str, met: bool | None) -> None:
        coach, bare, versus = cells
        rows.append(f"| {name} | {coach} | {bare} | {versus} | {goal} | {verdict(met)} |")

    for loaded in (False, True):
        condition = "two CPU-bound processes running" if loaded else "not loaded"
        for app, widget, label in (
            ("live", "bare-input", "live capture vs one Input"),
            ("step", "bare-textarea", "a step's text area vs one TextArea"),
        ):
            mine, theirs = results.echo[(app, loaded)], results.echo[(widget, loaded)]
            if mine.seconds and theirs.seconds:
                ratio = statistics.median(mine.seconds) / statistics.median(theirs.seconds)
                tail = p95(mine.seconds) / p95(theirs.seconds)
                versus, met = f"{ratio:.2f}x (p95 {tail:.2f}x)", ratio <= GOAL_ECHO
                met = met and not mine.lost
            else:
                versus, met = "—", False
            row(
                f"keystroke to screen, {label}, {condition}",
                (echo_cell(mine), echo_cell(theirs), versus),
                f"median at most {GOAL_ECHO}x the bare widget",
                met,
            )
    floor = results.idle["bare-input"]
    for app, label in (("dashboard", "the dashboard"), ("live", "live capture")):
        idle = results.idle[app]
        extra = idle.cpu_per_minute - floor.cpu_per_minute
        row(
            f"idle CPU, {label} vs one Input",
            (
                f"{idle.cpu_per_minute:.2f} s a minute",
                f"{floor.cpu_per_minute:.2f} s a minute",
                f"{extra:+.2f} s a minute",
            ),
            f"at most the bare app's + {GOAL_IDLE} s a minute",
            extra <= GOAL_IDLE,
        )
    for app, label in (("dashboard", "the dashboard"), ("live", "live capture")):
        idle = results.idle[app]
        row(
            f"idle output to the terminal, {label} vs one Input",
            (
                f"{idle.bytes_per_second / 1000:.1f} KB/s, {idle.frames_per_second:.1f} frames/s",
                f"{floor.bytes_per_second / 1000:.1f} KB/s, {floor.frames_per_second:.1f} frames/s",
                f"{idle.bytes_per_second / max(floor.bytes_per_second, 1):.1f}x the bytes",
            ),
            "none set (the issue: nothing written while idle)",
            None,
        )
    for what, label in (
        ("help", "F1 to the help drawn"),
        ("person", "p on a review row to that person's page drawn"),
        ("detail", "Enter on a person's page row to the conversation drawn"),
    ):
        for loaded in (False, True):
            samples = results.first[(what, loaded)]
            condition = "two CPU-bound processes running" if loaded else "not loaded"
            has_goal = what != "detail" and not loaded
            row(
                f"{label}, {condition}",
                (
                    f"{ms(statistics.median(samples))} (p95 {ms(p95(samples))}, "
                    f"max {ms(max(samples))})",
                    "",
                    "",
                ),
                f"p95 within {ms(GOAL_FIRST)} of the key" if has_goal else "none set",
                p95(samples) <= GOAL_FIRST if has_goal else None,
            )
    return rows


NOTES = [
    "How it is measured:",
    "",
    "- Every app runs on a pseudo-terminal of its own (`os.openpty`, 80x24 set with "
    "TIOCSWINSZ, TERM=xterm-256color, COLORTERM=truecolor, a private HOME and XDG "
    "directories, a fresh copy of the demo data), answering Textual's query for "
    "synchronised output as kitty, WezTerm, iTerm2 or foot would, so each frame arrives as "
    "one synchronised update. A reader thread stamps every chunk the app writes the moment "
    "it arrives; a small screen model (`benchmarks/vt.py`) says when a frame shows a text.",
    "- **Keystroke to screen**: one lower-case letter is written to the pty and timed until "
    "the frame that shows it in the field, found by a mark typed before each run of ten "
    "letters; the next letter follows 50-100 ms after the echo, and the field is cleared "
    'after each run. Live capture is `coach live "Ana Test"` with Enter for the purpose; '
    "the step is Transparency of the first conversation in preparation, opened from the "
    "dashboard (Tab, Enter, ctrl+n twice), typed into its first text area (My intentions; "
    "Objectives' first text area is below the fold at 80x24). The bare apps are "
    "`benchmarks/bare_input.py` (one Input) and `benchmarks/bare_textarea.py` (one "
    "TextArea with soft wrap). The four apps take turns, each round a fresh start, after "
    "the dashboard's opening notification "
    "has come and gone. *Two CPU-bound processes running*: `while True: pass`, twice, "
    "started by the benchmark and killed after; the median is judged against the goal, the "
    "95th percentile is shown beside it.",
    "- **Idle**: after the screen has settled (the opening notification gone, then 2 s), "
    "the app's utime + stime from /proc/PID/stat (every thread) and the bytes and frames it "
    "wrote, over the idle period. The bare Input blinks its cursor twice a second, as "
    "coach's fields do.",
    "- **First frames**: from the key to the frame showing text only that screen has "
    '("The five steps" for the help, "What became of it" for a person\'s page, '
    '"Status:" for a conversation); the person is the first row of review (`r`, down, '
    "`p`), the conversation the first row of their page; each start of coach presses each "
    "key several times, the first press of each in a start paying for its imports. These "
    "are judged on the 95th percentile of the presses: drawn within 150 ms of the key, "
    "nearly every time.",
    "- Keys go straight to the app's pty, with no tmux or terminal emulator between them: "
    "the figures are the app's own, smaller than what a person measures through tmux.",
]


def report(results: Results, args: argparse.Namespace) -> str:
    """The section for RESULTS.md: when and where, the table, how it is measured."""
    start, during = results.loads["start"], results.loads["loaded end"]
    keys = len(results.echo[("live", False)].seconds) + results.echo[("live", False)].lost
    return "\n".join(
        [
            f"## {KEYS_SECTION}",
            "",
            f"Measured {datetime.now():%Y-%m-%d %H:%M} with `python -m benchmarks.bench_keys"
            f"{' --quick' if args.quick else ''}` ({results.minutes:.0f} minutes) in a real "
            f"terminal (a pty at {WIDTH}x{HEIGHT}), on the demo data set at "
            f"{results.conversations:,} conversations: {keys} keys per app and condition over "
            f"{args.rounds} starts, {args.idle:.0f} s idle per app, "
            f"{args.starts * args.presses} presses of each first-frame key per condition.",
            "",
            *(line for line in machine_lines() if not line.startswith("- Load average")),
            f"- Load average (1, 5, 15 minutes): {loads(start)} when the run started; "
            f"{loads(during)} at the end of the part with two CPU-bound processes running "
            "(2 cores, and other work runs on this machine).",
            "",
            *table(results),
            "",
            *NOTES,
        ]
    )


def main() -> None:
    """Measure, print the table, and write it into RESULTS.md."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_keys",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--keys", type=int, default=100, help="keys per app and condition")
    parser.add_argument("--rounds", type=int, default=4, help="starts per app and condition")
    parser.add_argument("--idle", type=float, default=24.0, help="seconds idle per app")
    parser.add_argument("--starts", type=int, default=2, help="coach starts for first frames")
    parser.add_argument("--presses", type=int, default=5, help="presses of each key per start")
    parser.add_argument("--conversations", type=int, default=500, help="demo data size")
    parser.add_argument("--quick", action="store_true", help="fewer samples, about 4 minutes")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if args.quick:
        args.keys, args.rounds, args.idle, args.starts, args.presses = 30, 1, 10.0, 1, 3
    # The reader thread stamps chunks as they arrive: let it have the interpreter soon.
    sys.setswitchinterval(0.0005)
    say(f"Making the demo data at {args.conversations:,} conversations (once)…")
    demo_data(args.conversations)
    results = measure(args)
    text = report(results, args)
    print()
    print(text)
    if not args.no_write:
        replace_section(args.output, KEYS_SECTION, text)
        print(f"\nWritten to {args.output}, section “{KEYS_SECTION}”.")


if __name__ == "__main__":
    main()
