"""coach's screens, one per file, each with its styles beside it (installed as coach.screens)."""
