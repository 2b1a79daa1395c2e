"use strict";
// The interpreters' booth: who speaks now and the next three, the language each is
// expected in, their written statement before they start; three signals to the chair.
(() => {
  const { t, el } = Live;
  let booth = "en";

  function card(entry, isNow, opened) {
    const statements = entry.statements.length
      ? entry.statements.map((s) => s.text
        ? el("details", { open: opened ? true : null },
          el("summary", {}, `${t("statement")} — ${s.filename}`),
          el("div", { class: "statement", lang: entry.language }, s.text))
        : el("p", {}, el("a", { href: `/api/statements/${s.id}` }, t("download", { file: s.filename }))))
      : [el("p", { class: "quiet" }, t("no_statement"))];
    const usual = entry.language_from === "delegation" ? ` (${t("usual_language")})` : "";
    return el("article", { class: "speaker-card" + (isNow ? " now" : ""), "data-who": entry.who },
      el("header", {},
        el("span", { class: "language-badge", title: t("expected_language") + usual,
          "aria-label": `${t("expected_language")}: ${Live.NAMES[entry.language] || entry.language}${usual}` },
          entry.language.toUpperCase()),
        el("span", { class: "who" }, entry.who || t("kind_" + entry.kind)),
        el("span", { class: "quiet" }, `${t("kind_" + entry.kind)} · ${t("channel_" + entry.channel)}`),
        isNow && entry.digits ? el("span", { class: "countdown" }, entry.digits) : null),
      ...statements);
  }

  function render(state) {
    document.getElementById("slot").textContent = state.slot || t("no_slot");
    const now = document.getElementById("now");
    now.replaceChildren(state.now ? card(state.now, true, true) : el("p", { class: "nobody" }, t("nobody")));
    const next = document.getElementById("next");
    next.replaceChildren(...(state.next.length
      ? state.next.map((entry, index) => card(entry, false, index === 0))
      : [el("p", { class: "quiet" }, t("empty"))]));
  }

  function setupBooth() {
    const picker = document.getElementById("booth-language");
    let kept = null;
    try { kept = localStorage.getItem("floordesk.booth"); } catch (e) { kept = null; }
    booth = Live.LANGUAGES.includes(kept) ? kept : Live.language;
    picker.replaceChildren(...Live.LANGUAGES.map((code) => el("option", { value: code }, Live.NAMES[code])));
    picker.value = booth;
    picker.addEventListener("change", () => {
      booth = picker.value;
      try { localStorage.setItem("floordesk.booth", booth); } catch (e) { /* private mode */ }
    });
    for (const button of document.querySelectorAll("[data-signal]")) {
      button.addEventListener("click", () => {
        const signal = button.dataset.signal;
        const sent = Live.send({ signal, language: booth });
        document.getElementById("sent").textContent = sent
          ? t("signal_sent", { signal: t("signal_" + signal) }) : t("reconnecting");
      });
    }
  }

  Live.onMessage = (message) => {
    if (message.type === "error") document.getElementById("sent").textContent = message.error;
  };
  Live.start("booth", render).then(setupBooth);
})();
