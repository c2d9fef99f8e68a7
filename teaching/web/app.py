"""The application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from teaching.config import REPO_ROOT, load_settings
from teaching.content.catalog import Catalog
from teaching.content.reloading import CatalogSource
from teaching.local_time import load as load_local_time
from teaching.storage.db import Database
from teaching.storage.served_catalog import ServedCatalog
from teaching.web import filters, session_cookies
from teaching.web.state import EXTENSION, AppState

csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: settings from the environment, overridden by ``test_config``."""
    app = Flask(__name__, template_folder=str(REPO_ROOT / "templates"),
                static_folder=str(REPO_ROOT / "static"))
    settings = load_settings()
    app.config.from_mapping(
        SECRET_KEY=settings.secret_key,
        DATABASE_URL=settings.database_url,
        LESSONS_DIR=settings.lessons_dir,
        QUIZZES_DIR=settings.quizzes_dir,
        # A quiz can take a whole lesson; the token must outlive it (it is tied to the session).
        WTF_CSRF_TIME_LIMIT=None,
        # A bank uploaded in the browser (bank_admin.MAX_UPLOAD_BYTES) is sent whole, twice its
        # size at worst; no other form comes near. Its text field is larger than Flask's 500 KB.
        MAX_CONTENT_LENGTH=2_100_000,  # bank_admin.MAX_REQUEST_BYTES
        MAX_FORM_MEMORY_SIZE=2_100_000,
        MAX_FORM_PARTS=2_000,
        # Changed course files are picked up this often (seconds; 0: only on restart).
        CATALOG_RELOAD_INTERVAL=settings.reload_interval,
        CATALOG_CACHE_DIR=settings.instance_dir / "build",
    )
    if test_config:
        app.config.update(test_config)

    # Checked before anything else starts: a misspelt zone stops the server with a sentence.
    local_time = load_local_time(app.config.get("TIMEZONE", settings.timezone))
    database = Database(app.config["DATABASE_URL"])

    def loaded(catalog: Catalog) -> None:
        for problem in catalog.problems:
            app.logger.warning("%s", problem)

    # CATALOG (set by the tests, which parse the course once): a Catalog already loaded from
    # LESSONS_DIR and QUIZZES_DIR, which this app then owns (published banks are added to it).
    files = CatalogSource(app.config["LESSONS_DIR"], app.config["QUIZZES_DIR"],
                          app.config["CATALOG_CACHE_DIR"], app.config["CATALOG_RELOAD_INTERVAL"],
                          on_reload=loaded, catalog=app.config.get("CATALOG"), zone=local_time)
    loaded(files.catalog)
    # Banks published in the browser are checked for this often (seconds) by every server.
    served = ServedCatalog(files, database, app.config.get("PUBLISHED_BANKS_CHECK_SECONDS", 5))
    app.extensions[EXTENSION] = AppState(database, served, local_time)

    csrf.init_app(app)
    session_cookies.init_app(app)  # after CSRFProtect: its csrf_token() global is replaced
    filters.init_app(app)
    from teaching.web import (
        accommodations,
        account,
        assigned,
        auth,
        classes,
        course,
        errors,
        essays,
        gradebook,
        health,
        progress,
        quiz,
        request_scope,
        security,
        statistics,
        teacher,
        text_guard,
    )

    security.init_app(app)  # cookie flags, headers, rate limits
    request_scope.init_app(app)
    text_guard.init_app(app)  # refuses text that cannot be stored, before any view
    auth.init_app(app)
    errors.init_app(app)
    for module in (auth, account, course, quiz, progress, assigned, teacher, classes, gradebook,
                   essays, statistics, health, accommodations):
        app.register_blueprint(module.bp)
    from teaching.web.bank_admin import bp as bank_admin_bp  # banks published in the browser
    from teaching.web.bank_export import bp as bank_export_bp  # banks in other formats

    app.register_blueprint(bank_admin_bp)
    app.register_blueprint(bank_export_bp)
    return app


def compile_templates(app: Flask) -> int:
    """Compile every page template now; return how many.

    Gunicorn loads the app once and forks its workers from it (``preload_app``): templates
    compiled before the fork are shared by every worker, first or recycled, instead of each
    compiling the ones it needs on its first requests (all of them take about 0.3 s of CPU).
    """
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
