// A therapist's new invite: a "Copy link" button for the link. Without JavaScript (or a
// clipboard) the button stays hidden and the link is plain, selectable text. Deferred;
// nothing inline, as the CSP asks.
(function () {
  "use strict";

  function say(button, text) {
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (status) {
      status.textContent = text;
    }
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard || !window.isSecureContext) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(
        function () {
          say(button, "Copied. Paste it into a message to your client.");
        },
        function () {
          source.focus();
          source.select();
          say(button, "Couldn't copy here. The link is selected: copy it your usual way.");
        }
      );
    });
  });

  // Clicking into the link selects all of it, ready to copy by hand.
  document.querySelectorAll("input[readonly][data-select-on-focus]").forEach(function (input) {
    input.addEventListener("focus", function () {
      input.select();
    });
  });
})();
