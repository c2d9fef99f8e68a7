"""Run wrk once and read what it printed: requests, failures, latency percentiles."""

from __future__ import annotations

import asyncio
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

WRK = shutil.which("wrk") or "/usr/bin/wrk"
SCRIPT = Path(__file__).with_name("wrk_probe.lua")

# wrk prints durations as 812.00us, 1.23ms, 10.00s or 1.50m.
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"
_TOTAL = re.compile(rf"^\s*(\d+) requests in {_DURATION}", re.M)
_PERCENTILE = re.compile(rf"^\s*(50|75|90|99)%\s+{_DURATION}\s*$", re.M)
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_FAILED = re.compile(r"^probe failed: (\d+)$", re.M)
_STATUS = re.compile(r"^probe status (\d+): (\d+)$", re.M)


def _ms(number: str, unit: str) -> float:
    return float(number) * _UNIT_MS[unit]


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: answers received, how many failed, and how long they took."""

    requests: int  # answers received, good or not
    seconds: float
    failed: int  # answers the probe's script refused (not a 200, not saved) or wrk counted
    socket_errors: int = 0  # connections that broke or timed out: no answer at all
    latency_ms: dict[str, float] = field(default_factory=dict)  # "p50", "p75", "p90", "p99"
    statuses: dict[int, int] = field(default_factory=dict)  # failed answers by status
    cpu_ms: float = 0.0  # worker CPU per good answer (0 when not metered)

    @property
    def good(self) -> int:
        """Return how many answers were what a working app gives."""
        return max(0, self.requests - self.failed)

    @property
    def rps(self) -> float:
        """Return good answers per second: a refused save (429, a redirect) never counts."""
        return self.good / self.seconds if self.seconds else 0.0


def parse(output: str) -> WrkResult:
    """Read wrk's report (run with ``--latency`` and the probe's script)."""
    total = _TOTAL.search(output)
    if total is None:
        raise ValueError(f"wrk printed no request count:\n{output}")
    socket = _SOCKET.search(output)
    non_2xx = _NON_2XX.search(output)
    failed = _FAILED.search(output)
    # The script's count includes wrk's own (4xx and 5xx) and also 3xx and unsaved answers.
    refused = max(int(failed.group(1)) if failed else 0, int(non_2xx.group(1)) if non_2xx else 0)
    return WrkResult(
        requests=int(total.group(1)),
        seconds=_ms(total.group(2), total.group(3)) / 1000,
        failed=refused,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        latency_ms={f"p{p}": _ms(number, unit) for p, number, unit in _PERCENTILE.findall(output)},
        statuses={int(status): int(times) for status, times in _STATUS.findall(output)},
    )


def command(base: str, mode: str, targets: Path | None, *, seconds: float, connections: int,
            threads: int, run: str, first_revision: int) -> list[str]:
    """Return the wrk command line of one probe (keep-alive, wrk's default)."""
    return [WRK, "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s", "--latency",
            "--timeout", "5s", "-s", str(SCRIPT), base, "--", mode,
            str(targets) if targets else "-", run, str(first_revision), str(threads)]


async def run_wrk(arguments: list[str], seconds: float) -> WrkResult:
    """Run wrk and read its report; stop it if it outlives its duration by half a minute."""
    process = await asyncio.create_subprocess_exec(
        *arguments, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(), seconds + 30)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise RuntimeError(f"wrk did not finish: {' '.join(arguments)}") from None
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {err.decode()[-2000:]}")
    return parse(out.decode())
