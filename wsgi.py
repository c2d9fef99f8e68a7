"""The WSGI entry point for gunicorn: ``gunicorn -c gunicorn.conf.py wsgi:app``."""

from teaching.web.app import compile_templates, create_app

app = create_app()
compile_templates(app)  # before gunicorn forks the workers (see compile_templates)
