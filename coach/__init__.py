"""coach: a terminal companion for alliance conversations."""

__version__ = "0.1.0"
