"""Live capture: the line syntax, what a captured line makes, meetings cut off, playback."""
