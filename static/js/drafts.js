// Drafts: nothing typed is lost. Two kinds of writing are kept while the person types:
// - a practice's write step (a textarea with data-draft-url): htmx posts it as a draft after
//   a pause (hx-trigger on the box), and the step form carries it on Next, Back and Skip;
// - writing that isn't a step (forms marked data-draft-form: a new entry, an entry's edit
//   page, a looking-back note, the practice editor): the whole form is posted here to its own
//   URL with draft=save (see compassion_site/accounts/drafts.py), and the page warns before it
//   is left with words not yet saved anywhere.
// Either way a quiet line says how the save went, words not yet confirmed are also kept in
// this tab (Tend.copies, from tab.js) so a reload that beats the save puts them back, and
// whatever isn't saved is sent one last time as the page goes. Deferred, after tab.js; no
// other dependencies, nothing inline (the CSP forbids it).
(function () {
  "use strict";

  var copies = window.Tend.copies;
  var NOT_SAVED = "Not saved yet. Your words are still here; we'll try again as you write.";

  /* A practice's write step ------------------------------------------------------------ */

  var BOX = "textarea[data-draft-url]";

  function isDraftBox(element) {
    return Boolean(element && element.matches && element.matches(BOX));
  }

  function boxKey(box) {
    return copies.key(box.closest("form"), box.dataset.draftUrl);
  }

  document.addEventListener("input", function (event) {
    if (isDraftBox(event.target)) {
      event.target.dataset.dirty = "yes";
      copies.keep(boxKey(event.target), event.target.value);
    }
  });

  // A page that came back without the words last typed in this tab (the reload was served
  // before they were saved): put them back, say so, and save them.
  function restoreBoxes(root) {
    root.querySelectorAll(BOX).forEach(function (box) {
      var key = boxKey(box);
      var copy = copies.get(key);
      if (copy === null || copy === undefined) {
        return;
      }
      if (copy === box.value) {
        copies.drop(key);
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
      source.querySelectorAll(BOX).forEach(function (box) {
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
      source.querySelectorAll(BOX).forEach(function (box) {
        if (sending.has(box)) {
          copies.drop(boxKey(box), sending.get(box));
        }
      });
    }
  });

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
      copies.drop(boxKey(source), saved);
      return;
    }
    source.dataset.dirty = "yes";
    var note = document.getElementById("save-status");
    if (!note) {
      return;
    }
    // The server had trouble or the network failed: nothing came back to show, so say it here.
    var text = status === 400 || status === 422 ? note.textContent : NOT_SAVED;
    // Write it into the live region a moment after it is in the page, so it is announced.
    note.textContent = "";
    window.setTimeout(function () {
      note.textContent = text;
    }, 100);
  });

  // The page is closing with words not yet saved: send them one last time.
  function sendBoxesOnLeave() {
    document.querySelectorAll(BOX).forEach(function (box) {
      if (box.dataset.dirty !== "yes" || !navigator.sendBeacon) {
        return;
      }
      var data = new FormData(box.closest("form"));
      data.delete("action");
      withoutFiles(data);
      navigator.sendBeacon(box.dataset.draftUrl, data);
      box.dataset.dirty = "no";
    });
  }

  /* Writing that isn't a step: forms marked data-draft-form ------------------------------ */

  var DELAY = 800;
  var NOT_KEPT = { csrfmiddlewaretoken: true, writer: true, tab: true, action: true, draft: true };
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

  // One copy per page and writer.
  function formKey(form) {
    return copies.key(form, form.getAttribute("action"));
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
    withoutFiles(data);
    return data;
  }

  // A draft keeps words, never a chosen file (a recording can be megabytes).
  function withoutFiles(data) {
    var names = [];
    data.forEach(function (value, name) {
      if (typeof value !== "string") {
        names.push(name);
      }
    });
    names.forEach(function (name) {
      data.delete(name);
    });
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
            copies.drop(formKey(form), sent);
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
    copies.keep(formKey(form), JSON.stringify(entriesOf(form)));
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
    copies.drop(formKey(form));
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

  function restoreForm(form) {
    var key = formKey(form);
    var copy = copies.get(key);
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
      copies.drop(key);
      return false;
    }
    putBack(form, pairs);
    changed(form);
    say(form, PUT_BACK);
    return true;
  }

  // Warn before leaving a page whose writing isn't saved yet. Listened for only on pages with
  // such a form, so that other pages stay free to be kept in the browser's back/forward cache.
  var warning = false;

  function warnBeforeLeaving() {
    if (warning) {
      return;
    }
    warning = true;
    window.addEventListener("beforeunload", function (event) {
      var unsaved = draftForms(document).some(function (form) {
        return state(form).dirty;
      });
      if (unsaved) {
        event.preventDefault();
        event.returnValue = ""; // older browsers need this to ask
      }
    });
  }

  function setUpForms(root) {
    draftForms(root).forEach(function (form) {
      warnBeforeLeaving();
      if (!restoreForm(form) && form.hasAttribute("data-draft-unsaved")) {
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

  function sendFormsOnLeave() {
    draftForms(document).forEach(function (form) {
      if (state(form).dirty && navigator.sendBeacon) {
        navigator.sendBeacon(form.getAttribute("action"), draftData(form));
      }
    });
  }

  /* Both kinds ------------------------------------------------------------------------- */

  document.addEventListener("htmx:load", function (event) {
    restoreBoxes(event.target);
    if (event.target !== document.body) {
      setUpForms(event.target);
    }
  });

  // The page is going (after any warning): send what isn't saved one last time.
  window.addEventListener("pagehide", function () {
    sendBoxesOnLeave();
    sendFormsOnLeave();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUpForms(document);
    });
  } else {
    setUpForms(document); // htmx:load skips the body: the page's own forms are set up here
  }
})();
