"""Gunicorn settings for one school server; each can be overridden in the environment."""

import multiprocessing
import os

bind = os.environ.get("TEACHING_BIND", "127.0.0.1:8000")
# Two workers per core plus one is gunicorn's usual advice; quiz pages are short requests.
workers = int(os.environ.get("TEACHING_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("TEACHING_THREADS", 1))
timeout = 30
graceful_timeout = 20
max_requests = 2000  # recycle workers now and then so memory stays flat over a school year
max_requests_jitter = 200
accesslog = os.environ.get("TEACHING_ACCESS_LOG", "-")
errorlog = "-"
