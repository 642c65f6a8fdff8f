/* A queue ticket followed on a phone: notice when the ticket is called, and ring, vibrate and say so.
   htmx swaps the status part (#ticket-status) every few seconds; its data attributes say the state. */
(function () {
  "use strict";

  var audio = null;      // the Web Audio context, once a touch has allowed sound
  var soundOn = false;   // the holder asked for sound alerts
  var wakeLock = null;   // keeps the screen on while sound alerts are on, where the phone allows it
  var seen = null;       // the state last shown: {state, calls}

  function status() { return document.getElementById("ticket-status"); }
  function one(selector) { return document.querySelector(selector); }

  /* ---- Sound: a synthesised two-tone chime, no file to download. ---- */
  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return null; }
    try {
      if (!audio) { audio = new Context(); }
      if (audio.state === "suspended") { audio.resume(); }
    } catch (e) { audio = null; }
    return audio;
  }

  function tone(frequency, at, seconds) {
    var oscillator = audio.createOscillator();
    var gain = audio.createGain();
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(frequency, at);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.7, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
    oscillator.connect(gain);
    gain.connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds + 0.05);
  }

  function chime(times) {
    if (!audio || audio.state === "closed") { return; }
    if (audio.state === "suspended") { audio.resume(); }
    var at = audio.currentTime + 0.05;
    for (var i = 0; i < times; i += 1) {
      tone(988, at, 0.45);
      tone(784, at + 0.5, 0.8);
      at += 1.6;
    }
  }

  function vibrate(pattern) {
    if (typeof navigator.vibrate !== "function") { return; }
    try { navigator.vibrate(pattern); } catch (e) { /* not allowed here */ }
  }

  /* ---- The screen stays on while the holder waits with sound alerts on. ---- */
  function keepScreenOn() {
    if (!soundOn || !navigator.wakeLock || document.visibilityState !== "visible") { return; }
    if (wakeLock && !wakeLock.released) { return; }
    navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }, function () { wakeLock = null; });
  }

  function letScreenSleep() {
    if (wakeLock && !wakeLock.released) { wakeLock.release(); }
    wakeLock = null;
  }

  function canAlert() {
    return Boolean(window.AudioContext || window.webkitAudioContext) || typeof navigator.vibrate === "function";
  }

  /* The sound box is part of the swapped status: show the button or the "on" note again after each swap. */
  function showSoundChoice() {
    var button = one("[data-sound-button]");
    var on = one("[data-sound-on]");
    if (!button || !on) { return; }
    button.hidden = soundOn || !canAlert();
    on.hidden = !soundOn;
  }

  function turnSoundOn() {
    unlockAudio();
    soundOn = true;
    chime(1);  // so the holder hears what the call will sound like, and can turn the volume up
    vibrate(200);
    keepScreenOn();
    showSoundChoice();
    var on = one("[data-sound-on]");
    if (on) { on.setAttribute("tabindex", "-1"); on.focus(); }  // the button is gone: focus what replaced it
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-sound-button]")) { turnSoundOn(); }
  });

  /* Any touch also allows sound, so a holder who never found the button still hears the call. */
  function unlockOnFirstTouch() {
    var events = ["pointerup", "keydown", "touchend"];
    function unlock() {
      if (unlockAudio()) {
        events.forEach(function (name) { document.removeEventListener(name, unlock, true); });
      }
    }
    events.forEach(function (name) { document.addEventListener(name, unlock, true); });
  }

  /* ---- The state after each swap ---- */
  function announce(text) {
    var announcer = one("[data-announcer]");
    if (!announcer || !text) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function alertCalled(region) {
    chime(3);
    vibrate([500, 200, 500, 200, 900]);
    var box = region.querySelector("[data-called-box]");
    if (box) {
      box.classList.add("is-alerting");
      box.scrollIntoView({ block: "center" });
      box.focus({ preventScroll: true });
    }
  }

  function showState(first) {
    var region = status();
    if (!region) { return; }
    var now = { state: region.dataset.state, calls: parseInt(region.dataset.calls || "0", 10) };
    if (region.dataset.title) { document.title = region.dataset.title; }
    if (!first && seen && (now.state !== seen.state || now.calls !== seen.calls)) {
      announce(region.dataset.announce);
      if (now.state === "called" && (seen.state !== "called" || now.calls > seen.calls)) { alertCalled(region); }
    }
    showSoundChoice();
    if (region.hasAttribute("data-final")) { letScreenSleep(); }
    seen = now;
  }

  function showOffline(offline) {
    var note = one("[data-offline]");
    if (note) { note.hidden = !offline; }
  }

  document.addEventListener("htmx:afterSettle", function () { showState(false); });
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    showOffline(!event.detail.successful && !(xhr && xhr.status === 204));
  });
  document.addEventListener("htmx:sendError", function () { showOffline(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") { return; }
    keepScreenOn();
    // Back to the page after the phone slept: look at once rather than at the next tick.
    var region = status();
    if (window.htmx && region && !region.hasAttribute("data-final")) { window.htmx.trigger(region, "ticket-look-again"); }
  });

  function start() {
    unlockOnFirstTouch();
    showState(true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
