"""Builders and helpers shared by the test modules.

Test modules import from here, never from one another nor from a conftest: a test module is
free to change without breaking another (tests/test_suite_layout.py keeps it so).
"""
