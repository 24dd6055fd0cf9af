// Recording a step's voice in the practice editor. Record asks for the microphone and records;
// Stop puts what was recorded into that step's file input (as if it had been chosen), so
// saving works the same either way. Where the browser can't record (no MediaRecorder, no
// getUserMedia, no DataTransfer), the buttons stay hidden and choosing a file still works.
// Deferred, no dependencies, nothing inline (the CSP forbids it).
(function () {
  "use strict";

  var canRecord = !!(
    window.MediaRecorder &&
    window.DataTransfer &&
    navigator.mediaDevices &&
    navigator.mediaDevices.getUserMedia
  );
  var NO_MICROPHONE =
    "We couldn't use a microphone. Check that this browser may use it, or choose a recording instead.";

  function clock(seconds) {
    var whole = Math.round(seconds);
    var rest = whole % 60;
    return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function extensionOf(type) {
    if (type.indexOf("ogg") !== -1) {
      return "ogg";
    }
    if (type.indexOf("mp4") !== -1) {
      return "m4a";
    }
    return "webm";
  }

  function setUp(area) {
    if (area.dataset.recorderReady === "yes") {
      return;
    }
    area.dataset.recorderReady = "yes";
    var controls = area.querySelector("[data-recorder-controls]");
    var input = area.querySelector("input[type='file']");
    if (!canRecord || !controls || !input) {
      return;
    }
    var record = controls.querySelector("[data-record]");
    var stop = controls.querySelector("[data-stop]");
    var status = controls.querySelector("[data-recorder-status]");
    var recorder = null;
    var ticking = null;
    var started = 0;

    function say(text) {
      status.textContent = text;
    }

    function elapsed() {
      return (Date.now() - started) / 1000;
    }

    function finished(stream, chunks) {
      window.clearInterval(ticking);
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      var seconds = elapsed();
      var type = (recorder && recorder.mimeType) || "audio/webm";
      var file = new File(chunks, "recording." + extensionOf(type), { type: type });
      var files = new DataTransfer();
      files.items.add(file);
      input.files = files.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      recorder = null;
      record.disabled = false;
      stop.disabled = true;
      record.focus();
      say("Recorded " + clock(seconds) + ": it will be kept when you save.");
    }

    record.addEventListener("click", function () {
      if (recorder) {
        return;
      }
      record.disabled = true;
      navigator.mediaDevices.getUserMedia({ audio: true }).then(
        function (stream) {
          var chunks = [];
          recorder = new MediaRecorder(stream);
          recorder.addEventListener("dataavailable", function (event) {
            if (event.data && event.data.size) {
              chunks.push(event.data);
            }
          });
          recorder.addEventListener("stop", function () {
            finished(stream, chunks);
          });
          recorder.start();
          started = Date.now();
          say("Recording… 0:00");
          ticking = window.setInterval(function () {
            say("Recording… " + clock(elapsed()));
          }, 1000);
          stop.disabled = false;
          stop.focus();
        },
        function () {
          record.disabled = false;
          say(NO_MICROPHONE);
        }
      );
    });

    stop.addEventListener("click", function () {
      if (recorder && recorder.state !== "inactive") {
        recorder.stop();
      }
    });

    controls.hidden = false;
  }

  function setUpWithin(root) {
    if (root.matches && root.matches("[data-recorder]")) {
      setUp(root);
    }
    root.querySelectorAll("[data-recorder]").forEach(setUp);
  }

  setUpWithin(document);
  // The editor is swapped in place by htmx after every change: set up the new one.
  document.addEventListener("htmx:load", function (event) {
    if (event.detail && event.detail.elt && event.detail.elt.querySelectorAll) {
      setUpWithin(event.detail.elt);
    }
  });
})();
