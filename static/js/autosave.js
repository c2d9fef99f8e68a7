// Save each answer as it is given. The page works without this script: its Save button posts
// the whole form. Each save carries a random key (a retried request is stored once) and a
// revision on the server's clock (an older save never replaces a newer one).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.crypto) { return; }
  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("save-status");
  var token = form.querySelector("input[name=csrf_token]").value;
  // The device's clock may be wrong; measure it against the server's once.
  var offset = Number(form.getAttribute("data-server-now")) - Date.now();
  var lastRevision = 0;
  var timers = {};
  var RETRY_DELAYS = [1000, 2000, 4000, 8000, 15000, 30000];

  function say(text, state) {
    status.textContent = text;
    status.setAttribute("data-state", state);
  }

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function nextRevision() {
    lastRevision = Math.max(lastRevision + 1, Math.round(Date.now() + offset));
    return lastRevision;
  }

  function valuesOf(name) {
    var values = [];
    form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      values.push(input.value);
    });
    return values;
  }

  function busy(response) {
    var error = new Error("busy");
    error.busy = true;
    error.retryAfter = Number(response.headers.get("Retry-After")) || 0;
    return error;
  }

  function send(save, attempt) {
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify(save)
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        if (response.status >= 500 || response.status === 429) { throw busy(response); }
        say("Not saved: please reload the page, then answer again.", "error");
        return null;
      }
      return response.json().then(function (body) {
        if (response.status >= 500 || response.status === 429) { throw busy(response); }
        if (!body.saved) {
          say("Not saved: " + body.message, "error");
          return;
        }
        var base = form.querySelector("input[name='base-" + save.question + "']");
        if (base && body.revisions[save.question]) { base.value = body.revisions[save.question]; }
        // A text kept as typed that cannot earn points yet (a number not yet a number) is named,
        // and its field says why, so that "saved" never hides it.
        var problem = document.getElementById("q-" + save.question + "-problem");
        var problems = body.problems || [];
        if (problem) {
          var own = problems.filter(function (p) { return p.question === save.question; })[0];
          problem.textContent = own ? own.message : "";
          var field = document.getElementById("q-" + save.question);
          if (field) {
            if (own) { field.setAttribute("aria-invalid", "true"); }
            else { field.removeAttribute("aria-invalid"); }
          }
        }
        // The count of answers (exam.js) follows what the server says of each answer sent,
        // except one a newer answer from elsewhere replaced.
        var answered = {};
        Object.keys(body.answered || {}).forEach(function (id) {
          if (body.kept_newer.indexOf(id) === -1) { answered[id] = body.answered[id]; }
        });
        form.dispatchEvent(new CustomEvent("answer-saved", {bubbles: true, detail: {answered: answered, deadline: body.deadline}}));
        if (problems.length) {
          say(body.message, "error");
        } else if (body.kept_newer.indexOf(save.question) !== -1) {
          say("A newer answer from another tab or device was kept; reload to see it.", "info");
        } else {
          say("All answers saved (" + body.saved_at + ").", "saved");
        }
      });
    }).catch(function (error) {
      var delay = RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length - 1)];
      // A busy server (503, 429) says in Retry-After how many seconds to wait.
      if (error && error.retryAfter > 0) { delay = Math.min(error.retryAfter * 1000, 30000); }
      say(error && error.busy ? "Not saved yet, retrying: the server is busy."
                              : "Not saved yet, retrying: the connection was lost.", "error");
      timers[save.question] = window.setTimeout(function () { send(save, attempt + 1); }, delay);
    });
  }

  function saveQuestion(name) {
    var question = name.slice(2);
    window.clearTimeout(timers[question]);
    say("Saving…", "saving");
    send({key: newKey(), revision: nextRevision(), question: question, values: valuesOf(name)}, 0);
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name || "";
    if (name.indexOf("q-") === 0) { saveQuestion(name); }
  });
  // Typing saves after a short pause too, not only when the field loses focus.
  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target.type !== "text" && target.tagName !== "TEXTAREA") { return; }
    var question = (target.name || "").slice(2);
    window.clearTimeout(timers[question]);
    timers[question] = window.setTimeout(function () { saveQuestion(target.name); }, 800);
  });
}());
