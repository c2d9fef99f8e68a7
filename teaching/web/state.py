"""What the app shares between requests, in one typed object: ``app.extensions["teaching"]``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app

from teaching.content.catalog import Catalog
from teaching.local_time import LocalTime
from teaching.storage.db import Database
from teaching.storage.served_catalog import ServedCatalog

if TYPE_CHECKING:
    from teaching.web.ended_sessions import EndedSessions

EXTENSION = "teaching"


@dataclass
class AppState:
    """The database and the course as served, made once by ``create_app``."""

    database: Database
    catalog_source: ServedCatalog
    # The school's zone: every time shown or entered (stored times are UTC).
    local_time: LocalTime
    # The sign-outs this worker knows of; set once by ``teaching.web.auth.init_app``.
    ended_sessions: EndedSessions | None = None

    @property
    def catalog(self) -> Catalog:
        """Return the catalog as last loaded, without checking for changes (for tests, tools)."""
        return self.catalog_source.catalog


def app_state(app: Flask | None = None) -> AppState:
    """Return the shared state of ``app``, or of the app handling this request."""
    state = (app or current_app).extensions[EXTENSION]
    assert isinstance(state, AppState), "create_app sets app.extensions['teaching']"
    return state
