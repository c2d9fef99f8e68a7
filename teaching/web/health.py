"""A health check for load balancers and monitoring."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from teaching.web.request_scope import get_session

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz() -> Any:
    """Answer 200 when the app and its database answer, 503 when the database does not."""
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "database unavailable"}, 503
    return {"status": "ok"}, 200
