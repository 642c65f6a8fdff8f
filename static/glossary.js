/* The glossary: a marked term opens its explanation in a dialog; "Listen" reads it with the browser's voice.
   The dialogs are <dialog> elements written by the page: Escape and the Close button close them natively, and the
   button that opened one gets the focus back. Nothing is kept after the page: the idle reset needs nothing here. */
(function () {
  "use strict";

  const speech = "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function"
    ? window.speechSynthesis : null;
  let opener = null;

  function stopSpeaking() {
    if (speech) speech.cancel();
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

  /* Read a text aloud in its own language (the nearest lang attribute), never over another reading. */
  function listen(button) {
    const text = document.getElementById(button.dataset.termListen);
    if (!text || !speech) return;
    stopSpeaking();
    const utterance = new window.SpeechSynthesisUtterance(text.dataset.speak || text.textContent);
    const owner = text.closest("[lang]");
    utterance.lang = owner ? owner.getAttribute("lang") : document.documentElement.lang;
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
    if (speech) {
      for (const button of document.querySelectorAll("[data-term-listen]")) button.hidden = false;
    }
    window.addEventListener("pagehide", stopSpeaking);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
