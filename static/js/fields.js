// Fields that help a little: the sign-up's time zone filled from the browser, this device's
// zone offered first in Settings, and a choice that goes on its own. Each works without
// JavaScript too. Deferred, no dependencies, nothing inline (the CSP forbids it).
(function () {
  "use strict";

  function deviceZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return undefined;
    }
  }

  // Sign-up: fill the hidden time zone field from the browser, so days are the person's own.
  function detectTimeZone(zone) {
    document.querySelectorAll("input[data-detect-time-zone]").forEach(function (input) {
      if (!input.value && zone) {
        input.value = zone;
      }
    });
  }

  // Settings: offer this device's time zone first in the list (a copy at the top, nothing
  // chosen for the person: their saved zone stays selected until they pick another).
  function deviceZoneFirst(zone) {
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

  document.addEventListener("DOMContentLoaded", function () {
    var zone = deviceZone();
    detectTimeZone(zone);
    deviceZoneFirst(zone);
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
})();
