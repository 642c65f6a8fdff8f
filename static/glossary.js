/* The glossary: a marked term opens its explanation in a dialog; "Listen" plays the server's recording of it, or
   reads it with the browser's voice where the server has none or cannot make it.
   The dialogs are <dialog> elements written by the page: Escape and the Close button close them natively, and the
   button that opened one gets the focus back. One voice at a time: a term's reading stops the page's and the page's
   stops the term's ("kiosk-speaking" events). Nothing is kept after the page: the idle reset needs nothing here. */
(function () {
  "use strict";

  const speech = "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function"
    ? window.speechSynthesis : null;
  let player = null;  // the terms' one <audio>, made at the first "Listen"
  let opener = null;
  let speaking = false;  // the browser's voice is reading a term

  function stopSpeaking() {
    if (player) {
      player.pause();
      player.removeAttribute("src");
    }
    if (speech && speaking) speech.cancel();
    speaking = false;
  }

  function open(button) {
    const dialog = document.getElementById(button.getAttribute("aria-controls"));
    if (!dialog || typeof dialog.showModal !== "function") return;
    opener = button;
    button.setAttribute("aria-expanded", "true");
    dialog.showModal();
  }

  function closed(dialog) {
    stopSpeaking();
    const button = opener;
    opener = null;
    for (const each of document.querySelectorAll('button.term[aria-controls="' + dialog.id + '"]')) {
      each.setAttribute("aria-expanded", "false");
    }
    if (button && document.contains(button)) button.focus();
  }

  /* Read a term aloud: the server's recording, else the text in its own language (the nearest lang attribute). */
  function listen(button) {
    const text = document.getElementById(button.dataset.termListen);
    if (!text) return;
    stopSpeaking();
    document.dispatchEvent(new CustomEvent("kiosk-speaking", { detail: "term" }));
    const src = button.dataset.termSrc || "";
    if (!src) { speakInBrowser(text); return; }
    if (!player) {
      player = document.createElement("audio");
      player.hidden = true;
      player.dataset.termPlayer = "";
      // Someone listening to a term is still there, though they touch nothing.
      player.addEventListener("timeupdate", function () { document.dispatchEvent(new CustomEvent("kiosk-busy")); });
      document.body.appendChild(player);
    }
    player.src = src;
    player.onerror = function () { if (player.getAttribute("src")) { stopSpeaking(); speakInBrowser(text); } };
    const playing = player.play();
    if (playing) playing.catch(function (error) { if (error.name !== "AbortError") player.onerror(); });
  }

  function speakInBrowser(text) {
    if (!speech) return;
    const utterance = new window.SpeechSynthesisUtterance(text.dataset.speak || text.textContent);
    const owner = text.closest("[lang]");
    utterance.lang = owner ? owner.getAttribute("lang") : document.documentElement.lang;
    utterance.addEventListener("end", function () { speaking = false; });
    speaking = true;
    speech.speak(utterance);
  }

  document.addEventListener("click", function (event) {
    const term = event.target.closest("button.term[aria-controls]");
    if (term) { open(term); return; }
    const listenButton = event.target.closest("[data-term-listen]");
    if (listenButton) { listen(listenButton); return; }
    // A touch on the dimmed page around an open dialog closes it.
    if (event.target instanceof HTMLDialogElement && event.target.classList.contains("term-dialog")) {
      const box = event.target.getBoundingClientRect();
      const inside = event.clientX >= box.left && event.clientX <= box.right
        && event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) event.target.close();
    }
  });

  function start() {
    for (const dialog of document.querySelectorAll("dialog.term-dialog")) {
      dialog.addEventListener("close", function () { closed(dialog); });
    }
    for (const button of document.querySelectorAll("[data-term-listen]")) {
      if (speech || button.dataset.termSrc) button.hidden = false;
    }
    document.addEventListener("kiosk-speaking", function (event) { if (event.detail !== "term") stopSpeaking(); });
    window.addEventListener("pagehide", stopSpeaking);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
