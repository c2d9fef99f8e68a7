"""Storage: people and what they did, kept with SQLAlchemy. Knows nothing of HTTP."""
