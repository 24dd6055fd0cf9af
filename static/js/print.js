// The printable journal: show the Print button (it needs JavaScript) and open the browser's
// print dialog with it. Deferred; nothing inline, as the CSP asks.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
