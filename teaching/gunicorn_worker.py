"""Gunicorn's synchronous worker, woken alone, and only once a request has arrived.

Every idle synchronous worker waits for the shared listening socket in ``select()``. When a
connection arrives the kernel wakes all of them; one accepts it and the others find nothing,
go back to sleep, and have taken a turn on the CPU (and some of the serving worker's cache)
for nothing. This worker waits in an ``epoll`` that registers the listening socket with
``EPOLLEXCLUSIVE``, so the kernel wakes one waiting worker per connection. The socket and its
queue stay shared, so a free worker still takes the next connection, whichever it is.

The listening socket also gets ``TCP_DEFER_ACCEPT``: the kernel hands over a connection once
its first data (the request) has come, so a worker does not accept a connection and then sit
waiting for the client to send, while other connections queue. (nginx's ``deferred`` does the
same.) A connection that sends nothing is still handed over, after a second or so.

Used by ``gunicorn.conf.py`` (``worker_class``). Where ``EPOLLEXCLUSIVE`` is missing (not
Linux, or a kernel before 4.5) it waits in ``select()`` as gunicorn's own worker does.
"""

from __future__ import annotations

import os
import select
import socket
from typing import Any

from gunicorn.workers.sync import SyncWorker

EXCLUSIVE = getattr(select, "EPOLLEXCLUSIVE", None)


class ExclusiveSyncWorker(SyncWorker):
    """``SyncWorker`` woken alone for a new connection, once its request has come."""

    poller: Any = None
    listeners_by_fd: dict[int, Any]

    def wait(self, timeout: float) -> list[Any] | None:
        """Wait up to ``timeout`` seconds; return the listeners (or the pipe) ready."""
        if EXCLUSIVE is None:
            return super().wait(timeout)
        if self.poller is None:
            self._open_poller(EXCLUSIVE)
        self.notify()
        ready = []
        for fd, _ in self.poller.poll(timeout):
            if fd == self.PIPE[0]:
                os.read(fd, 1)  # a signal or a wake-up call: the loop looks at self.alive
                ready.append(fd)
            else:
                ready.append(self.listeners_by_fd[fd])
        return ready

    def _open_poller(self, exclusive: int) -> None:
        # Opened in the worker, after the fork: each worker needs an epoll of its own for the
        # kernel to choose one of them. (Setting the option again on the shared socket in
        # each worker is harmless, and covers a socket handed over by systemd.)
        self.poller = select.epoll()
        self.listeners_by_fd = {}
        for listener in self.sockets:
            if listener.family in (socket.AF_INET, socket.AF_INET6):
                listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 1)
            self.listeners_by_fd[listener.fileno()] = listener
            self.poller.register(listener.fileno(), select.EPOLLIN | exclusive)
        self.poller.register(self.PIPE[0], select.EPOLLIN)
