"""The core, without files where durability is not the point."""
