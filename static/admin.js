/* The back office's few behaviours; each section keeps its own under its own heading below.
   No inline script: the Content-Security-Policy forbids it. */
(() => {
  "use strict";

  /* == offers == */
  // The offer form: one language's texts beside the Italian text, chosen with the switcher (without this script
  // every language is shown, one under the other), live completeness marks, and a small rich-text toolbar.
  const textsGrid = document.querySelector(".texts-grid");
  if (textsGrid) {
    const switchLinks = document.querySelectorAll("[data-write-lang]");
    const fieldNames = ["title", "summary", "description", "requirements", "how_to_apply"];
    const value = (lang, name) => (document.querySelector(`[name="texts.${lang}.${name}"]`)?.value || "").trim();
    const plainText = (html) => {
      const marked = html.replace(/<\/(p|li|ul|ol)>|<br\s*\/?>/gi, "$&\n");
      return (new DOMParser().parseFromString(marked, "text/html").body.textContent || "").trim();
    };
    const showLanguage = (lang) => {
      textsGrid.dataset.writing = lang;
      textsGrid.classList.add("is-switching");
      textsGrid.querySelectorAll(".language-pane").forEach((pane) => {
        pane.classList.toggle("is-active", pane.dataset.lang === lang);
      });
      switchLinks.forEach((link) => link.setAttribute("aria-current", String(link.dataset.writeLang === lang)));
      const previewLanguage = document.getElementById("preview-lang");
      if (previewLanguage) previewLanguage.value = lang;
    };
    const state = (lang) => {
      const own = fieldNames.map((name) => value(lang, name));
      if (!own[0]) return own.some(Boolean) ? "partial" : "missing";
      const wanted = fieldNames.filter((name) => value("it", name));
      return wanted.every((name) => value(lang, name)) ? "complete" : "partial";
    };
    const signs = { complete: "✓", partial: "◐", missing: "–" };
    const updateMarks = () => {
      document.querySelectorAll("[data-mark-for]").forEach((mark) => {
        const now = state(mark.dataset.markFor);
        mark.className = `lang-mark lang-mark-${now}`;
        mark.firstElementChild.textContent = signs[now];
        mark.lastElementChild.textContent = textsGrid.dataset[`label${now[0].toUpperCase()}${now.slice(1)}`];
      });
    };
    switchLinks.forEach((link) => link.addEventListener("click", (event) => {
      event.preventDefault();
      showLanguage(link.dataset.writeLang);
      document.getElementById(`texts-${link.dataset.writeLang}`)?.querySelector("input, textarea")?.focus();
    }));
    textsGrid.querySelectorAll("[data-mirror]").forEach((target) => {
      const source = document.querySelector(`[name="${target.dataset.mirror}"]`);
      source?.addEventListener("input", () => { target.textContent = plainText(source.value); });
    });
    textsGrid.addEventListener("input", updateMarks);
    // A problem in the summary at the top opens its language before the browser goes to its field.
    document.querySelectorAll(".offer-problems a").forEach((link) => link.addEventListener("click", () => {
      const pane = document.querySelector(link.hash)?.closest(".language-pane");
      if (pane) showLanguage(pane.dataset.lang);
    }));
    showLanguage(textsGrid.dataset.writing || "it");

    // Bold, a list, a link: the tags the offers keep, wrapped around what is selected.
    const wrap = (area, before, after) => {
      const { selectionStart: start, selectionEnd: end, value: text } = area;
      area.setRangeText(before + text.slice(start, end) + after, start, end, "select");
      area.dispatchEvent(new Event("input", { bubbles: true }));
      area.focus();
    };
    document.querySelectorAll("[data-rich-for]").forEach((toolbar) => {
      const area = document.getElementById(toolbar.dataset.richFor);
      toolbar.hidden = false;
      toolbar.addEventListener("click", (event) => {
        const button = event.target.closest("[data-rich]");
        if (!button || !area) return;
        if (button.dataset.rich === "bold") wrap(area, "<strong>", "</strong>");
        if (button.dataset.rich === "list") {
          const { selectionStart: start, selectionEnd: end, value: text } = area;
          const items = text.slice(start, end).split("\n").filter((line) => line.trim());
          const list = `<ul>${(items.length ? items : [""]).map((line) => `<li>${line.trim()}</li>`).join("")}</ul>`;
          area.setRangeText(list, start, end, "select");
          area.dispatchEvent(new Event("input", { bubbles: true }));
        }
        if (button.dataset.rich === "link") {
          const address = window.prompt(button.dataset.ask || "https://", "https://");
          if (address) wrap(area, `<a href="${address.replace(/"/g, "%22")}">`, "</a>");
        }
      });
    });
  }


  /* == import and export == */


  /* == set-up == */
  // A form sent back with mistakes: the list of them takes the focus, so a keyboard or screen reader starts there.
  const mistakes = document.querySelector(".setup-errors[data-focus-first]");
  if (mistakes) mistakes.focus();


  /* == terminals == */


  /* == reports == */

})();
