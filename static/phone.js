/* A queue ticket followed on a phone: notice when the ticket is called, and ring, vibrate and say so.
   htmx swaps the status part (#ticket-status) every few seconds; its data attributes say the state. */
(function () {
  "use strict";

  const page = window.kioskPage;
  const CALLED_CHIME = [[988, 0, 0.45], [784, 0.5, 0.8]];  // two tones, 1.6 s apart when rung again
  let soundOn = false;   // the holder asked for sound alerts
  let wakeLock = null;   // keeps the screen on while sound alerts are on, where the phone allows it
  let seen = null;       // the state last shown: {state, calls}

  const status = () => document.getElementById("ticket-status");
  const one = (selector) => document.querySelector(selector);

  function ring(times) {
    const tones = [];
    for (let i = 0; i < times; i += 1) {
      tones.push(...CALLED_CHIME.map(([frequency, delay, seconds]) => [frequency, delay + i * 1.6, seconds]));
    }
    page.chime(tones, 0.7);
  }

  function vibrate(pattern) {
    if (typeof navigator.vibrate !== "function") return;
    try { navigator.vibrate(pattern); } catch (error) { /* not allowed here */ }
  }

  /* ---- The screen stays on while the holder waits with sound alerts on. ---- */
  function keepScreenOn() {
    if (!soundOn || !navigator.wakeLock || document.visibilityState !== "visible") return;
    if (wakeLock && !wakeLock.released) return;
    navigator.wakeLock.request("screen").then((lock) => { wakeLock = lock; }, () => { wakeLock = null; });
  }

  function letScreenSleep() {
    if (wakeLock && !wakeLock.released) wakeLock.release();
    wakeLock = null;
  }

  function canAlert() {
    return Boolean(window.AudioContext || window.webkitAudioContext) || typeof navigator.vibrate === "function";
  }

  /* The sound box is part of the swapped status: show the button or the "on" note again after each swap. */
  function showSoundChoice() {
    const button = one("[data-sound-button]");
    const on = one("[data-sound-on]");
    if (!button || !on) return;
    button.hidden = soundOn || !canAlert();
    on.hidden = !soundOn;
  }

  function turnSoundOn() {
    page.unlockSound();
    soundOn = true;
    ring(1);  // so the holder hears what the call will sound like, and can turn the volume up
    vibrate(200);
    keepScreenOn();
    showSoundChoice();
    const on = one("[data-sound-on]");
    if (on) { on.setAttribute("tabindex", "-1"); on.focus(); }  // the button is gone: focus what replaced it
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-sound-button]")) turnSoundOn();
  });

  /* Any touch also allows sound, so a holder who never found the button still hears the call. */
  function unlockOnFirstTouch() {
    const events = ["pointerup", "keydown", "touchend"];
    function unlock() {
      if (page.unlockSound()) events.forEach((name) => document.removeEventListener(name, unlock, true));
    }
    events.forEach((name) => document.addEventListener(name, unlock, true));
  }

  /* ---- The state after each swap ---- */
  function alertCalled(region) {
    ring(3);
    vibrate([500, 200, 500, 200, 900]);
    const box = region.querySelector("[data-called-box]");
    if (box) {
      box.classList.add("is-alerting");
      box.scrollIntoView({ block: "center" });
      box.focus({ preventScroll: true });
    }
  }

  function showState(first) {
    const region = status();
    if (!region) return;
    const now = { state: region.dataset.state, calls: parseInt(region.dataset.calls || "0", 10) };
    if (region.dataset.title) document.title = region.dataset.title;
    if (!first && seen && (now.state !== seen.state || now.calls !== seen.calls)) {
      page.say(region.dataset.announce);
      if (now.state === "called" && (seen.state !== "called" || now.calls > seen.calls)) alertCalled(region);
    }
    showSoundChoice();
    if (region.hasAttribute("data-final")) letScreenSleep();
    seen = now;
  }

  document.addEventListener("htmx:afterSettle", () => showState(false));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    keepScreenOn();
    // Back to the page after the phone slept: look at once rather than at the next tick.
    const region = status();
    if (window.htmx && region && !region.hasAttribute("data-final")) window.htmx.trigger(region, "ticket-look-again");
  });

  function start() {
    unlockOnFirstTouch();
    showState(true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
