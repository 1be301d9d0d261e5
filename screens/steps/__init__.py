"""The five step screens and what they share."""
