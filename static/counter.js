/* The counter screen: keyboard shortcuts, the ticking timer, the line that keeps the focus on its ticket. */
(function () {
  "use strict";

  /* ---- Shortcuts: a letter presses the button that shows it (<kbd>), or focuses the field that takes it.
     Ignored while typing in a field, with a modifier held, or while the key repeats. ---- */
  let held = {};

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
  }

  function letter(event) {
    const key = (event.key || "").toLowerCase();
    if (/^[a-z]$/.test(key)) return key;
    const code = /^Key([A-Z])$/.exec(event.code || "");  // a keyboard in another script: the key's place
    return code ? code[1].toLowerCase() : "";
  }

  document.addEventListener("keydown", (event) => {
    if (event.repeat || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target) || document.querySelector("dialog[open]")) return;
    const key = letter(event);
    if (!key || held[key]) return;
    held[key] = true;
    const button = document.querySelector(`[data-shortcut="${key}"]`);
    if (button && !button.disabled) {
      event.preventDefault();
      // A key pressed a moment after a swap may reach a form htmx has not processed yet: process it first,
      // so the action goes through htmx like a click, never as a plain page submission.
      if (button.form && window.htmx) window.htmx.process(button.form);
      button.click();
      return;
    }
    const field = document.querySelector(`[data-shortcut-focus="${key}"]`);
    if (field && !field.disabled) {
      event.preventDefault();
      const menu = field.closest("details");
      if (menu) menu.open = true;  // the pause reasons live in a menu: open it on the first reason
      field.focus();
    }
  });
  document.addEventListener("keyup", (event) => { delete held[letter(event)]; });
  window.addEventListener("blur", () => { held = {}; });

  /* ---- Timers: how long the ticket in hand has been called or served, ticking each second.
     The server's clock is the reference, so a desk PC whose clock is off still shows the right time. ---- */
  const pad = (value) => String(value).padStart(2, "0");

  function format(seconds) {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    return hours ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${pad(minutes)}:${pad(rest)}`;
  }

  function tick() {
    document.querySelectorAll("time.stopwatch[data-since]").forEach((element) => {
      const since = Date.parse(element.dataset.since);
      if (isNaN(since) || element.dataset.offset === undefined) return;
      const elapsed = Math.max(0, Math.floor((Date.now() + Number(element.dataset.offset) - since) / 1000));
      element.textContent = format(elapsed);
    });
  }
  // The server's "now" is read as soon as a timer arrives, so the offset is not off by a tick.
  document.addEventListener("htmx:load", (event) => {
    const root = event.detail.elt;
    if (!root || !root.querySelectorAll) return;
    const timers = [...root.querySelectorAll("time.stopwatch[data-now]")];
    if (root.matches && root.matches("time.stopwatch[data-now]")) timers.push(root);
    timers.forEach((element) => {
      const serverNow = Date.parse(element.dataset.now);
      element.dataset.offset = String(isNaN(serverNow) ? 0 : serverNow - Date.now());
    });
    tick();
  });
  setInterval(tick, 1000);

  /* ---- The line refreshes itself: keep the focus on the same ticket's button. (A refresh never brings back the
     line as it was before an action: hx-sync on the board sends an action after a refresh on its way, and no
     refresh while an action is.) ---- */
  let focusedTicket = null;

  document.addEventListener("htmx:beforeSwap", (event) => {
    const active = document.activeElement;
    const form = active && active.closest ? active.closest("#line form") : null;
    const ticket = form ? form.querySelector('input[name="ticket_id"]') : null;
    focusedTicket = event.detail.target && event.detail.target.id === "line" && ticket ? ticket.value : null;
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (!focusedTicket || !event.detail.target || event.detail.target.id !== "line") return;
    const input = document.querySelector(`#line input[name="ticket_id"][value="${focusedTicket}"]`);
    const button = input ? input.form.querySelector("button") : null;
    if (button) button.focus();
    focusedTicket = null;
  });

  /* ---- The pause menu closes with Escape or a click elsewhere, like any menu. ---- */
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.pause-menu[open]").forEach((menu) => {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", (event) => {
    document.querySelectorAll("details.pause-menu[open]").forEach((menu) => {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });

})();
