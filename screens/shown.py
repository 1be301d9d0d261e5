"""Whether a screen that a worker reports back to is still there to show what it found."""

from __future__ import annotations

from textual.message_pump import MessagePump


def still_shown(node: MessagePump) -> bool:
    """Whether `node` is in the app's screens and the app is not closing: a worker's
    result that lands later is dropped.  (`is_attached` alone stays true while an app
    closed without `exit` - as Textual's test harness closes one - takes its screens
    apart: a widget queried then is already gone.)"""
    return node.is_attached and node.app.is_running
