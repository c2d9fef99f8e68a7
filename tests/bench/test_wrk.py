"""The wrk probe: wrk's report read, refused answers never counted, ratios per turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.student import Field, Student
from bench.wrk import USER_AGENT, Plan, report, summary, target_line, turn_ratios, wins
from bench.wrk_output import WrkResult, command, parse

# What wrk 4.1 prints with --latency and the probe's script, for a save probe where the rate
# limits refused some saves and the server dropped two connections.
SAVE_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8201
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    68.21ms   20.30ms 412.00ms   80.12%
    Req/Sec   230.11     40.10   310.00     70.00%
  Latency Distribution
     50%   64.10ms
     75%   75.20ms
     90%  850.00us
     99%    1.20s
  4600 requests in 10.00s, 2.10MB read
  Socket errors: connect 0, read 2, write 0, timeout 0
  Non-2xx or 3xx responses: 100
Requests/sec:    460.00
Transfer/sec:    215.04KB
probe failed: 160
probe status 429: 100
probe status 302: 60
"""

HELLO_OUTPUT = """\
Running 1s test @ http://127.0.0.1:8299
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.63ms    7.68ms  61.03ms   95.72%
    Req/Sec     3.53k   584.81     4.20k    63.64%
  Latency Distribution
     50%    0.97ms
     75%    1.14ms
     90%    1.59ms
     99%   49.31ms
  3864 requests in 1.10s, 626.39KB read
Requests/sec:   3514.70
Transfer/sec:    569.77KB
probe failed: 0
"""


def result(rps: float, failed: int = 0, p99: float = 10.0, seconds: float = 10.0) -> WrkResult:
    good = round(rps * seconds)
    return WrkResult(requests=good + failed, seconds=seconds, failed=failed,
                     latency_ms={"p99": p99})


def test_a_report_is_read_with_its_units() -> None:
    hello = parse(HELLO_OUTPUT)
    assert hello.requests == 3864
    assert hello.seconds == pytest.approx(1.10)
    assert hello.failed == 0 and hello.socket_errors == 0 and hello.statuses == {}
    assert hello.latency_ms == pytest.approx({"p50": 0.97, "p75": 1.14, "p90": 1.59,
                                              "p99": 49.31})
    save = parse(SAVE_OUTPUT)
    assert save.latency_ms["p90"] == pytest.approx(0.85)  # microseconds
    assert save.latency_ms["p99"] == pytest.approx(1200.0)  # seconds
    assert save.socket_errors == 2
    assert save.statuses == {429: 100, 302: 60}


def test_refused_and_redirected_saves_never_count_as_served() -> None:
    save = parse(SAVE_OUTPUT)
    # wrk's own figure (460/s) counts the 429s and the redirects to the sign-in page.
    assert save.failed == 160
    assert save.good == 4440
    assert save.rps == pytest.approx(444.0)


def test_wrk_s_own_count_of_errors_is_kept_when_the_script_printed_none() -> None:
    without_script = SAVE_OUTPUT.split("probe failed")[0]
    assert parse(without_script).failed == 100


def test_output_without_a_request_count_is_an_error() -> None:
    with pytest.raises(ValueError, match="no request count"):
        parse("unable to connect to 127.0.0.1:8201 Connection refused\n")


def test_each_target_is_a_share_of_its_own_turn_s_hello_world() -> None:
    turn = {"hello": result(4000), "question page": result(1000), "save": result(600, failed=50)}
    assert turn_ratios(turn) == pytest.approx({"question page": 0.25, "save": 0.15})


def test_the_summary_takes_medians_of_ratios_not_ratios_of_medians() -> None:
    # The machine slows down in the second turn: hello world and the page with it.
    turns = [
        {"hello": result(4000), "question page": result(1200)},  # 0.30
        {"hello": result(2000), "question page": result(700)},  # 0.35
        {"hello": result(3000), "question page": result(750, failed=3)},  # 0.25
    ]
    figures = summary(turns)
    assert figures["question page"]["ratio"] == pytest.approx(0.30)
    assert figures["question page"]["rps"] == pytest.approx(750)
    assert figures["question page"]["failed"] == 3
    assert figures["hello"]["ratio"] == 1.0 and figures["hello"]["rps"] == pytest.approx(3000)


def test_side_by_side_counts_the_turns_each_side_won() -> None:
    turns = [{"hello": result(3000), "A question page": result(a), "B question page": result(b)}
             for a, b in ((900, 1000), (950, 940), (800, 1100))]
    assert wins(turns, "A question page", "B question page") == 1
    assert wins(turns, "B question page", "A question page") == 2
    text = report(turns, Plan(seconds=5, turns=3))
    assert "- question page: A served more in 1 of 3 turns, B in 2" in text
    assert "| B question page | 1000 | 0.333 |" in text


def test_a_plain_report_states_the_targets_and_the_failures() -> None:
    turns = [{"hello": result(3000), "question page": result(900),
              "save": WrkResult(requests=500, seconds=1.0, failed=20, statuses={429: 20})}]
    text = report(turns, Plan())
    assert "| save | 480 | 0.160 |" in text
    assert "- question page: target ≥ 0.30 of hello world" in text
    assert "{429: 20}" in text


def test_a_student_becomes_one_line_of_the_targets_file() -> None:
    student = Student(http=None, base="http://127.0.0.1:8201", username="pupil-00001",  # type: ignore[arg-type]
                      password="x", recorder=None, attempt="abc123",  # type: ignore[arg-type]
                      cookies={"session": "s.1"}, token="tok")
    student.questions = [Field("q-essay", "text"), Field("q-mongolia", "radio", ["0", "1", "2"])]
    attempt, cookie, token, question, choices, agent = target_line(student).split("\t")
    assert (attempt, cookie, token, question, choices) == (
        "abc123", "session=s.1", "tok", "mongolia", "0,1,2")
    assert agent == USER_AGENT  # the browser the student signed in with, as wrk sends it
    student.questions = [Field("q-essay", "text")]
    assert target_line(student).split("\t")[3:5] == ["essay", "Yalta,lease,Chungking"]


def test_the_command_keeps_connections_alive_and_passes_the_script_its_arguments() -> None:
    arguments = command("http://127.0.0.1:8201", "save", Path("/tmp/t.tsv"), seconds=10,
                        connections=32, threads=2, run="r1", first_revision=17)
    assert arguments[1:8] == ["-t", "2", "-c", "32", "-d", "10s", "--latency"]
    assert "-H" not in arguments  # no "Connection: close": wrk keeps connections alive
    assert arguments[-6:] == ["--", "save", "/tmp/t.tsv", "r1", "17", "2"]
