/* InfoLavoro waiting-room display: the live board, the clock, and a chime and a voice for every new call.

   The board arrives by server-sent events (htmx's SSE extension) and, whenever the stream is not working,
   by polling the board's URL; either way the same function looks at the board. A call is new when its event
   id was never seen on this page: calls already on the board when the page opens are not announced.
   Announcements wait in one queue and play one after another (chime, Italian, the ticket's language), so a
   call never cuts off the one before it. */
(function () {
  "use strict";

  const body = document.body;
  if (!body || !body.classList.contains("display")) return;

  const POLL_MS = 3000;               // how often the board is fetched while the stream does not work
  const STREAM_GRACE_MS = 5000;       // an open stream must deliver its first board within this
  const OFFLINE_MS = 15000;           // no board for this long: say that the display is reconnecting
  const RESTART_GAP_MS = 10000;       // at most one fresh stream per this, once polling works again
  const HIGHLIGHT_MS = 12000;         // how long the newest call stands out
  const ANNOUNCE_WINDOW_MS = 120000;  // calls older than this (seen after an outage) are shown, not announced
  const ITEM_GUARD_MS = 12000;        // no sound holds the queue longer than this
  const CHIME_MS = 1500;
  const CHIME = [[659.25, 0, 0.9], [523.25, 0.5, 0.9]];  // a soft two-note chime: [frequency, delay, seconds]
  const REMEMBERED = 500;             // event ids kept to tell new calls from known ones

  const boardUrl = body.dataset.boardUrl;
  const serverVoice = body.dataset.serverVoice === "true";
  const log = [];
  const announced = new Set();
  const queue = [];
  let offset = 0;                     // the server's clock minus this screen's: the TV's own clock may be wrong
  let source = null;
  let openedAt = Date.now();         // when the stream on screen opened (or began to open)
  let streamBoardAt = 0;
  let lastBoardAt = Date.now();
  let restartedAt = 0;
  let polling = false;
  let dayPollAt = 0;  // when a new day last asked for the board (once per poll period, even offline)
  let playing = false;
  let highlight = { id: null, until: 0 };
  let highlightTimer = null;

  /* ---- The clock, from the server's time ---- */

  const zone = "Europe/Rome";
  const timeFormat = new Intl.DateTimeFormat("it-IT", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const dateFormat = new Intl.DateTimeFormat("it-IT", { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });

  function serverNow() { return Date.now() + offset; }

  function tick() {
    const now = new Date(serverNow());
    const clock = document.querySelector("[data-clock]");
    const date = document.querySelector("[data-date]");
    if (clock) clock.textContent = timeFormat.format(now);
    if (date) date.textContent = dateFormat.format(now);
    const board = document.getElementById("board");
    if (board && board.dataset.day && board.dataset.day !== dayFormat.format(now) && !polling
        && Date.now() - dayPollAt >= POLL_MS) {
      dayPollAt = Date.now();
      poll();  // a new day: yesterday's calls leave the screen
    }
  }

  /* ---- The board ---- */

  function callsOn(board) {
    return Array.from(board.querySelectorAll("[data-call]"), (element) => ({
      id: Number(element.dataset.call),
      at: Number(element.dataset.at),
      code: element.dataset.code,
      items: JSON.parse(element.dataset.announce || "[]"),
    })).sort((a, b) => a.id - b.id);
  }

  function onBoard(first) {
    const board = document.getElementById("board");
    if (!board) return;
    lastBoardAt = Date.now();
    if (board.dataset.serverTime) offset = Number(board.dataset.serverTime) - Date.now();
    for (const call of callsOn(board)) {
      if (announced.has(call.id)) continue;
      announced.add(call.id);
      if (first || serverNow() - call.at > ANNOUNCE_WINDOW_MS) continue;
      announce(call);
      highlight = { id: call.id, until: Date.now() + HIGHLIGHT_MS };
    }
    while (announced.size > REMEMBERED) announced.delete(announced.values().next().value);
    showHighlight();
    showOffline();
    tick();
  }

  function showHighlight() {
    const now = document.querySelector(".now");
    const current = document.querySelector(".now-call");
    const left = highlight.until - Date.now();
    const on = Boolean(now && current && Number(current.dataset.call) === highlight.id && left > 0);
    if (now) now.classList.toggle("is-new", on);
    clearTimeout(highlightTimer);
    if (on) highlightTimer = setTimeout(showHighlight, left);
  }

  /* ---- The live connection: the stream, or polling while the stream does not work ---- */

  function streaming() {
    if (!source || source.readyState !== EventSource.OPEN) return false;
    return streamBoardAt >= openedAt || Date.now() - openedAt < STREAM_GRACE_MS;
  }

  // The stream that opened for the board on screen is the one to watch.
  document.addEventListener("htmx:sseOpen", (event) => {
    if (!document.body.contains(event.target) || !event.detail || !event.detail.source) return;
    source = event.detail.source;
    openedAt = Date.now();
  });

  document.addEventListener("htmx:sseMessage", () => {
    streamBoardAt = Date.now();
    onBoard(false);
  });

  async function poll() {
    if (polling || !boardUrl || !window.htmx) return;
    polling = true;
    try {
      const response = await fetch(boardUrl, { headers: { "HX-Request": "true" }, cache: "no-store" });
      if (!response.ok) throw new Error(`board: ${response.status}`);
      const html = await response.text();
      const live = document.getElementById("board-live");
      if (!live) return;
      htmx.swap(live, html, { swapStyle: "innerHTML", swapDelay: 0, settleDelay: 0 });
      onBoard(false);
      restartStreamIfClosed();
    } catch (error) {
      showOffline();  // still unreachable: the next poll tries again
    } finally {
      polling = false;
    }
  }

  function restartStreamIfClosed() {
    // The server answers again: if the stream gave up (or is waiting out a long back-off), open a new one.
    // A stream not open yet (`source` is the last one that opened) has STREAM_GRACE_MS to do so.
    if (source ? source.readyState !== EventSource.CLOSED : Date.now() - openedAt < STREAM_GRACE_MS) return;
    if (Date.now() - restartedAt < RESTART_GAP_MS) return;
    const live = document.getElementById("board-live");
    if (!live) return;
    restartedAt = Date.now();
    if (source) source.close();
    source = null;
    openedAt = Date.now();
    htmx.swap(live, live.outerHTML, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 });
  }

  function showOffline() {
    window.kioskPage.offline("board", !streaming() && Date.now() - lastBoardAt >= OFFLINE_MS);
  }

  setInterval(() => {
    if (!streaming()) poll();
    showOffline();
  }, POLL_MS);

  /* ---- Announcements: one queue, played in order ---- */

  function announce(call) {
    queue.push({ kind: "chime", code: call.code });
    for (const item of call.items) {
      // The server's voice starts loading now, so it is ready when its turn comes after the chime.
      const audio = serverVoice && item.wav ? new Audio(item.wav) : null;
      if (audio) audio.preload = "auto";
      queue.push({ kind: "voice", code: call.code, audio, ...item });
    }
    play();
  }

  async function play() {
    if (playing) return;
    playing = true;
    try {
      while (queue.length) {
        const item = queue.shift();
        const entry = record(item);
        try {
          entry.via = item.kind === "chime" ? await chime() : await speak(item);
        } catch (error) {
          entry.via = "none";
        }
        entry.done = true;
        if (entry.element) entry.element.dataset.via = entry.via;
      }
    } finally {
      playing = false;
    }
  }

  function record(item) {
    const entry = { kind: item.kind, code: item.code, lang: item.lang || null, text: item.text || null,
                    via: null, done: false, at: serverNow() };
    log.push(entry);
    if (log.length > 200) log.shift();
    const list = document.getElementById("announced");
    if (list && item.kind === "voice") {
      const line = document.createElement("li");
      line.lang = item.tag || item.lang;
      line.dataset.lang = item.lang;
      line.dataset.code = item.code;
      line.textContent = item.text;
      list.append(line);
      while (list.children.length > 50) list.firstElementChild.remove();
      entry.element = line;
    }
    return entry;
  }

  function wait(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

  async function chime() {
    // The chime plays even when no voice can speak (the TV was touched once, so the browser allows sound).
    let played = false;
    try {
      played = Boolean(window.kioskPage.unlockSound()) && window.kioskPage.chime(CHIME, 0.3);
    } catch (error) {
      played = false;
    }
    await wait(CHIME_MS);
    return played ? "chime" : "none";
  }

  async function speak(item) {
    if (item.audio && await playFile(item.audio)) return "server";
    if (await speakInBrowser(item)) return "browser";
    return "none";
  }

  function settleOnce(resolve, ms, onTimeout) {
    let settled = false;
    const timer = setTimeout(() => { if (onTimeout) onTimeout(); finish(false); }, ms);
    function finish(ok) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    }
    return finish;
  }

  function playFile(audio) {
    return new Promise((resolve) => {
      if (audio.error) { resolve(false); return; }  // the file could not be had (no such voice): say it otherwise
      const finish = settleOnce(resolve, ITEM_GUARD_MS, () => audio.pause());
      audio.addEventListener("ended", () => finish(true));
      audio.addEventListener("error", () => finish(false));
      const started = audio.play();
      if (started) started.catch(() => finish(false));
    });
  }

  function browserVoice(tag) {
    if (!("speechSynthesis" in window)) return null;
    const wanted = (tag === "zh-Hans" ? "zh-CN" : tag).toLowerCase();
    const language = wanted.split("-")[0];
    const voices = window.speechSynthesis.getVoices();
    return voices.find((voice) => voice.lang.toLowerCase() === wanted)
      || voices.find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === language) || null;
  }

  function speakInBrowser(item) {
    return new Promise((resolve) => {
      const voice = browserVoice(item.tag || item.lang);
      if (!voice) { resolve(false); return; }  // better silence than the words read in another language
      const utterance = new SpeechSynthesisUtterance(item.text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      const finish = settleOnce(resolve, ITEM_GUARD_MS, () => window.speechSynthesis.cancel());
      utterance.addEventListener("end", () => finish(true));
      utterance.addEventListener("error", () => finish(false));
      window.speechSynthesis.speak(utterance);
    });
  }

  /* ---- Start ---- */

  window.kioskDisplay = {
    log,
    streaming,
    poll,
    announced: () => log.filter((entry) => entry.kind === "voice").map((entry) => `${entry.code} ${entry.lang}`),
  };

  function start() {
    onBoard(true);
    setInterval(tick, 1000);
    if ("speechSynthesis" in window) window.speechSynthesis.getVoices();  // starts loading the browser's voices
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
