// The practice editor. Every button posts the whole form; htmx swaps the editor in place.
// Once the new editor has settled, put focus where the change happened: the step just added
// or moved (the server names it), else the first field that needs fixing, else the message.
// Deferred, no dependencies, nothing inline (the CSP forbids it).
(function () {
  "use strict";

  document.addEventListener("tend:editor-changed", function (event) {
    var editor = document.getElementById("editor");
    if (!editor) {
      return;
    }
    var id = event.detail && event.detail.focus;
    var target =
      (id && document.getElementById(id)) ||
      editor.querySelector("[aria-invalid='true']") ||
      editor.querySelector("#form-errors") ||
      editor.querySelector("[data-focus-on-swap]");
    if (target) {
      target.focus();
    }
  });
})();
