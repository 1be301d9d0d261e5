"""Step guides, purposes, question banks and help: coach's own and the user's."""
