"""Sample the app's workers with py-spy while a phase runs, and name the hot spots."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

PY_SPY = Path(sys.executable).parent / "py-spy"


class Profiler:
    """py-spy attached to a gunicorn master and its workers, writing collapsed stacks."""

    def __init__(self, pid: int, output: Path, gil_only: bool = False):
        self.pid, self.output = pid, output
        # Only samples holding the GIL: Python's own CPU, without the time a worker spends
        # blocked in a system call (sending a page, waiting for the client to close).
        self.gil_only = gil_only
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Begin sampling (py-spy needs root or ptrace rights)."""
        command = str(PY_SPY) if PY_SPY.exists() else shutil.which("py-spy") or "py-spy"
        self.process = subprocess.Popen(
            [command, "record", "--pid", str(self.pid), "--subprocesses", "--rate", "200",
             "--format", "raw", "--output", str(self.output), "--nonblocking",
             *(["--gil"] if self.gil_only else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        """Stop sampling; py-spy writes its file when interrupted."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def hot_spots(collapsed: str, top: int = 15) -> dict[str, list[tuple[str, float]]]:
    """Return the functions holding most samples: on the stack (inclusive) and at its top."""
    inclusive: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or not stack:
            continue
        samples = int(count)
        frames = [frame.split(" (")[0] + _where(frame) for frame in stack.split(";")
                  if not frame.startswith("process ")]
        # Only time spent serving requests: skip the worker idling in select/accept.
        if any("wait (selectors.py" in frame or "accept (socket.py" in frame
               for frame in stack.split(";")[-3:]):
            continue
        if not frames:  # a process line with no Python frame under it
            continue
        total += samples
        for frame in set(frames):
            if not any(skip in frame for skip in _PLUMBING):
                inclusive[frame] += samples
        leaf[frames[-1]] += samples
    share = (lambda n: round(100 * n / total, 1)) if total else (lambda n: 0.0)
    return {
        "inclusive": [(name, share(n)) for name, n in inclusive.most_common(top)],
        "self": [(name, share(n)) for name, n in leaf.most_common(top)],
    }


# Frames every request passes through (gunicorn's loop, Flask's dispatch): no hot spot there.
_PLUMBING = ("(gunicorn/", "(workers/", "(app/base.py)", "(app/wsgiapp.py)", "<module>",
             "Flask.", "decorated_view", "(flask/app.py)")


def _where(frame: str) -> str:
    # "render (jinja2/environment.py:1295)" -> " (jinja2/environment.py)"
    if "(" not in frame:
        return ""
    place = frame.split("(", 1)[1].rstrip(")").rsplit(":", 1)[0]
    parts = place.split("/")
    return " (" + "/".join(parts[-2:]) + ")"
