// Tend's small helpers. Deferred, no dependencies, nothing inline (the CSP forbids it).
(function () {
  "use strict";

  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  // Sign-up: fill the hidden time zone field from the browser, so days are the person's own.
  function detectTimeZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    document.querySelectorAll("input[data-detect-time-zone]").forEach(function (input) {
      if (!input.value && zone) {
        input.value = zone;
      }
    });
  }

  // Settings: offer this device's time zone first in the list (a copy at the top, nothing
  // chosen for the person: their saved zone stays selected until they pick another).
  function deviceZoneFirst() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (!zone) {
      return;
    }
    document.querySelectorAll("select[data-device-zone-first]").forEach(function (select) {
      var match = Array.prototype.find.call(select.options, function (option) {
        return option.value === zone;
      });
      if (!match || select.querySelector("optgroup[data-device-zone]")) {
        return;
      }
      var group = document.createElement("optgroup");
      group.label = "This device's time zone";
      group.dataset.deviceZone = "";
      var copy = document.createElement("option");
      copy.value = zone;
      copy.textContent = zone.replace(/_/g, " ").replace(/\//g, " / ");
      group.appendChild(copy);
      select.insertBefore(group, select.firstChild);
      if (match.selected) {
        copy.selected = true;
      }
    });
  }

  // A form that came back with errors: put the cursor in the first field that needs fixing.
  function focusFirstProblem(root) {
    var field = (root || document).querySelector("[aria-invalid='true']");
    if (field) {
      field.focus();
      return true;
    }
    return false;
  }

  // After htmx swaps in a new step, move focus to its heading (or to the first field that
  // needs fixing), so keyboard and screen reader users land on what changed.
  function afterSwap() {
    var panel = document.getElementById("step-panel");
    if (!panel) {
      return;
    }
    // Someone already typing or clicking in the new step keeps their place.
    var active = document.activeElement;
    if (active && active !== document.body && panel.contains(active) && !active.matches("h1")) {
      startTimers(panel);
      return;
    }
    if (!focusFirstProblem(panel)) {
      var heading = panel.querySelector("[data-focus-on-swap]");
      if (heading) {
        heading.focus();
      }
    }
    startTimers(panel);
  }

  // Timer steps: a gentle countdown and, for breathing, a circle that grows and shrinks, with
  // a word beside it saying what to do. Both follow the clock, counted from when the step
  // began: a background tab's timers are slowed or paused, and chained ticks drift, but a
  // deadline is right the moment the page is looked at again. The end is marked once, in
  // words a screen reader announces (the countdown itself is not a live region).
  var running = [];
  var wake = null;

  function stopTimers() {
    window.clearTimeout(wake);
    wake = null;
    running = [];
  }

  function startTimers(root) {
    stopTimers();
    var now = Date.now();
    (root || document).querySelectorAll("[data-timer]").forEach(function (timer) {
      var seconds = Number(timer.dataset.seconds || 0);
      if (!(seconds > 0)) {
        return;
      }
      var clock = {
        timer: timer,
        start: now,
        deadline: now + seconds * 1000,
        display: timer.querySelector("[data-timer-left]"),
        end: timer.querySelector("[data-timer-end]"),
        pacer: timer.querySelector(".pacer"),
        word: timer.querySelector("[data-pacer-word]"),
        phases: [],
        shownLeft: null,
        shownPhase: null,
        done: false,
      };
      if (clock.pacer && timer.dataset.in) {
        clock.phases = breathingPhases({
          in: Number(timer.dataset.in),
          hold: Number(timer.dataset.hold || 0),
          out: Number(timer.dataset.out),
        });
      }
      if (clock.display) {
        clock.display.hidden = false;
      }
      if (clock.end) {
        clock.end.textContent = ""; // quiet until the end
      }
      timer.classList.remove("timer--done");
      running.push(clock);
    });
    tick();
  }

  // Bring every running timer up to the clock, then sleep until the next thing to change.
  function tick() {
    window.clearTimeout(wake);
    var now = Date.now();
    var soonest = Infinity;
    running.forEach(function (clock) {
      soonest = Math.min(soonest, showTimer(clock, now));
    });
    if (soonest < Infinity) {
      // A little after the moment, so the clock has surely passed it.
      wake = window.setTimeout(tick, Math.max(soonest - now, 0) + 20);
    }
  }

  // Show one timer as it should be at `now`; returns when it next changes (Infinity: never).
  function showTimer(clock, now) {
    if (clock.done) {
      return Infinity;
    }
    var remaining = clock.deadline - now;
    if (remaining <= 0) {
      finishTimer(clock);
      return Infinity;
    }
    var left = Math.ceil(remaining / 1000);
    if (clock.display && left !== clock.shownLeft) {
      clock.shownLeft = left;
      var minutes = Math.floor(left / 60);
      var seconds = String(left % 60).padStart(2, "0");
      clock.display.textContent = minutes + ":" + seconds + " left";
    }
    // The next whole second of the countdown, or the deadline itself.
    var next = now + (remaining % 1000 || 1000);
    if (clock.phases.length) {
      next = Math.min(next, breathe(clock, now));
    }
    return Math.min(next, clock.deadline);
  }

  function breathingPhases(pace) {
    return [
      { name: "in", label: "Breathe in", seconds: pace.in },
      { name: "hold", label: "Hold", seconds: pace.hold },
      { name: "out", label: "Breathe out", seconds: pace.out },
    ].filter(function (phase) {
      return phase.seconds > 0;
    });
  }

  // Where in the breath the clock says we are: the circle and the word follow it. Returns
  // when this phase ends.
  function breathe(clock, now) {
    var cycle = clock.phases.reduce(function (sum, phase) {
      return sum + phase.seconds * 1000;
    }, 0);
    var elapsed = now - clock.start;
    var round = Math.floor(elapsed / cycle);
    var into = elapsed - round * cycle;
    var index = 0;
    var phaseEnd = clock.phases[0].seconds * 1000;
    while (into >= phaseEnd && index < clock.phases.length - 1) {
      index += 1;
      phaseEnd += clock.phases[index].seconds * 1000;
    }
    var phase = clock.phases[index];
    var key = round + ":" + index;
    if (key !== clock.shownPhase) {
      var first = clock.shownPhase === null;
      clock.shownPhase = key;
      var pacer = clock.pacer;
      // The circle takes what is left of this phase to grow or shrink (all of it, unless the
      // page was away for a while).
      pacer.style.setProperty("--breath-phase", Math.max(phaseEnd - into, 0) / 1000 + "s");
      if (reducedMotion.matches) {
        pacer.classList.remove("pacer--in");
      } else {
        if (first) {
          pacer.getBoundingClientRect(); // let the circle start small, so it grows
        }
        if (phase.name === "in") {
          pacer.classList.add("pacer--in");
        } else if (phase.name === "out") {
          pacer.classList.remove("pacer--in");
        }
      }
      if (clock.word) {
        clock.word.textContent = phase.label;
      }
    }
    return now + (phaseEnd - into);
  }

  // Time's up: the circle comes to rest, the countdown goes, and the live region says so once.
  function finishTimer(clock) {
    clock.done = true;
    clock.timer.classList.add("timer--done");
    if (clock.pacer) {
      clock.pacer.classList.remove("pacer--in");
      clock.pacer.classList.add("pacer--done");
    }
    if (clock.word) {
      clock.word.textContent = "Rest";
    }
    if (clock.display) {
      clock.display.hidden = true;
    }
    if (clock.end) {
      clock.end.textContent = clock.end.dataset.timerEnd;
    }
  }

  // Back in a tab that was in the background: catch up with the clock straight away.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && running.length) {
      tick();
    }
  });

  // Write steps: if the page is closing with words not yet saved, send them one last time.
  function saveOnLeave() {
    document.querySelectorAll("textarea[data-draft-url]").forEach(function (box) {
      if (box.dataset.dirty !== "yes" || !navigator.sendBeacon) {
        return;
      }
      var form = box.closest("form");
      var data = new FormData(form);
      data.delete("action");
      navigator.sendBeacon(box.dataset.draftUrl, data);
      box.dataset.dirty = "no";
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-draft-url]")) {
      event.target.dataset.dirty = "yes";
    }
  });
  function isDraftBox(element) {
    return Boolean(element && element.matches && element.matches("textarea[data-draft-url]"));
  }

  // A draft the server refused (too long, say) answers with an error status and a "Not saved"
  // note: htmx leaves error answers out by default, so let this one in, and only this one.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    // beforeSwap is fired on the target; the element that asked is in the request's config.
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (
      isDraftBox(source) &&
      (status === 400 || status === 422) &&
      /id="save-status"/.test(event.detail.serverResponse || "")
    ) {
      event.detail.shouldSwap = true;
      event.detail.isError = false; // shown to the person here, so not logged as a failure
    }
  });

  // Only a save the server took marks the words clean; anything else keeps them unsaved, so
  // the next keystroke, the Next button or closing the tab sends them again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail.elt;
    if (!isDraftBox(source)) {
      return;
    }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 200 && status < 300) {
      source.dataset.dirty = "no";
      return;
    }
    source.dataset.dirty = "yes";
    var note = document.getElementById("save-status");
    if (!note) {
      return;
    }
    // The server had trouble or the network failed: nothing came back to show, so say it here.
    var text =
      status === 400 || status === 422
        ? note.textContent
        : "Not saved yet. Your words are still here; we'll try again as you write.";
    // Write it into the live region a moment after it is in the page, so it is announced.
    note.textContent = "";
    window.setTimeout(function () {
      note.textContent = text;
    }, 100);
  });

  // A step that couldn't be saved (the server or the network failed): htmx leaves the step
  // as it is, words included; say so calmly, and let the next press try again.
  function stepProblem(event, show) {
    if (isDraftBox(event.detail.elt)) {
      return; // a draft says how it went in its own status line
    }
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest(".step-form");
    var note = form && form.querySelector("[data-step-problem]");
    if (note) {
      note.hidden = !show;
    }
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    stepProblem(event, false);
  });
  document.addEventListener("htmx:responseError", function (event) {
    stepProblem(event, true);
  });
  document.addEventListener("htmx:sendError", function (event) {
    stepProblem(event, true);
  });

  document.addEventListener("DOMContentLoaded", function () {
    detectTimeZone();
    deviceZoneFirst();
    focusFirstProblem(document.querySelector("main"));
    startTimers(document);
  });
  document.addEventListener("tend:step-shown", afterSwap);

  // "Load more" in the journal: focus the first of the entries just added, so keyboard and
  // screen reader users carry on reading from there.
  document.addEventListener("tend:more-shown", function (event) {
    var target = event.detail && event.detail.focus && document.querySelector(event.detail.focus);
    if (target) {
      target.focus();
    }
  });
  window.addEventListener("pagehide", saveOnLeave);
})();
