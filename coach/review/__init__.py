"""Looking back: the review table's rows, and full-text search."""
