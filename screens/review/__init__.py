"""Looking back: every conversation, one conversation, one person."""
