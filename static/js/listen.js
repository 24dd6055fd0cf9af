// Listening to a practice. On a step with a voice, "Listen" plays it (then Pause listening and Resume listening,
// with the time left); nothing loads before that tap. "Listen to the whole practice" turns on
// a mode kept for this run in sessionStorage: each step's voice plays; a timed pause then
// starts by itself, a soft chime marks its end and the step moves on; a read step moves on a
// few seconds after its voice ends; steps that ask something of the person wait for Next.
// Moving on is a click on the step's own Next, so htmx swaps the next step in as usual.
// A polite live region (outside the swapped panel) says what is happening. A voice that
// can't be played hides its player and the step works as text. Media Session gives the
// lock screen and headset buttons. Deferred, no dependencies, nothing inline (the CSP).
(function () {
  "use strict";

  var READ_PAUSE = 4000; // after a read step's voice, before moving on
  var TIMER_PAUSE = 2500; // after a pause's end chime, before moving on

  var step = null; // the step now on the page, see setUp

  function storageKey(panel) {
    return "tend:listen-whole:" + panel.dataset.run;
  }

  function modeOn(panel) {
    try {
      return window.sessionStorage.getItem(storageKey(panel)) === "on";
    } catch (error) {
      return false;
    }
  }

  function keepMode(panel, on) {
    try {
      if (on) {
        window.sessionStorage.setItem(storageKey(panel), "on");
      } else {
        window.sessionStorage.removeItem(storageKey(panel));
      }
    } catch (error) {
      // Storage refused (a private window's limits): the mode lasts for this page only.
    }
  }

  function say(words) {
    var status = document.querySelector("[data-listen-status]");
    if (status && status.textContent !== words) {
      status.textContent = words;
    }
  }

  function clock(seconds) {
    var whole = Math.max(0, Math.ceil(seconds));
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  function canMoveOn(s) {
    return s.kind === "read" || s.kind === "timer";
  }

  // The play button says what pressing it does; the time left sits beside it while playing.
  function show(s) {
    if (!s.play) {
      return;
    }
    var label = "Listen";
    if (s.paused) {
      label = "Resume listening";
    } else if (s.phase === "narration" || s.phase === "timer" || s.phase === "moving") {
      label = "Pause listening";
    }
    s.play.textContent = label;
    s.play.hidden = !s.audio && !(s.mode && (s.phase === "timer" || s.phase === "moving"));
    if (s.left) {
      var playing = s.audio && (s.phase === "narration" || s.paused) && s.heard;
      if (playing) {
        var total = s.audio.duration;
        if (!(total > 0 && isFinite(total))) {
          total = Number(s.root.dataset.seconds || 0);
        }
        s.left.textContent = clock(total - s.audio.currentTime) + " left";
      }
      s.left.hidden = !playing;
    }
    mediaState(s);
  }

  // The voice can't be played (missing, or not audio): the step is its words, as without sound.
  function lost(s) {
    if (s !== step || s.lostVoice) {
      return;
    }
    s.lostVoice = true;
    if (s.audio) {
      s.audio.removeAttribute("src");
      s.audio.hidden = true;
    }
    s.audio = null;
    if (s.phase === "narration") {
      s.phase = "idle";
      if (s.mode) {
        afterVoice(s);
        return;
      }
    }
    show(s);
  }

  function playVoice(s) {
    if (!s.audio) {
      afterVoice(s);
      return;
    }
    s.phase = "narration";
    s.paused = false;
    s.heard = true;
    if (s.mode) {
      say("Listening: " + s.place);
    }
    show(s);
    var playing = s.audio.play();
    if (playing && playing.catch) {
      playing.catch(function (error) {
        if (s !== step) {
          return;
        }
        if (error && error.name === "NotAllowedError") {
          // The browser wants a tap first (a page opened afresh): wait for it.
          s.phase = "idle";
          s.heard = false;
          show(s);
          if (s.mode) {
            say("Press Listen to carry on listening.");
          }
        } else if (error && error.name !== "AbortError") {
          lost(s);
        }
      });
    }
  }

  // The voice has ended (or there is none): what the whole-practice mode does next.
  function afterVoice(s) {
    if (s !== step) {
      return;
    }
    s.phase = "idle";
    if (!s.mode) {
      show(s);
      return;
    }
    if (s.kind === "timer" && window.TendTimer && s.panel.querySelector("[data-timer]")) {
      s.phase = "timer";
      var seconds = Number(s.panel.querySelector("[data-timer]").dataset.seconds || 0);
      say("Pause for " + (seconds >= 120 ? Math.round(seconds / 60) + " minutes" : seconds + " seconds"));
      window.TendTimer.start(s.panel);
    } else if (s.kind === "read" && s.heard) {
      moveOnSoon(s, READ_PAUSE);
    } else {
      say("Your turn: press Next when you're ready.");
    }
    show(s);
  }

  function moveOnSoon(s, delay) {
    s.phase = "moving";
    say("Moving on in a moment.");
    s.dueAt = Date.now() + delay;
    s.moveTimer = window.setTimeout(function () {
      moveOn(s);
    }, delay);
  }

  function moveOn(s) {
    if (s !== step) {
      return;
    }
    window.clearTimeout(s.moveTimer);
    var next = s.panel.querySelector(".step-actions button[value='next']");
    if (next) {
      s.phase = "gone";
      next.click();
    }
  }

  function pause(s) {
    if (s.paused) {
      return;
    }
    s.paused = true;
    if (s.phase === "narration" && s.audio) {
      s.audio.pause();
    } else if (s.phase === "timer" && window.TendTimer) {
      window.TendTimer.pause();
    } else if (s.phase === "moving") {
      window.clearTimeout(s.moveTimer);
      s.leftToWait = Math.max(s.dueAt - Date.now(), 1000);
    }
    if (window.TendSound) {
      window.TendSound.pause();
    }
    say("Paused. Press Resume listening to carry on.");
    show(s);
  }

  function resume(s) {
    if (!s.paused) {
      return;
    }
    s.paused = false;
    if (window.TendSound) {
      window.TendSound.resume();
    }
    if (s.phase === "narration" && s.audio) {
      playVoice(s);
      return;
    }
    if (s.phase === "timer" && window.TendTimer) {
      window.TendTimer.resume();
      say("Carrying on with the pause.");
    } else if (s.phase === "moving") {
      moveOnSoon(s, s.leftToWait || READ_PAUSE);
    }
    show(s);
  }

  function pressPlay(s) {
    if (window.TendSound) {
      window.TendSound.allow();
    }
    if (s.paused) {
      resume(s);
    } else if (s.phase === "idle") {
      playVoice(s);
    } else {
      pause(s);
    }
  }

  function pressWhole(s) {
    var on = !s.mode;
    s.mode = on;
    keepMode(s.panel, on);
    s.whole.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) {
      if (window.TendSound) {
        window.TendSound.allow();
      }
      if (s.paused) {
        resume(s);
      } else if (s.phase === "narration") {
        say("Listening: " + s.place); // already playing: it carries on from here
      } else if (s.phase === "idle") {
        if (s.audio) {
          playVoice(s);
        } else {
          say("Listening to the whole practice.");
          afterVoice(s);
        }
      }
    } else {
      window.clearTimeout(s.moveTimer);
      if (s.audio && !s.audio.paused) {
        s.audio.pause();
      }
      if (s.phase === "timer" && s.paused && window.TendTimer) {
        window.TendTimer.resume(); // the pause carries on as an ordinary timer
      }
      s.phase = "idle";
      s.paused = false;
      say("Listening stopped. Each step waits for you.");
    }
    show(s);
  }

  // Media Session: the lock screen and a headset's buttons.
  function mediaSetUp(s) {
    var session = navigator.mediaSession;
    if (!session || !window.MediaMetadata) {
      return;
    }
    var heading = s.panel.querySelector("h1");
    var practice = document.querySelector("[data-practice-title]");
    try {
      session.metadata = new window.MediaMetadata({
        title: heading ? heading.textContent.trim() : "",
        artist: "Tend",
        album: practice ? practice.textContent.trim() : "",
      });
      session.setActionHandler("play", function () {
        if (step === s) {
          pressPlay(s);
        }
      });
      session.setActionHandler("pause", function () {
        if (step === s) {
          pause(s);
        }
      });
      session.setActionHandler(
        "nexttrack",
        canMoveOn(s)
          ? function () {
              if (step === s) {
                moveOn(s);
              }
            }
          : null
      );
    } catch (error) {
      // An action this browser doesn't know: the buttons on the page still work.
    }
  }

  function mediaState(s) {
    if (navigator.mediaSession) {
      var active = s.phase === "narration" || s.phase === "timer" || s.phase === "moving";
      navigator.mediaSession.playbackState = s.paused ? "paused" : active ? "playing" : "none";
    }
  }

  function setUp() {
    if (step) {
      // The step before: its voice stops and its waits end (its panel has gone).
      window.clearTimeout(step.moveTimer);
      if (step.audio && !step.audio.paused) {
        step.audio.pause();
      }
      step = null;
    }
    var panel = document.getElementById("step-panel");
    var root = panel && panel.querySelector("[data-listen]");
    if (!root) {
      return;
    }
    var s = {
      panel: panel,
      root: root,
      kind: panel.dataset.kind,
      place: panel.dataset.place,
      audio: root.querySelector("[data-listen-audio]"),
      play: root.querySelector("[data-listen-play]"),
      left: root.querySelector("[data-listen-left]"),
      whole: root.querySelector("[data-listen-whole]"),
      mode: modeOn(panel),
      phase: "idle",
      paused: false,
      heard: false,
      lostVoice: false,
      moveTimer: null,
    };
    step = s;
    // A step with no voice of its own has nothing to offer until the whole practice plays.
    root.querySelector("[data-listen-controls]").hidden = !s.mode && "listenQuiet" in root.dataset;
    if (s.audio) {
      // The buttons stand in for the browser's own player, which stays for pages without script.
      s.audio.controls = false;
      s.audio.hidden = true;
      s.audio.addEventListener("ended", function () {
        if (step === s && s.phase === "narration") {
          afterVoice(s);
        }
      });
      s.audio.addEventListener("error", function () {
        lost(s);
      });
      s.audio.addEventListener("timeupdate", function () {
        if (step === s) {
          show(s);
        }
      });
      s.audio.addEventListener("pause", function () {
        // Paused elsewhere (a headset, the system): the button follows.
        if (step === s && s.phase === "narration" && !s.audio.ended && !s.paused) {
          s.paused = true;
          show(s);
        }
      });
    }
    s.play.addEventListener("click", function () {
      pressPlay(s);
    });
    s.whole.addEventListener("click", function () {
      pressWhole(s);
    });
    panel.addEventListener("tend:timer-done", function () {
      if (step === s && s.mode && s.phase === "timer") {
        moveOnSoon(s, TIMER_PAUSE);
        show(s);
      }
    });
    s.whole.setAttribute("aria-pressed", s.mode ? "true" : "false");
    mediaSetUp(s);
    if (s.mode) {
      if (s.kind === "timer" && window.TendTimer) {
        window.TendTimer.stop(); // the pause starts after the voice
      }
      playVoice(s);
    } else {
      show(s);
    }
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("tend:step-shown", setUp);
})();
