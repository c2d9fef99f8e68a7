"""Per-request access to the database session and the course catalog."""

from __future__ import annotations

from flask import Flask, g
from sqlalchemy.orm import Session

from teaching.content.catalog import Catalog
from teaching.storage.plain_reads import PlainReader
from teaching.web.state import app_state


def get_session() -> Session:
    """Return this request's database session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = app_state().database.session()
    return g.db_session


def get_reader() -> PlainReader:
    """Return this request's connection for statements that only read, opening it on first use.

    For a page whose reads are Core statements: cheaper than a session (see
    ``Database.reader``). A page that writes uses ``get_session``.
    """
    if "db_reader" not in g:
        g.db_reader = app_state().database.reader()
    return g.db_reader


def get_catalog() -> Catalog:
    """Return the course as served; one request sees one catalog even if the files change.

    The first call of a request has the files and the published banks checked, when due.
    """
    if "catalog" not in g:
        g.catalog = app_state().catalog_source.current()
    return g.catalog


def _close_session(_error: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
    reader = g.pop("db_reader", None)
    if reader is not None:
        reader.close()


def init_app(app: Flask) -> None:
    """Close each request's session and connection when the request ends."""
    app.teardown_appcontext(_close_session)
