/* The kiosk's own script: the idle timer, the on-screen keyboard, no long-press menu (reading aloud: listen.js). */
(function () {
  "use strict";

  const body = document.body;

  /* ---- Idle: after idle-seconds without a touch, count down, then start over. ---- */
  function startIdleTimer() {
    const idleSeconds = parseInt(body.dataset.idleSeconds || "0", 10);
    const countdownSeconds = parseInt(body.dataset.countdownSeconds || "20", 10);
    const dialog = document.getElementById("idle-dialog");
    if (!idleSeconds || !dialog) return;
    const counter = dialog.querySelector("[data-idle-count]");
    let idleTimer = null;
    let tick = null;

    function startOver() {
      // Every reading (the page's, a glossary term's) stops and forgets its address before the next visitor.
      document.dispatchEvent(new CustomEvent("kiosk-speaking", { detail: "reset" }));
      try { sessionStorage.clear(); localStorage.clear(); } catch (error) { /* storage off */ }
      // The visit ends on the server (a POST), then the start screen takes this page's place in the history,
      // so Back cannot bring the last visitor's page back.
      const form = document.getElementById("start-over");
      const toStart = () => window.location.replace(form.dataset.startUrl);
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
        .then(toStart, toStart);
    }

    function countdown() {
      let left = countdownSeconds;
      counter.textContent = String(left);
      if (!dialog.open) dialog.showModal();
      tick = setInterval(() => {
        left -= 1;
        counter.textContent = String(Math.max(left, 0));
        if (left <= 0) { clearInterval(tick); startOver(); }
      }, 1000);
    }

    function restart() {
      clearTimeout(idleTimer);
      clearInterval(tick);
      if (dialog.open) dialog.close();
      idleTimer = setTimeout(countdown, idleSeconds * 1000);
    }

    for (const name of ["pointerdown", "keydown", "input", "wheel"]) {
      document.addEventListener(name, () => { if (!dialog.open) restart(); }, { passive: true, capture: true });
    }
    // Someone listening to a page is still there, though they touch nothing.
    document.addEventListener("kiosk-busy", () => { if (!dialog.open) restart(); });
    dialog.querySelector("[data-idle-stay]").addEventListener("click", restart);
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); restart(); });
    restart();
  }

  /* ---- The on-screen keyboard types into the search field. ---- */
  function startKeyboard() {
    const board = document.querySelector("[data-keyboard]");
    const input = document.querySelector("[data-keyboard-input]");
    const toggle = document.querySelector("[data-keyboard-toggle]");
    if (!board || !input) return;

    // One event name for "the text changed", whether from the on-screen keys or a real keyboard.
    const typed = () => input.dispatchEvent(new CustomEvent("search-input", { bubbles: true }));
    function show(open) {
      board.hidden = !open;
      if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    input.addEventListener("input", typed);
    input.addEventListener("focus", () => show(true));
    if (toggle) toggle.addEventListener("click", () => show(board.hidden));

    board.addEventListener("click", (event) => {
      const key = event.target.closest("button");
      if (!key) return;
      if (key.hasAttribute("data-keyboard-close")) { show(false); return; }
      if (key.hasAttribute("data-key-switch")) {
        const latin = board.querySelector('[data-keyboard-layout="latin"]');
        const main = board.querySelector('[data-keyboard-layout="main"]');
        const toLatin = latin.hidden;
        latin.hidden = !toLatin;
        main.hidden = toLatin;
        key.setAttribute("aria-pressed", toLatin ? "true" : "false");
        return;
      }
      if (key.hasAttribute("data-key-backspace")) {
        input.value = Array.from(input.value).slice(0, -1).join("");
      } else if (key.hasAttribute("data-key-clear")) {
        input.value = "";
      } else if (key.dataset.key !== undefined) {
        if (input.value.length >= (input.maxLength > 0 ? input.maxLength : 100)) return;
        input.value += key.dataset.key;
      }
      typed();
    });
  }

  /* ---- A form that brings the visitor back ("next") uses the address as it is now, after htmx changed it. ---- */
  document.addEventListener("submit", (event) => {
    const next = event.target.querySelector('input[type="hidden"][name="next"]');
    if (next) next.value = window.location.pathname + window.location.search;
  }, true);

  /* ---- A form that must be sent once (taking a ticket): its button rests after the first touch. The server
     gives one ticket per form anyway; this only spares a second request. ---- */
  const submitButtons = (form) => form.querySelectorAll('button[type="submit"]');

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-submit-once")) return;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "yes";
    setTimeout(() => submitButtons(form).forEach((button) => { button.disabled = true; }), 0);
  });
  // Coming back to the page (the Back gesture) brings the form back ready.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-submit-once]").forEach((form) => {
      delete form.dataset.sent;
      submitButtons(form).forEach((button) => { button.disabled = false; });
    });
  });

  /* ---- Printing through the kiosk browser: the sheet is printed from a hidden frame (silent with
     Chromium's --kiosk-printing). The server sends the sheet's address once per print job. ---- */
  function printSheet(element) {
    const url = element.getAttribute("data-print-url");
    if (!url || element.dataset.printed) return;
    element.dataset.printed = "yes";
    const frame = document.createElement("iframe");
    frame.className = "print-frame";
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.addEventListener("load", () => {
      try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch (error) { /* the note says what to do */ }
      setTimeout(() => frame.remove(), 60000);
    });
    frame.src = url;
    document.body.appendChild(frame);
  }
  document.addEventListener("htmx:load", (event) => {
    const target = event.detail.elt;
    if (target.matches && target.matches("[data-print-url]")) printSheet(target);
    if (target.querySelectorAll) target.querySelectorAll("[data-print-url]").forEach(printSheet);
  });

  /* ---- No long-press menu on a kiosk. ---- */
  if (body.classList.contains("terminal")) {
    document.addEventListener("contextmenu", (event) => event.preventDefault());
  }

  startIdleTimer();
  startKeyboard();
})();
