/* Say what a swapped-in status says. A live region that arrives already holding its text is often not read out,
   so every page keeps one empty region of its own (#announcer) and copies into it the text of any element
   marked data-say-aloud that htmx has just swapped in. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var region = document.getElementById("announcer");
    var swapped = event.detail && event.detail.elt;
    if (!region || !swapped || !swapped.querySelectorAll) { return; }
    var marked = swapped.matches && swapped.matches("[data-say-aloud]") ? [swapped] : [];
    marked = marked.concat(Array.prototype.slice.call(swapped.querySelectorAll("[data-say-aloud]")));
    var text = marked.map(function (element) { return element.textContent.trim(); }).filter(Boolean).join(" ");
    if (!text) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  });
})();
