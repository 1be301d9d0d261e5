"""Live capture: who the meeting is with, capture, corrections, playback."""
