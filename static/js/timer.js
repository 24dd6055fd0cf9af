// Timer steps: a gentle countdown and, for breathing, a circle that grows and shrinks, with
// a word beside it saying what to do. Both follow the clock, counted from when the step
// began: a background tab's timers are slowed or paused, and chained ticks drift, but a
// deadline is right the moment the page is looked at again. The end is marked once, in
// words a screen reader announces (the countdown itself is not a live region). Timers start
// with the page and again each time htmx swaps in a new step; listen.js starts them again
// after a step's narration, and pauses and resumes them, through window.TendTimer. The end
// is also told to scripts, as a "tend:timer-done" event from the timer. With sound.js, a soft
// chime marks the start and end and a tone follows the breath, if the person allowed sound.
// Deferred, no dependencies, nothing inline (the CSP forbids it).
(function () {
  "use strict";

  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  var running = [];
  var wake = null;
  var pausedAt = null;

  function sound(name, a, b) {
    if (window.TendSound) {
      window.TendSound[name](a, b);
    }
  }

  function stopTimers() {
    window.clearTimeout(wake);
    wake = null;
    running = [];
    pausedAt = null;
  }

  // Hold every running timer where it is (the clock stops too), until resumeTimers.
  function pauseTimers() {
    if (pausedAt !== null || !running.length) {
      return;
    }
    window.clearTimeout(wake);
    wake = null;
    pausedAt = Date.now();
    running.forEach(function (clock) {
      var circle = clock.pacer && clock.pacer.querySelector(".pacer__circle");
      if (circle) {
        // The circle stays at its size now, not where its transition was going.
        circle.style.transform = window.getComputedStyle(circle).transform;
        circle.style.transition = "none";
      }
    });
  }

  function resumeTimers() {
    if (pausedAt === null) {
      return;
    }
    var away = Date.now() - pausedAt;
    pausedAt = null;
    running.forEach(function (clock) {
      clock.start += away;
      clock.deadline += away;
      clock.shownPhase = null; // the circle takes up this phase again from where it was
      var circle = clock.pacer && clock.pacer.querySelector(".pacer__circle");
      if (circle) {
        circle.style.transform = "";
        circle.style.transition = "";
      }
    });
    tick();
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
      if (clock.pacer) {
        clock.pacer.classList.remove("pacer--done", "pacer--in");
      }
      running.push(clock);
    });
    if (running.length) {
      sound("chime");
    }
    tick();
  }

  // Bring every running timer up to the clock, then sleep until the next thing to change.
  function tick() {
    window.clearTimeout(wake);
    if (pausedAt !== null) {
      return;
    }
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
      sound("breath", phase.name, Math.max(phaseEnd - into, 0) / 1000);
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
    sound("chime");
    clock.timer.dispatchEvent(new CustomEvent("tend:timer-done", { bubbles: true }));
  }

  window.TendTimer = {
    start: startTimers,
    stop: stopTimers,
    pause: pauseTimers,
    resume: resumeTimers,
    paused: function () {
      return pausedAt !== null;
    },
  };

  // Back in a tab that was in the background: catch up with the clock straight away.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && running.length && pausedAt === null) {
      tick();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    startTimers(document);
  });

  // A new step swapped in (the server asks, once it has settled): its timers, and only its.
  document.addEventListener("tend:step-shown", function () {
    var panel = document.getElementById("step-panel");
    if (panel) {
      startTimers(panel);
    }
  });
})();
