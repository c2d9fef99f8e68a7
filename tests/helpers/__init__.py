"""Builders shared by tests in several folders."""
