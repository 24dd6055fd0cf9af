// Where focus goes, and the step flow's quiet notes. A page that came back with a problem
// puts the cursor in the first field to fix; after htmx swaps in a new step, focus moves to
// its heading; after "Load more" in the journal, to the first entry added. So keyboard and
// screen reader users land on what changed. Deferred, no dependencies, nothing inline (the
// CSP forbids it).
(function () {
  "use strict";

  // A form that came back with errors: put the cursor in the first field that needs fixing.
  function focusFirstProblem(root) {
    var field = (root || document).querySelector("[aria-invalid='true']");
    if (field) {
      field.focus();
      return true;
    }
    return false;
  }

  // After htmx swaps in a new step (the server asks, once it has settled), move focus to its
  // heading, or to the first field that needs fixing. timer.js starts the step's timers.
  function stepShown() {
    var panel = document.getElementById("step-panel");
    if (!panel) {
      return;
    }
    // Someone already typing or clicking in the new step keeps their place.
    var active = document.activeElement;
    if (active && active !== document.body && panel.contains(active) && !active.matches("h1")) {
      return;
    }
    if (!focusFirstProblem(panel)) {
      var heading = panel.querySelector("[data-focus-on-swap]");
      if (heading) {
        heading.focus();
      }
    }
  }

  // A step that couldn't be saved (the server or the network failed): htmx leaves the step
  // as it is, words included; say so calmly, and let the next press try again.
  function stepProblem(event, show) {
    var source = event.detail.elt;
    if (source && source.matches && source.matches("textarea[data-draft-url]")) {
      return; // a draft says how it went in its own status line (drafts.js)
    }
    var form = source && source.closest && source.closest(".step-form");
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
    focusFirstProblem(document.querySelector("main"));
  });
  document.addEventListener("tend:step-shown", stepShown);

  // The phone bar's More menu (a details element, open and shut without JavaScript) also
  // closes with Escape from inside it, with focus back on More, as a menu would.
  document.addEventListener("keydown", function (event) {
    var open = document.querySelector("details.bottom-bar__more[open]");
    if (event.key !== "Escape" || !open || !open.contains(document.activeElement)) {
      return;
    }
    open.open = false;
    open.querySelector("summary").focus();
  });

  // "Load more" in the journal: focus the first of the entries just added, so keyboard and
  // screen reader users carry on reading from there.
  document.addEventListener("tend:more-shown", function (event) {
    var target = event.detail && event.detail.focus && document.querySelector(event.detail.focus);
    if (target) {
      target.focus();
    }
  });
})();
