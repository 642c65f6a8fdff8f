/* The counter screen: keyboard shortcuts, the ticking timer, a note when the server cannot be reached. */
(function () {
  "use strict";

  /* ---- Shortcuts: a letter presses the button that shows it (<kbd>), or focuses the field that takes it.
     Ignored while typing in a field, with a modifier held, or while the key repeats. ---- */
  var held = {};

  function typing(target) {
    if (!target || !target.closest) { return false; }
    return Boolean(target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
  }

  function letter(event) {
    var key = (event.key || "").toLowerCase();
    if (/^[a-z]$/.test(key)) { return key; }
    var code = /^Key([A-Z])$/.exec(event.code || "");  // a keyboard in another script: the key's place
    return code ? code[1].toLowerCase() : "";
  }

  document.addEventListener("keydown", function (event) {
    if (event.repeat || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) { return; }
    if (typing(event.target) || document.querySelector("dialog[open]")) { return; }
    var key = letter(event);
    if (!key || held[key]) { return; }
    held[key] = true;
    var button = document.querySelector('[data-shortcut="' + key + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      // A key pressed a moment after a swap may reach a form htmx has not processed yet: process it first,
      // so the action goes through htmx like a click, never as a plain page submission.
      if (button.form && window.htmx) { window.htmx.process(button.form); }
      button.click();
      return;
    }
    var field = document.querySelector('[data-shortcut-focus="' + key + '"]');
    if (field && !field.disabled) {
      event.preventDefault();
      var menu = field.closest("details");
      if (menu) { menu.open = true; }  // the pause reasons live in a menu: open it on the first reason
      field.focus();
    }
  });
  document.addEventListener("keyup", function (event) { delete held[letter(event)]; });
  window.addEventListener("blur", function () { held = {}; });

  /* ---- Timers: how long the ticket in hand has been called or served, ticking each second.
     The server's clock is the reference, so a desk PC whose clock is off still shows the right time. ---- */
  function pad(value) { return value < 10 ? "0" + value : String(value); }

  function format(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    return hours ? hours + ":" + pad(minutes) + ":" + pad(rest) : pad(minutes) + ":" + pad(rest);
  }

  function tick() {
    document.querySelectorAll("time.stopwatch[data-since]").forEach(function (element) {
      var since = Date.parse(element.dataset.since);
      if (isNaN(since) || element.dataset.offset === undefined) { return; }
      var elapsed = Math.max(0, Math.floor((Date.now() + Number(element.dataset.offset) - since) / 1000));
      element.textContent = format(elapsed);
    });
  }
  // The server's "now" is read as soon as a timer arrives, so the offset is not off by a tick.
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail.elt;
    if (!root || !root.querySelectorAll) { return; }
    var timers = Array.prototype.slice.call(root.querySelectorAll("time.stopwatch[data-now]"));
    if (root.matches && root.matches("time.stopwatch[data-now]")) { timers.push(root); }
    timers.forEach(function (element) {
      var serverNow = Date.parse(element.dataset.now);
      element.dataset.offset = String(isNaN(serverNow) ? 0 : serverNow - Date.now());
    });
    tick();
  });
  window.setInterval(tick, 1000);

  /* ---- The line refreshes itself: keep the focus on the same ticket's button, say when the server is away. ---- */
  var focusedTicket = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var form = active && active.closest ? active.closest("#line form") : null;
    var ticket = form ? form.querySelector('input[name="ticket_id"]') : null;
    focusedTicket = event.detail.target && event.detail.target.id === "line" && ticket ? ticket.value : null;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (!focusedTicket || !event.detail.target || event.detail.target.id !== "line") { return; }
    var input = document.querySelector('#line input[name="ticket_id"][value="' + focusedTicket + '"]');
    var button = input ? input.form.querySelector("button") : null;
    if (button) { button.focus(); }
    focusedTicket = null;
  });

  /* A poll sent before an action and answered after it would bring the line (and a reload of the panel, losing
     the action's confirmation) as it was before: it is dropped, and the refresh the action asked for follows. */
  function panelState() {
    var input = document.getElementById("panel-state");
    return input ? input.value : "";
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "line") { event.detail.xhr.panelStateSent = panelState(); }
  });
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (event.detail.elt && event.detail.elt.id === "line" && xhr.panelStateSent !== undefined &&
        xhr.panelStateSent !== panelState()) {
      event.preventDefault();
    }
  });

  function offline(event, away) {
    var element = event.detail && event.detail.elt;
    if (!element || element.id !== "line") { return; }
    var note = element.querySelector("[data-offline-note]");
    if (note) { note.hidden = !away; }
  }
  document.addEventListener("htmx:sendError", function (event) { offline(event, true); });
  document.addEventListener("htmx:responseError", function (event) { offline(event, true); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) { offline(event, false); }
  });

  /* ---- The pause menu closes with Escape or a click elsewhere, like any menu. ---- */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details.pause-menu[open]").forEach(function (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.pause-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });

  /* ---- A menu that changes the page (language, desk) applies as soon as it is chosen. ---- */
  document.addEventListener("change", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-submit-on-change]") : null;
    if (form && event.target.matches("select")) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }  // older browsers: no requestSubmit
    }
  });
})();
