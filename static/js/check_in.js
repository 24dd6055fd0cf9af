// The daily check-in panel (home and /journal/check-in/): after htmx swaps it, focus moves to
// its heading, so a keyboard or screen-reader user lands on what changed; an answer that says
// what to put right (400) is let into the panel too. Deferred, nothing inline (the CSP).
(function () {
  "use strict";

  if (window.TendCheckIn) {
    return; // loaded once per page, even if the script tag appears twice
  }
  window.TendCheckIn = true;

  function isPanel(element) {
    return element && element.id === "check-in";
  }

  var swapping = false;

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!isPanel(event.detail.target)) {
      return;
    }
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    swapping = event.detail.shouldSwap;
  });

  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("check-in");
    if (!swapping || !panel) {
      return;
    }
    swapping = false;
    var invalid = panel.querySelector(".field--error input");
    var target = invalid || panel.querySelector("[data-check-in-focus]");
    if (target) {
      target.focus();
    }
  });
})();
