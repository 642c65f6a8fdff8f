/* The kiosk's own script: the idle timer, the on-screen keyboard, no long-press menu. */
(function () {
  "use strict";

  var body = document.body;

  /* ---- Idle: after idle-seconds without a touch, count down, then start over. ---- */
  function startIdleTimer() {
    var idleSeconds = parseInt(body.dataset.idleSeconds || "0", 10);
    var countdownSeconds = parseInt(body.dataset.countdownSeconds || "20", 10);
    var dialog = document.getElementById("idle-dialog");
    if (!idleSeconds || !dialog) { return; }
    var counter = dialog.querySelector("[data-idle-count]");
    var idleTimer = null;
    var tick = null;

    function startOver() {
      try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* storage off */ }
      // The visit ends on the server (a POST), then the start screen takes this page's place in the history,
      // so Back cannot bring the last visitor's page back.
      var form = document.getElementById("start-over");
      function toStart() { window.location.replace(form.dataset.startUrl); }
      window.fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                  redirect: "manual" }).then(toStart, toStart);
    }

    function countdown() {
      var left = countdownSeconds;
      counter.textContent = String(left);
      if (!dialog.open) { dialog.showModal(); }
      tick = window.setInterval(function () {
        left -= 1;
        counter.textContent = String(Math.max(left, 0));
        if (left <= 0) { window.clearInterval(tick); startOver(); }
      }, 1000);
    }

    function restart() {
      window.clearTimeout(idleTimer);
      window.clearInterval(tick);
      if (dialog.open) { dialog.close(); }
      idleTimer = window.setTimeout(countdown, idleSeconds * 1000);
    }

    ["pointerdown", "keydown", "input", "wheel"].forEach(function (name) {
      document.addEventListener(name, function () { if (!dialog.open) { restart(); } }, { passive: true, capture: true });
    });
    dialog.querySelector("[data-idle-stay]").addEventListener("click", restart);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); restart(); });
    restart();
  }

  /* ---- The on-screen keyboard types into the search field. ---- */
  function startKeyboard() {
    var board = document.querySelector("[data-keyboard]");
    var input = document.querySelector("[data-keyboard-input]");
    var toggle = document.querySelector("[data-keyboard-toggle]");
    if (!board || !input) { return; }

    function typed() {
      // One event name for "the text changed", whether from the on-screen keys or a real keyboard.
      input.dispatchEvent(new CustomEvent("search-input", { bubbles: true }));
    }
    function show(open) {
      board.hidden = !open;
      if (toggle) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); }
    }
    input.addEventListener("input", typed);
    input.addEventListener("focus", function () { show(true); });
    if (toggle) { toggle.addEventListener("click", function () { show(board.hidden); }); }

    board.addEventListener("click", function (event) {
      var key = event.target.closest("button");
      if (!key) { return; }
      if (key.hasAttribute("data-keyboard-close")) { show(false); return; }
      if (key.hasAttribute("data-key-switch")) {
        var latin = board.querySelector('[data-keyboard-layout="latin"]');
        var main = board.querySelector('[data-keyboard-layout="main"]');
        var toLatin = latin.hidden;
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
        if (input.value.length >= (input.maxLength > 0 ? input.maxLength : 100)) { return; }
        input.value += key.dataset.key;
      }
      typed();
    });
  }

  /* ---- A form that brings the visitor back ("next") uses the address as it is now, after htmx changed it. ---- */
  document.addEventListener("submit", function (event) {
    var next = event.target.querySelector('input[type="hidden"][name="next"]');
    if (next) { next.value = window.location.pathname + window.location.search; }
  }, true);

  /* ---- A form that must be sent once (taking a ticket): its button rests after the first touch. The server
     gives one ticket per form anyway; this only spares a second request. ---- */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-submit-once")) { return; }
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "yes";
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"]').forEach(function (button) { button.disabled = true; });
    }, 0);
  });
  // Coming back to the page (the Back gesture) brings the form back ready.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll('button[type="submit"]').forEach(function (button) { button.disabled = false; });
    });
  });

  /* ---- Printing through the kiosk browser: the sheet is printed from a hidden frame (silent with
     Chromium's --kiosk-printing). The server sends the sheet's address once per print job. ---- */
  function printSheet(element) {
    var url = element.getAttribute("data-print-url");
    if (!url || element.dataset.printed) { return; }
    element.dataset.printed = "yes";
    var frame = document.createElement("iframe");
    frame.className = "print-frame";
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.addEventListener("load", function () {
      try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch (e) { /* the note says what to do */ }
      window.setTimeout(function () { frame.remove(); }, 60000);
    });
    frame.src = url;
    document.body.appendChild(frame);
  }
  document.addEventListener("htmx:load", function (event) {
    var target = event.detail.elt;
    if (target.matches && target.matches("[data-print-url]")) { printSheet(target); }
    if (target.querySelectorAll) { target.querySelectorAll("[data-print-url]").forEach(printSheet); }
  });

  /* ---- No long-press menu on a kiosk. ---- */
  if (body.classList.contains("terminal")) {
    document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  }

  startIdleTimer();
  startKeyboard();
})();
