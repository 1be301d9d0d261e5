"""Pictures of every screen, compared with the accepted ones."""
