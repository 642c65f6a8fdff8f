/* What every page shares: one live region that says what a swapped-in status says, a note when the server cannot
   be reached, and the chime of a call. Pages' own scripts use `window.kioskPage`. */
(function () {
  "use strict";

  /* ---- Say it aloud. A live region that arrives already holding its text is often not read out, so every page
     keeps one empty region of its own (#announcer): `say` puts a text into it, and the text of any element marked
     data-say-aloud that htmx has just swapped in is said by itself. ---- */
  function say(text) {
    const region = document.getElementById("announcer");
    if (!region || !text) return;
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 50);
  }

  document.addEventListener("htmx:afterSettle", (event) => {
    const swapped = event.detail && event.detail.elt;
    if (!swapped || !swapped.querySelectorAll) return;
    const marked = swapped.matches && swapped.matches("[data-say-aloud]") ? [swapped] : [];
    marked.push(...swapped.querySelectorAll("[data-say-aloud]"));
    say(marked.map((element) => element.textContent.trim()).filter(Boolean).join(" "));
  });

  /* ---- A region that asks the server again and again says when it cannot be reached: the note marked
     data-offline-for="<the region's id>" shows after a request that failed, and hides after the next answer.
     (The display, whose board comes by a stream or by polling, says when with `offline` itself.) ---- */
  function offline(id, away) {
    document.querySelectorAll(`[data-offline-for="${id}"]`).forEach((note) => { note.hidden = !away; });
  }

  function requestOffline(event, away) {
    const element = event.detail && event.detail.elt;
    if (element && element.id) offline(element.id, away);
  }

  for (const name of ["htmx:sendError", "htmx:responseError", "htmx:timeout"]) {
    document.addEventListener(name, (event) => requestOffline(event, true));
  }
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) requestOffline(event, false);
  });

  /* ---- The chime of a call: sine tones made here, no sound file. A browser plays sound once a touch has allowed
     it: `unlockSound` (on a touch) makes the sound ready, `chime` plays [frequency, delay, seconds] tones. ---- */
  let audio = null;

  function unlockSound() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume().catch(() => {});
    } catch (error) {
      audio = null;
    }
    return audio;
  }

  function chime(tones, volume) {
    if (!audio || audio.state === "closed") return false;
    if (audio.state === "suspended") audio.resume().catch(() => {});
    const start = audio.currentTime + 0.05;
    for (const [frequency, delay, seconds] of tones) {
      const at = start + delay;
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.setValueAtTime(frequency, at);
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(volume, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + seconds + 0.05);
    }
    return true;
  }

  /* ---- A menu that changes the page (language, desk) applies as soon as it is chosen. ---- */
  document.addEventListener("change", (event) => {
    const form = event.target.closest ? event.target.closest("form[data-submit-on-change]") : null;
    if (form && event.target.matches("select")) {
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();  // older browsers: no requestSubmit
    }
  });
  window.kioskPage = { say, offline, unlockSound, chime };
})();
