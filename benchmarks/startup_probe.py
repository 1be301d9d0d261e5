"""A fresh process that starts coach (or the floor app) headless and says when it is usable.

    python -m benchmarks.startup_probe floor|floor-dashboard|coach FD [DATA_DIR]

It writes to file descriptor FD, as the frame showing each is drawn: "painted"
(the first screen) and "usable" (the app's table shows rows); then "quitting" as it
posts a ctrl+q key (half a second later, and once the start's own work is done;
COACH_QUIT_UNSETTLED=1 posts it then whatever is still going on), and on its way
out "peak KB", its peak resident memory.  The parent times the quit until the
process has exited, and the first two from before it started this process, so the
figures include starting Python and every import, as a person would wait.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from rich.console import RenderableType
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen


def coach_app(directory: Path) -> tuple[App[None], Callable[[], bool]]:
    """coach on `directory`, and a test for its dashboard showing rows."""
    from coach.app import CoachApp

    app = CoachApp(directory)

    def has_rows() -> bool:
        # The screens' modules are looked up, not imported: importing them here
        # would move their cost out of the time measured.
        dashboard = sys.modules.get("coach.screens.dashboard")
        problem = sys.modules.get("coach.screens.problem")
        screen = app.screen
        if problem is not None and isinstance(screen, problem.DataProblemScreen):
            raise SystemExit(f"coach shows a problem with {directory} instead of rows")
        # (getattr: the worker may be importing the module at this very moment)
        shows = getattr(dashboard, "DashboardScreen", None)
        tables = getattr(dashboard, "ListTable", None)
        if shows is None or tables is None or not isinstance(screen, shows):
            return False
        return any(table.row_count for table in screen.query(tables))

    return app, has_rows


def floor_app() -> tuple[App[None], Callable[[], bool]]:
    """The floor app, and a test for its table showing rows."""
    from benchmarks.floor import FloorApp

    app = FloorApp()

    def has_rows() -> bool:
        return app.has_rows()

    return app, has_rows


def dashboard_floor_app() -> tuple[App[None], Callable[[], bool]]:
    """The second floor (the dashboard's shape, no data), and a test for its rows."""
    from benchmarks.floor_dashboard import DashboardFloorApp

    app = DashboardFloorApp()
    return app, app.has_rows


def main(which: str, report_to: int, directory: Path | None) -> None:
    """Run the app, saying each moment as the frame that shows it is drawn, then quit."""
    if which == "coach" and directory:
        app, has_rows = coach_app(directory)
    elif which == "floor-dashboard":
        app, has_rows = dashboard_floor_app()
    else:
        app, has_rows = floor_app()
    said: set[str] = set()

    def say(moment: str) -> None:
        if moment not in said:
            said.add(moment)
            os.write(report_to, f"{moment}\n".encode())

    # Each moment is the frame that first shows it, as the app hands it to the terminal
    # (headless, to nowhere). Polling for the rows and then waiting for the next refresh,
    # as this probe once did, also timed that wait: behind the threads a start sets off
    # once the rows are out (coach's ledger, its warm-up), tens of ms more.
    display = app._display

    def displayed(screen: Screen[object], renderable: RenderableType | None) -> None:
        display(screen, renderable)
        if renderable is not None and not app._batch_count:
            say("painted")
            if has_rows():
                say("usable")

    app._display = displayed  # type: ignore[method-assign]

    async def settled() -> None:
        """Until the start's own work is done (coach's: the rest of a long list's rows, the
        ledger, the warm-up), so that the quit timed is that of the app in use."""
        from textual.worker import WorkerState

        while True:
            running = {WorkerState.PENDING, WorkerState.RUNNING}
            busy = any(worker.state in running for worker in app.workers)
            warm = any(thread.name == "coach warm-up" for thread in threading.enumerate())
            tables = app.screen.query("ListTable")  # by name: importing it would cost
            if not busy and not warm and all(getattr(t, "complete", True) for t in tables):
                return
            await asyncio.sleep(0.02)

    async def drive(pilot: Pilot[object]) -> None:
        while "usable" not in said:
            await asyncio.sleep(0.01)
        await pilot.pause(0.5)
        if not os.environ.get("COACH_QUIT_UNSETTLED"):
            await settled()
        os.write(report_to, b"quitting\n")
        # Posted as the terminal would deliver it, not pressed: Pilot's press would then
        # wait for every widget to go idle (a long list still adding rows), time that a
        # quitting coach does not spend (its widgets are closed with what they had left).
        app.post_message(events.Key("ctrl+q", None))

    app.run(headless=True, size=(80, 24), auto_pilot=drive)
    os.write(report_to, f"peak {peak_kilobytes()}\n".encode())
    if which == "coach":
        from coach.launch import leave_at_once

        leave_at_once(0)  # the way out `coach` takes after its app has stopped


def peak_kilobytes() -> int:
    """This process's peak resident memory, in kilobytes, since it started this program.

    Linux's VmHWM, not getrusage's ru_maxrss: the latter also counts the parent's
    memory shared with this process between fork and exec, so it would report the
    benchmark runner's size rather than the app's.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource  # elsewhere: the best there is

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)
