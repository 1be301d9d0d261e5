"""A realistic, repeatable demo data set."""
