// Soft sounds made in the page with Web Audio (no files): a chime for the start and end of a
// timed pause, and a low tone that rises with the in-breath and falls with the out-breath.
// Never by surprise: nothing sounds until the person has pressed Listen (or another button
// that calls TendSound.allow()) on this page, and only if their settings say so (the step
// panel's data-chime and data-breath, from Settings > Sound). Quiet: the gain never passes
// 0.15, with a soft attack and a long release. Deferred, no dependencies, nothing inline.
(function () {
  "use strict";

  var context = null;
  var allowed = false;
  var MAX_GAIN = 0.15;

  function setting(name) {
    var panel = document.getElementById("step-panel");
    return Boolean(panel && panel.dataset[name] === "on");
  }

  function audio() {
    if (!context) {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) {
        return null;
      }
      context = new Context();
    }
    if (context.state === "suspended") {
      context.resume().catch(function () {});
    }
    return context;
  }

  // One soft tone: a sine with a slow rise and a long fall, and its octave, quieter.
  function tone(frequency, seconds, peak) {
    var ctx = audio();
    if (!ctx) {
      return;
    }
    var now = ctx.currentTime;
    var gain = ctx.createGain();
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(Math.min(peak, MAX_GAIN), now + 0.08);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + seconds);
    gain.connect(ctx.destination);
    [1, 2].forEach(function (multiple) {
      var oscillator = ctx.createOscillator();
      var level = ctx.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency * multiple;
      level.gain.value = multiple === 1 ? 1 : 0.25;
      oscillator.connect(level);
      level.connect(gain);
      oscillator.start(now);
      oscillator.stop(now + seconds + 0.05);
    });
  }

  window.TendSound = {
    // The person pressed something that asked for sound: from now on, on this page.
    allow: function () {
      allowed = true;
      audio();
    },
    allowed: function () {
      return allowed;
    },
    // A timed pause starts or ends.
    chime: function () {
      if (allowed && setting("chime")) {
        tone(528, 2.4, 0.12);
      }
    },
    // The breathing guide turns: "in" rises, "out" falls, over the phase's seconds.
    breath: function (direction, seconds) {
      if (!allowed || !setting("breath") || (direction !== "in" && direction !== "out")) {
        return;
      }
      var ctx = audio();
      if (!ctx || !(seconds > 0.5)) {
        return;
      }
      var now = ctx.currentTime;
      var low = 196;
      var high = 262;
      var oscillator = ctx.createOscillator();
      var gain = ctx.createGain();
      oscillator.type = "sine";
      oscillator.frequency.setValueAtTime(direction === "in" ? low : high, now);
      oscillator.frequency.linearRampToValueAtTime(direction === "in" ? high : low, now + seconds);
      gain.gain.setValueAtTime(0.0001, now);
      gain.gain.linearRampToValueAtTime(0.06, now + Math.min(1, seconds / 3));
      gain.gain.setValueAtTime(0.06, now + seconds * 0.6);
      gain.gain.linearRampToValueAtTime(0.0001, now + seconds * 0.95);
      oscillator.connect(gain);
      gain.connect(ctx.destination);
      oscillator.start(now);
      oscillator.stop(now + seconds);
    },
    // Pausing the practice quiets whatever is sounding; resuming lets it sound again.
    pause: function () {
      if (context && context.state === "running") {
        context.suspend().catch(function () {});
      }
    },
    resume: function () {
      if (context && context.state === "suspended" && allowed) {
        context.resume().catch(function () {});
      }
    },
  };
})();
