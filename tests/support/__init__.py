"""Helpers, data sets and the child processes the tests run; no tests here."""
