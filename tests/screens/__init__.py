"""Each screen driven by keyboard with Textual's Pilot."""
