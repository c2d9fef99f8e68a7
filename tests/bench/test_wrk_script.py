"""The wrk script against a stand-in server: what it sends for a save, and what it counts."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bench.servers import free_port
from bench.wrk_output import WrkResult, command, parse

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
SAVES_ALLOWED = 40  # then the stand-in answers 429, as the rate limits would


class StandIn(BaseHTTPRequestHandler):
    """Answer saves as the app does, until the limit; remember every request."""

    protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
    seen: list[dict[str, Any]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.lock:
            self.seen.append({"path": self.path, "body": json.loads(body),
                              "headers": dict(self.headers)})
            allowed = len(self.seen) <= SAVES_ALLOWED
        answer = b'{"saved": true}' if allowed else b'{"message": "slow down"}'
        self.send_response(200 if allowed else 429)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        """Stay quiet."""


@pytest.fixture
def stand_in() -> Iterator[str]:
    StandIn.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_save_probe(base: str, targets: Path) -> WrkResult:
    arguments = command(base, "save", targets, seconds=1, connections=4, threads=2, run="t1",
                        first_revision=1_000)
    done = subprocess.run(arguments, capture_output=True, text=True, timeout=30, check=True)
    return parse(done.stdout)


def test_saves_carry_fresh_keys_rising_revisions_and_a_refusal_is_counted(
        stand_in: str, tmp_path: Path) -> None:
    targets = tmp_path / "targets.tsv"
    targets.write_text("att1\tsession=one\ttok1\tmongolia\t0,1\tagent/1\n"
                       "att2\tsession=two\ttok2\tyalta\ttrue,false\tagent/1\n")
    result = run_save_probe(stand_in, targets)
    seen = list(StandIn.seen)
    assert result.requests >= len(seen) - 4 > SAVES_ALLOWED  # the last few may be cut off
    refused = result.requests - min(result.requests, SAVES_ALLOWED)
    assert result.failed == refused and result.statuses == {429: refused}
    keys = [request["body"]["key"] for request in seen]
    assert len(set(keys)) == len(keys)
    for attempt, cookie, token, question, values in (
            ("att1", "session=one", "tok1", "mongolia", {"0", "1"}),
            ("att2", "session=two", "tok2", "yalta", {"true", "false"})):
        mine = [r for r in seen if r["path"] == f"/attempts/{attempt}/answers"]
        assert mine, f"no save for {attempt}"
        assert {r["headers"]["Cookie"] for r in mine} == {cookie}
        assert {r["headers"]["X-CSRFToken"] for r in mine} == {token}
        assert {r["headers"]["User-Agent"] for r in mine} == {"agent/1"}
        assert {r["body"]["question"] for r in mine} == {question}
        assert {value for r in mine for value in r["body"]["values"]} <= values
        revisions = [r["body"]["revision"] for r in mine]
        # One wrk thread per student: its saves arrive in the order they were sent, or close.
        assert min(revisions) > 1_000 and len(set(revisions)) == len(revisions)
