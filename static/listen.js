/* "Listen": the page read aloud, by the server's recording, or the browser's voice where the server has none; on the
   kiosk's pages and the phone's offer page. One reading at a time: "Listen" again starts over; pause, stop; a
   reading keeps a kiosk visit alive ("kiosk-busy"). A "kiosk-speaking" event from another reader (a glossary term)
   or from the kiosk's idle reset stops it. */
(function () {
  "use strict";

  function startListening() {
    const bar = document.querySelector("[data-listen]");
    if (!bar) return;
    const audio = bar.querySelector("[data-listen-player]");
    const play = bar.querySelector("[data-listen-play]");
    const pause = bar.querySelector("[data-listen-pause]");
    const stop = bar.querySelector("[data-listen-stop]");
    const synth = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window ? window.speechSynthesis : null;
    const serverSrc = bar.dataset.listenSrc || "";
    if (!serverSrc && !synth) { bar.hidden = true; return; }
    bar.hidden = false;
    let paused = false;
    let speaking = false;  // the browser's voice is reading

    function show(state) {
      bar.dataset.state = state;
      pause.hidden = stop.hidden = state === "idle";
      paused = state === "paused";
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
    }
    function silence() {
      audio.pause();
      audio.removeAttribute("src");
      audio.load();
      if (synth && speaking) synth.cancel();
      speaking = false;
      show("idle");
    }
    function speakInBrowser() {
      const main = document.getElementById("main");
      const utterance = new SpeechSynthesisUtterance(main ? main.innerText : "");
      utterance.lang = document.documentElement.lang;
      utterance.rate = 0.9;  // a little slower, as the server's voice
      utterance.addEventListener("end", () => { if (speaking) silence(); });
      utterance.addEventListener("boundary", busy);
      speaking = true;
      synth.speak(utterance);
      show("playing");
    }
    function listen() {
      silence();  // never two readings at once: this one's earlier reading, nor a glossary term's
      document.dispatchEvent(new CustomEvent("kiosk-speaking", { detail: "page" }));
      if (!serverSrc) { speakInBrowser(); return; }
      audio.src = serverSrc + (bar.hasAttribute("data-listen-query") ? window.location.search : "");
      show("playing");
      const playing = audio.play();
      if (playing) playing.catch((error) => { if (error.name !== "AbortError") fallBack(); });
    }
    function fallBack() {
      // The server could not read this page (no espeak-ng, or too many recordings this minute): the browser reads.
      if (!audio.getAttribute("src")) return;
      silence();
      if (synth) speakInBrowser();
    }
    function togglePause() {
      if (paused) {
        if (speaking) synth.resume(); else audio.play();
        show("playing");
      } else {
        if (speaking) synth.pause(); else audio.pause();
        show("paused");
      }
    }
    function busy() { document.dispatchEvent(new CustomEvent("kiosk-busy")); }

    play.addEventListener("click", listen);
    pause.addEventListener("click", togglePause);
    stop.addEventListener("click", silence);
    audio.addEventListener("ended", silence);
    audio.addEventListener("error", fallBack);
    audio.addEventListener("timeupdate", busy);
    window.addEventListener("pagehide", silence);
    document.addEventListener("kiosk-speaking", (event) => { if (event.detail !== "page") silence(); });
    show("idle");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startListening);
  else startListening();
})();
