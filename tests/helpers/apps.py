"""Types for the fixtures that make apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

# The make_app fixture: call it with settings (DATABASE_URL at least) for an app of the test.
AppMaker = Callable[[dict[str, Any]], Flask]
