"""What widgets tell their screen: small messages, so that a widget never imports a screen.

A widget posts one when the leader picks something in it to act on; the screen
(which knows the flows and the dialogs) decides what to do, and refreshes the
widget afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from coach.model import Commitment, Fact


@dataclass
class CommitmentPicked(Message):
    """A commitment to close out ("close"), mark done ("done"), drop ("drop") or give a new
    date ("date")."""

    commitment: Commitment
    what: str


@dataclass
class FactPicked(Message):
    """A learned fact to correct ("edit") or mark superseded, or current again ("supersede")."""

    fact: Fact
    what: str
