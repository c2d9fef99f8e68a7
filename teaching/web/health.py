"""A health check for load balancers and monitoring."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from teaching.storage.db import answers
from teaching.web.request_scope import get_session

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz() -> Any:
    """Answer 200 when the app and its database answer, 503 when the database does not."""
    if not answers(get_session()):
        return {"status": "database unavailable"}, 503
    return {"status": "ok"}, 200
