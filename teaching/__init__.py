"""Document-based history lessons with a quiz server."""
