"""Course content: archive records, lessons and question banks (plain Python, no web or storage)."""
