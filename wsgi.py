"""The WSGI entry point for gunicorn: ``gunicorn -c gunicorn.conf.py wsgi:app``."""

from teaching.local_time import TimeZoneError
from teaching.web.app import compile_templates, create_app

try:
    app = create_app()
except TimeZoneError as error:  # a setting's mistake: a sentence, not a traceback
    raise SystemExit(f"teaching: {error}") from None
compile_templates(app)  # before gunicorn forks the workers (see compile_templates)
