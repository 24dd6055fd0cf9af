// This browser tab: its name, and the words it keeps for a moment. Loaded first, on every
// page: drafts.js keeps its copies through Tend.copies. Deferred, no dependencies, nothing
// inline (the CSP forbids it).
(function () {
  "use strict";

  var Tend = (window.Tend = window.Tend || {});

  function store() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage switched off: the page still works, without these extras
    }
  }

  // Each tab names itself once, in sessionStorage: the same name through reloads of this tab,
  // never another tab's. Steps, drafts and last-moment saves carry it, so a tab's own save
  // that lands late (sent as the page reloaded) is never taken for another tab's.
  var TAB_KEY = "tend-tab";

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
    var storage = store();
    if (!storage) {
      return "";
    }
    try {
      var id = storage.getItem(TAB_KEY);
      if (!id) {
        id = newTabId();
        storage.setItem(TAB_KEY, id);
      }
      return id;
    } catch (error) {
      return "";
    }
  }

  function fillTabFields(root) {
    var id = tabId();
    root.querySelectorAll("input[data-tab-id]").forEach(function (input) {
      input.value = id;
    });
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
        store().setItem(TAB_KEY, newTabId());
        fillTabFields(document);
      }
    };
    channel.postMessage({ hello: asked });
  }

  // Words typed and not yet confirmed saved, kept in this tab alone until the server says it
  // has them: a reload that comes before the save lands puts them back. A copy belongs to one
  // place (a draft box's URL, a form's action) and one writer: the unsigned part of the
  // form's `writer` field, so someone else logged in on this browser never gets another
  // person's words.
  var COPY_PREFIX = "tend-draft:";

  Tend.copies = {
    key: function (form, place) {
      var writer = form && form.querySelector("input[name=writer]");
      if (!writer || !writer.value) {
        return null;
      }
      return COPY_PREFIX + place + "|" + writer.value.split(":")[0];
    },
    get: function (key) {
      var storage = store();
      return storage && key ? storage.getItem(key) : null;
    },
    keep: function (key, text) {
      var storage = store();
      if (storage && key) {
        try {
          storage.setItem(key, text);
        } catch (error) {
          // full or refused: the draft on the server and the last-moment save still carry them
        }
      }
    },
    // Let a copy go; with `unless`, only while it still holds those words.
    drop: function (key, unless) {
      var storage = store();
      if (storage && key && (unless === undefined || storage.getItem(key) === unless)) {
        storage.removeItem(key);
      }
    },
    forgetAll: function () {
      var storage = store();
      if (!storage) {
        return;
      }
      Object.keys(storage).forEach(function (key) {
        if (key.indexOf(COPY_PREFIX) === 0) {
          storage.removeItem(key);
        }
      });
    },
  };

  checkTabIsAlone();
  document.addEventListener("htmx:load", function (event) {
    fillTabFields(event.target);
  });

  // Logging out leaves nothing of anyone's words in this tab.
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("form[data-forget-drafts]")) {
      Tend.copies.forgetAll();
    }
  });
})();
