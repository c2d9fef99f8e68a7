"""Gunicorn settings for one school server; each can be overridden in the environment."""

import gc
import multiprocessing
import os

bind = os.environ.get("TEACHING_BIND", "127.0.0.1:8000")
# The cores gunicorn may run on: under taskset or in a container given some of the machine's
# cores, those, not every core of the machine.
if hasattr(os, "sched_getaffinity"):
    cores = len(os.sched_getaffinity(0))
else:  # not on Linux
    cores = multiprocessing.cpu_count()


# One worker per core plus one, not gunicorn's usual starting point of two per core plus one: a
# request here waits on no network (SQLite is a local file), so workers beyond the cores only
# take turns on them (each switch probably costing the next one its CPU caches); the one more
# covers a worker waiting for a disk write or SQLite's write lock. On the 2-core benchmark
# machine 3 workers served about 30 % more question pages and saves a second than 5, side by
# side, and the class of 1,000 met its targets with either (docs/performance.md, "One worker
# per core plus one").
# With the database on another machine more may pay: docs/operating.md, section 9, says how to try.
def workers_for(cores: int) -> int:
    """Return the default number of workers on ``cores`` cores (the benchmark reports it too)."""
    return cores + 1


workers = int(os.environ.get("TEACHING_WORKERS", workers_for(cores)))
threads = int(os.environ.get("TEACHING_THREADS", 1))
# gunicorn's own synchronous worker: one request at a time per worker, the right fit for short
# quiz requests. (With TEACHING_THREADS above 1 gunicorn runs its threaded worker instead.)
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# Recycle workers now and then so memory stays flat over a school year. Not much more often: a
# worker's exit and its successor's first requests cost a few hundred ms of CPU, which at every
# 2,000 requests was a tenth of the question page's cost at full load (docs/performance.md).
max_requests = 10_000
max_requests_jitter = 1_000
# Load the app once in the master and fork the workers from it: a worker (first or recycled)
# then starts at once instead of spending about a second of CPU importing and reading the
# course, which under a whole school's load is a second taken from serving students; and
# the workers share the pages of the code. (Deploying new code then needs a restart, not HUP.)
preload_app = True
accesslog = os.environ.get("TEACHING_ACCESS_LOG", "-")
errorlog = "-"


def pre_fork(server, worker):
    """Hide what the master has loaded from the workers' garbage collector (gc.freeze).

    A worker shares the loaded app and course with the master until it writes to their pages.
    A collection of the oldest generation writes to every object it walks, and a worker makes
    one as it exits (after max_requests): that copied the whole heap, about 400 ms of CPU for
    each recycled worker. Frozen objects are never walked; Python's gc documentation gives this
    use, right before fork().
    """
    gc.collect()  # what is garbage now would otherwise stay, frozen, in every worker
    gc.freeze()


def post_fork(server, worker):
    """Give each worker its own database connections, never ones opened before the fork."""
    application = worker.app.wsgi()  # the app the master loaded (preload_app)
    state = getattr(application, "extensions", {}).get("teaching")  # a web.state.AppState
    if state is not None:
        state.database.engine.dispose(close=False)
