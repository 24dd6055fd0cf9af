// Drafts of writing that isn't a practice step: a new entry, an entry's edit page, a
// looking-back note, the practice editor (forms marked data-draft-form). While the person
// types, the whole form is kept as their draft on the server (the form's own URL with
// draft=save; see compassion_site/accounts/drafts.py), a quiet line says when, and the page
// warns before it is left with words not yet saved anywhere. Words not yet confirmed are also
// kept in this tab (sessionStorage) until the server has them, so a reload that beats the
// save puts them back. Deferred, no dependencies, nothing inline (the CSP forbids it).
(function () {
  "use strict";

  var DELAY = 800;
  var COPY_PREFIX = "tend-draft:"; // the prefix tend.js forgets on log out
  var NOT_KEPT = { csrfmiddlewaretoken: true, writer: true, tab: true, action: true, draft: true };
  var NOT_SAVED = "Not saved yet. Your words are still here; we'll try again as you write.";
  var PUT_BACK = "We put back what you'd typed before the page reloaded. Saving it as a draft now.";
  var states = new WeakMap();

  function state(form) {
    var found = states.get(form);
    if (!found) {
      found = { dirty: false, timer: null, busy: false, again: false };
      states.set(form, found);
    }
    return found;
  }

  function draftForms(root) {
    var forms = Array.prototype.slice.call((root || document).querySelectorAll("form[data-draft-form]"));
    if (root && root.matches && root.matches("form[data-draft-form]")) {
      forms.push(root);
    }
    return forms;
  }

  // The form's words and choices as [name, value] pairs: what a draft keeps.
  function entriesOf(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && !NOT_KEPT[name]) {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  function store() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null;
    }
  }

  // One copy per page and writer (the unsigned part of the form's `writer` field), so another
  // person logged in on this browser never gets them.
  function copyKey(form) {
    var writer = form.querySelector("input[name=writer]");
    if (!writer || !writer.value) {
      return null;
    }
    return COPY_PREFIX + form.getAttribute("action") + "|" + writer.value.split(":")[0];
  }

  function keepCopy(form) {
    var storage = store();
    var key = copyKey(form);
    if (storage && key) {
      try {
        storage.setItem(key, JSON.stringify(entriesOf(form)));
      } catch (error) {
        // full or refused: the draft on the server and the last-moment save still carry them
      }
    }
  }

  function dropCopy(form, unless) {
    var storage = store();
    var key = copyKey(form);
    if (storage && key && (unless === undefined || storage.getItem(key) === unless)) {
      storage.removeItem(key);
    }
  }

  function say(form, text) {
    var line = form.querySelector("[data-draft-status]");
    if (line) {
      line.textContent = text;
    }
  }

  function statusFrom(html) {
    var line = new DOMParser().parseFromString(html, "text/html").querySelector("[data-draft-status]");
    return line ? line.textContent.trim() : "";
  }

  function draftData(form) {
    var data = new FormData(form);
    data.delete("action");
    data.set("draft", "save");
    return data;
  }

  function save(form) {
    var now = state(form);
    now.timer = null;
    if (!form.isConnected || !now.dirty) {
      return;
    }
    if (now.busy) {
      now.again = true;
      return;
    }
    now.busy = true;
    var sent = JSON.stringify(entriesOf(form));
    window
      .fetch(form.getAttribute("action"), {
        method: "POST",
        body: draftData(form),
        credentials: "same-origin",
        redirect: "manual", // a login that ended answers with a redirect: not saved here
      })
      .then(function (response) {
        return response.text().then(function (html) {
          return { ok: response.ok, status: response.status, said: statusFrom(html) };
        });
      })
      .then(
        function (answer) {
          if (answer.ok) {
            if (JSON.stringify(entriesOf(form)) === sent) {
              now.dirty = false; // nothing typed since: all of it is kept
            }
            dropCopy(form, sent);
            say(form, answer.said);
          } else {
            say(form, answer.status === 413 && answer.said ? answer.said : NOT_SAVED);
          }
        },
        function () {
          say(form, NOT_SAVED);
        }
      )
      .then(function () {
        now.busy = false;
        if (now.again || (now.dirty && !now.timer && JSON.stringify(entriesOf(form)) !== sent)) {
          now.again = false;
          save(form);
        }
      });
  }

  function changed(form) {
    var now = state(form);
    now.dirty = true;
    keepCopy(form);
    window.clearTimeout(now.timer);
    now.timer = window.setTimeout(function () {
      save(form);
    }, DELAY);
  }

  function settled(form) {
    var now = state(form);
    now.dirty = false;
    window.clearTimeout(now.timer);
    now.timer = null;
    dropCopy(form);
  }

  // A copy from this tab that the page came back without: put it back, when the form is
  // still the same shape (the editor may have gained or lost a step since).
  function sameShape(form, pairs) {
    var names = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) {
        names[field.name] = field;
      }
    });
    return pairs.every(function (pair) {
      var field = names[pair[0]];
      return field && (!/TOTAL_FORMS$/.test(pair[0]) || field.value === pair[1]);
    });
  }

  function putBack(form, pairs) {
    var values = {};
    pairs.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || NOT_KEPT[field.name] || /^(submit|button|file|reset)$/.test(field.type)) {
        return;
      }
      var mine = values[field.name] || [];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = mine.indexOf(field.value) !== -1;
      } else if (field.type === "select-multiple") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = mine.indexOf(option.value) !== -1;
        });
      } else {
        field.value = mine.length ? mine.shift() : "";
      }
    });
  }

  function restoreCopy(form) {
    var storage = store();
    var key = copyKey(form);
    var copy = storage && key ? storage.getItem(key) : null;
    if (copy === null) {
      return false;
    }
    var pairs;
    try {
      pairs = JSON.parse(copy);
    } catch (error) {
      pairs = null;
    }
    if (!Array.isArray(pairs) || copy === JSON.stringify(entriesOf(form)) || !sameShape(form, pairs)) {
      storage.removeItem(key);
      return false;
    }
    putBack(form, pairs);
    changed(form);
    say(form, PUT_BACK);
    return true;
  }

  function setUp(root) {
    draftForms(root).forEach(function (form) {
      if (!restoreCopy(form) && form.hasAttribute("data-draft-unsaved")) {
        changed(form); // words sent back with the page (a problem to fix, a step added)
      }
    });
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form || (event.target.closest && event.target.closest("form"));
    if (form && form.matches("form[data-draft-form]")) {
      changed(form);
    }
  });

  // Saving the form itself (or a button of the editor's) sends every word with it, and
  // Discard lets them go: neither needs a draft save or a warning.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-draft-form]")) {
      settled(form);
    } else if (form.matches("form[data-draft-discard]")) {
      draftForms(document).forEach(settled);
    }
  });

  // The editor posts in place with htmx: if that fails, its words are unsaved again.
  function unsavedAgain(event) {
    var form = event.detail && event.detail.elt;
    if (form && form.matches && form.matches("form[data-draft-form]")) {
      changed(form);
    }
  }
  document.addEventListener("htmx:responseError", unsavedAgain);
  document.addEventListener("htmx:sendError", unsavedAgain);
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) {
      setUp(event.target);
    }
  });

  window.addEventListener("beforeunload", function (event) {
    var unsaved = draftForms(document).some(function (form) {
      return state(form).dirty;
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = ""; // older browsers need this to ask
    }
  });

  // The page is going (after any warning): send what isn't saved one last time.
  window.addEventListener("pagehide", function () {
    draftForms(document).forEach(function (form) {
      if (state(form).dirty && navigator.sendBeacon) {
        navigator.sendBeacon(form.getAttribute("action"), draftData(form));
      }
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUp(document);
    });
  } else {
    setUp(document);
  }
})();
