// Tend's small helpers. Deferred, no dependencies, nothing inline (the CSP forbids it).
(function () {
  "use strict";

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

  // After htmx swaps in new content, move focus to its heading so screen readers and
  // keyboard users land on what changed.
  function focusNewHeading(event) {
    var heading = event.detail.target && event.detail.target.querySelector("[data-focus-on-swap]");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  // A form that came back with errors: put the cursor in the first field that needs fixing.
  function focusFirstProblem() {
    var field = document.querySelector("main [aria-invalid='true']");
    if (field) {
      field.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", detectTimeZone);
  document.addEventListener("DOMContentLoaded", focusFirstProblem);
  document.addEventListener("htmx:afterSwap", focusNewHeading);
})();
