// The exam's clock and its count of answers (templates/quiz/_exam_status.html). Without this
// script the page says when time ends, in the school's zone, and the count is as the page was
// served; with it the time left is shown too, 5 and 1 minutes left are announced (politely,
// not every second), and the count follows each answer the autosave script saves.
(function () {
  "use strict";
  var MARKS = [5, 1];  // minutes left that are announced
  var GRACE_MS = 31000;  // the server's grace after the deadline (attempts.GRACE), and a second

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function minutes(n) { return n === 1 ? "1 minute" : n + " minutes"; }

  function startClock(timer) {
    var deadline = Number(timer.getAttribute("data-deadline"));
    // The device's clock may be wrong; measure it against the server's once.
    var offset = Number(timer.getAttribute("data-server-now")) - Date.now();
    var announcer = document.getElementById("timer-announcement");
    var endsAt = timer.querySelector("time");
    var endsText = endsAt ? endsAt.textContent : "";
    var left = document.createElement("span");
    left.className = "time-left";
    timer.insertBefore(left, timer.firstChild);
    var announced = {};
    var interval = null;

    function remaining() { return Math.max(0, Math.ceil((deadline - (Date.now() + offset)) / 1000)); }

    function announce(text) { if (announcer) { announcer.textContent = text; } }

    // Marks already passed when the page opens are not announced late.
    MARKS.forEach(function (mark) { announced[mark] = remaining() <= mark * 60; });

    function tick() {
      var seconds = remaining();
      if (seconds === 0) {
        left.textContent = "Time is up. ";
        announce("Time is up. The answers saved by " + endsText + " count.");
        window.clearInterval(interval);
        interval = null;
        // Past the server's grace, a reload shows the result of the submitted attempt.
        if (document.querySelector("form.quiz-form")) {
          window.setTimeout(function () { window.location.reload(); }, GRACE_MS);
        }
        return;
      }
      left.textContent = "Time left " + Math.floor(seconds / 60) + ":" + pad(seconds % 60) + ". ";
      MARKS.forEach(function (mark) {
        if (!announced[mark] && seconds <= mark * 60) {
          announced[mark] = true;
          announce(minutes(mark) + " left. Answers saved by " + endsText + " count.");
        }
      });
    }

    // Extra time given during the attempt reaches the page with the next save's reply.
    document.addEventListener("answer-saved", function (event) {
      var moved = Date.parse(event.detail.deadline || "");
      if (isNaN(moved) || moved === deadline) { return; }
      deadline = moved;
      if (endsAt) {
        endsText = localClock(new Date(moved), timer.getAttribute("data-zone")) || endsText;
        endsAt.textContent = endsText;
        endsAt.setAttribute("datetime", event.detail.deadline);
      }
      MARKS.forEach(function (mark) { announced[mark] = remaining() <= mark * 60; });
      if (interval === null) { interval = window.setInterval(tick, 1000); }
      tick();
    });

    tick();
    if (remaining() > 0) { interval = window.setInterval(tick, 1000); }
  }

  // "10:40 CET" in the school's zone, as the server writes it; empty if the browser cannot.
  function localClock(date, zone) {
    try {
      return new Intl.DateTimeFormat("en-GB", {hour: "2-digit", minute: "2-digit",
        timeZone: zone || undefined, timeZoneName: "short"}).format(date);
    } catch (error) {
      return "";
    }
  }

  function followAnswers(box, count) {
    var answered = Object.create(null);
    (box.getAttribute("data-answered") || "").split(" ").forEach(function (id) {
      if (id) { answered[id] = true; }
    });
    document.addEventListener("answer-saved", function (event) {
      var given = event.detail.answered || {};
      Object.keys(given).forEach(function (id) {
        if (given[id]) { answered[id] = true; } else { delete answered[id]; }
      });
      count.textContent = String(Object.keys(answered).length);
    });
  }

  var timer = document.getElementById("timer");
  if (timer && timer.getAttribute("data-deadline")) { startClock(timer); }
  var box = document.getElementById("answered");
  var count = document.getElementById("answered-count");
  if (box && count) { followAnswers(box, count); }
}());
