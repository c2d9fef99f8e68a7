"""Analysis of results: plain Python (no Flask, no SQLAlchemy), small enough to check by hand."""
