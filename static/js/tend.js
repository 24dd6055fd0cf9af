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
      keepCopy(event.target);
    }
  });

  // Each tab names itself once, in sessionStorage: the same name through reloads of this tab,
  // never another tab's. Steps, drafts and last-moment saves carry it, so a tab's own save
  // that lands late (sent as the page reloaded) is never taken for another tab's.
  var TAB_KEY = "tend-tab";
  // Words typed in a draft box and not yet confirmed saved, kept in this tab alone until the
  // server says it has them: a reload that comes before the save lands puts them back.
  var COPY_PREFIX = "tend-draft:";

  function tabStore() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage switched off: the page still works, without these extras
    }
  }

  function newTabId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (byte) {
        return byte.toString(16).padStart(2, "0");
      })
      .join("");
  }

  function tabId() {
    var store = tabStore();
    if (!store) {
      return "";
    }
    try {
      var id = store.getItem(TAB_KEY);
      if (!id) {
        id = newTabId();
        store.setItem(TAB_KEY, id);
      }
      return id;
    } catch (error) {
      return "";
    }
  }

  // A duplicated tab begins with a copy of the first tab's sessionStorage, name and all: ask
  // the other tabs whether one already goes by this name, and take a new name if one does.
  function checkTabIsAlone() {
    var asked = tabId();
    if (!asked || !window.BroadcastChannel) {
      return;
    }
    var channel = new window.BroadcastChannel("tend-tabs");
    channel.onmessage = function (event) {
      var said = event.data || {};
      if (said.hello && said.hello === tabId()) {
        channel.postMessage({ taken: said.hello });
      } else if (said.taken && said.taken === asked && asked === tabId()) {
        tabStore().setItem(TAB_KEY, newTabId());
        fillTabFields(document);
      }
    };
    channel.postMessage({ hello: asked });
  }

  function fillTabFields(root) {
    var id = tabId();
    root.querySelectorAll("input[data-tab-id]").forEach(function (input) {
      input.value = id;
    });
  }

  // A copy belongs to one draft box and one writer: the unsigned part of the form's `writer`
  // field, so someone else logged in on this browser never gets another person's words.
  function copyKey(box) {
    var form = box.closest("form");
    var writer = form && form.querySelector("input[name=writer]");
    if (!writer || !writer.value) {
      return null;
    }
    return COPY_PREFIX + box.dataset.draftUrl + "|" + writer.value.split(":")[0];
  }

  function keepCopy(box) {
    var store = tabStore();
    var key = copyKey(box);
    if (store && key) {
      try {
        store.setItem(key, box.value);
      } catch (error) {
        // full or refused: the server-side draft and the last-moment save still carry them
      }
    }
  }

  function dropCopy(box, saved) {
    var store = tabStore();
    var key = copyKey(box);
    if (store && key && store.getItem(key) === saved) {
      store.removeItem(key);
    }
  }

  function forgetCopies() {
    var store = tabStore();
    if (!store) {
      return;
    }
    Object.keys(store).forEach(function (key) {
      if (key.indexOf(COPY_PREFIX) === 0) {
        store.removeItem(key);
      }
    });
  }

  // A page that came back without the words last typed in this tab (the reload was served
  // before they were saved): put them back, say so, and save them.
  function restoreCopies(root) {
    var store = tabStore();
    if (!store) {
      return;
    }
    root.querySelectorAll("textarea[data-draft-url]").forEach(function (box) {
      var key = copyKey(box);
      var copy = key && store.getItem(key);
      if (copy === null || copy === undefined || copy === false) {
        return;
      }
      if (copy === box.value) {
        store.removeItem(key);
        return;
      }
      box.value = copy;
      box.dataset.dirty = "yes";
      var note = document.getElementById("save-status");
      if (note) {
        note.textContent = "We put back what you'd typed before the page reloaded. Saving it now.";
      }
      box.dispatchEvent(new Event("input", { bubbles: true })); // htmx saves it as it would a keystroke
    });
  }

  // The words each request carries, to let go of this tab's copy once the server has them.
  var sending = new WeakMap();
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    if (isDraftBox(source)) {
      sending.set(source, source.value);
    } else if (source && source.matches && source.matches("form.step-form")) {
      source.querySelectorAll("textarea[data-draft-url]").forEach(function (box) {
        sending.set(box, box.value);
      });
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail.elt;
    var xhr = event.detail.xhr;
    if (!source || !source.matches || !source.matches("form.step-form") || !xhr) {
      return;
    }
    // A step taken (no field sent back to fix) has the words saved.
    if (xhr.status >= 200 && xhr.status < 300 && !/aria-invalid="true"/.test(xhr.responseText)) {
      source.querySelectorAll("textarea[data-draft-url]").forEach(function (box) {
        if (sending.has(box)) {
          dropCopy(box, sending.get(box));
        }
      });
    }
  });
  checkTabIsAlone();
  document.addEventListener("htmx:load", function (event) {
    fillTabFields(event.target);
    restoreCopies(event.target);
  });
  // Logging out leaves nothing of anyone's words in this tab.
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("form[data-forget-drafts]")) {
      forgetCopies();
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
      // Words typed while this save was on its way are still to be saved.
      var saved = sending.has(source) ? sending.get(source) : source.value;
      source.dataset.dirty = source.value === saved ? "no" : "yes";
      dropCopy(source, saved);
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

  // A choice that goes on its own ("None of these right now"): ticking it unticks the others,
  // and ticking another unticks it. The ticks themselves show what changed; without
  // JavaScript the server asks the person to untick one or the other.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[type='checkbox']") || !box.checked) {
      return;
    }
    var group = box.closest("fieldset[data-on-its-own]");
    if (!group) {
      return;
    }
    var alone = group.getAttribute("data-on-its-own");
    group.querySelectorAll("input[type='checkbox']").forEach(function (other) {
      if (other !== box && other.checked && (box.value === alone || other.value === alone)) {
        other.checked = false;
      }
    });
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
