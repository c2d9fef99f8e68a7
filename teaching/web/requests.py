"""Per-request access to the database session and the course catalog."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from teaching.content.catalog import Catalog
from teaching.storage.db import Database


def get_session() -> Session:
    """Return this request's database session, opening it on first use."""
    if "db_session" not in g:
        database: Database = current_app.extensions["teaching.database"]
        g.db_session = database.session()
    return g.db_session


def get_catalog() -> Catalog:
    """Return the course as loaded; one request sees one catalog even if the files change."""
    if "catalog" not in g:
        source = current_app.extensions.get("teaching.catalog_source")
        g.catalog = source.current() if source else current_app.extensions["teaching.catalog"]
    return g.catalog


def _close_session(_error: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    """Close each request's session when the request ends."""
    app.teardown_appcontext(_close_session)
