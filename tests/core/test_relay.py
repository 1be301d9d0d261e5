"""The socket between a shell command and the open app: strict about what it reads, and
answering what became of every request, whatever arrives."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from coach.relay import protocol
from coach.relay.listener import listen
from coach.relay.protocol import Action, Answer, BadMessage, Change, Outcome


def test_a_change_and_an_answer_survive_the_wire() -> None:
    """Encoded as one ASCII line and read back the same, text of any kind included."""
    change = Change(Action.ADD, "2026-11-20", text="Zoë ␛ [b]", person="Ann", due="2026-11-27")
    line = protocol.encode(change)
    assert line.endswith(b"\n") and line.count(b"\n") == 1 and line.isascii()
    assert protocol.decode_change(line) == change
    answer = Answer(Outcome.DONE, "Done: x")
    assert protocol.decode_answer(protocol.encode(answer)) == answer


@pytest.mark.parametrize(
    "line",
    [
        b"not json\n",
        b"[1, 2]\n",
        b'{"action": "explode", "today": "2026-11-20"}\n',
        b'{"action": "done", "today": 3}\n',
        b'{"action": "add", "today": "2026-11-20", "new_person": "yes"}\n',
        b'{"action": "done", "today": "2026-11-20", "due": 5}\n',
        b"{" + b" " * protocol.LIMIT + b"}\n",
    ],
)
def test_what_is_not_a_request_is_refused(line: bytes) -> None:
    """Nothing half-read or of the wrong type becomes a change."""
    with pytest.raises(BadMessage):
        protocol.decode_change(line)


def test_a_path_too_long_for_a_socket_goes_to_the_runtime_folder(tmp_path: Path) -> None:
    """Beside the data when it fits; else a private folder, under a name made from the path."""
    assert protocol.socket_path(tmp_path) == tmp_path / "coach.sock"
    deep = tmp_path / ("x" * 120)
    elsewhere = protocol.socket_path(deep)
    assert elsewhere.parent == protocol.runtime_dir() and len(os.fsencode(elsewhere)) < 108
    assert protocol.socket_path(deep) == elsewhere  # the same for the app and the command


async def test_the_listener_answers_garbage_with_a_refusal(tmp_path: Path) -> None:
    """A caller sending nonsense is told so; the handler never sees it."""
    seen: list[Change] = []

    async def handle(change: Change) -> Answer:
        seen.append(change)
        return Answer(Outcome.DONE, "made")

    listener = await listen(tmp_path, handle)
    try:
        reader, writer = await asyncio.open_unix_connection(os.fspath(listener.path))
        writer.write(b"{nonsense\n")
        await writer.drain()
        answer = protocol.decode_answer(await reader.readline())
        writer.close()
        assert answer.outcome is Outcome.REFUSED and "did not understand" in answer.message
        reader, writer = await asyncio.open_unix_connection(os.fspath(listener.path))
        writer.write(protocol.encode(Change(Action.DONE, "2026-11-20", ref="abc")))
        await writer.drain()
        assert protocol.decode_answer(await reader.readline()).message == "made"
        writer.close()
    finally:
        await listener.close()
    assert [change.ref for change in seen] == ["abc"]
    assert not listener.path.exists()


async def test_something_else_where_the_socket_goes_is_never_removed(tmp_path: Path) -> None:
    """A file (or a link) named coach.sock is not coach's socket: refused, left alone."""
    planted = tmp_path / "coach.sock"
    planted.write_text("mine")

    async def handle(change: Change) -> Answer:
        return Answer(Outcome.DONE, "")

    with pytest.raises(OSError, match="not a socket"):
        await listen(tmp_path, handle)
    assert planted.read_text() == "mine"
