"use strict";
// The live list on a delegation's phone: who has the floor, the list with each one's
// estimated start, the list open or closed, the projected end of the slot.
(() => {
  const { t, el, ordinal } = Live;

  function kindWords(entry) {
    return [t("kind_" + entry.kind), t("channel_" + entry.channel)].join(" · ");
  }

  // Said to a screen reader when it changes: who has the floor, and the phase in words;
  // the digits, which change every second, are not.
  function announce(current) {
    const news = document.getElementById("floor-news");
    const words = current
      ? `${t("has_floor")}: ${current.who || t("kind_" + current.kind)}. ${t("phase_" + current.phase)}.`
      : t("nobody");
    if (news.textContent !== words) news.textContent = words;
  }

  function renderCurrent(current) {
    announce(current);
    const box = document.getElementById("current");
    if (!current) {
      box.replaceChildren(el("p", { class: "nobody" }, t("nobody")));
      return;
    }
    const phase = current.phase;
    box.replaceChildren(
      el("p", { class: "who big" }, current.who || t("kind_" + current.kind)),
      el("p", { class: "quiet" }, kindWords(current)),
      el("p", { class: "countdown phase-" + phase, id: "countdown", "data-phase": phase },
        el("span", { class: "digits" }, current.digits),
        " ",
        el("span", { class: "phase-word" }, phase === "running" ? t("left") : t("phase_" + phase)),
      ),
    );
  }

  function eta(entry) {
    return entry.starts_in_min <= 0 ? t("next_now") : t("about_min", { n: entry.starts_in_min });
  }

  function render(state) {
    const slot = state.slot;
    document.getElementById("slot-title").textContent = slot ? slot.title : t("no_slot");
    document.getElementById("slot-times").textContent = slot ? `${slot.starts}–${slot.ends}` : "";
    document.title = state.conference ? `${t("list_title")} — ${state.conference}` : t("list_title");
    renderCurrent(state.current);
    const listState = document.getElementById("list-state");
    if (slot) {
      listState.textContent = slot.list_closed ? t("list_closed") : t("list_open");
      listState.className = "list-state " + (slot.list_closed ? "closed" : "open");
    } else {
      listState.textContent = "";
    }
    const list = document.getElementById("speakers");
    if (!state.speakers.length) {
      list.replaceChildren(el("li", { class: "empty" }, t("empty")));
    } else {
      list.replaceChildren(...state.speakers.map((entry) => el(
        "li",
        {
          class: entry.absent ? "absent" : null,
          "data-place": entry.place,
          "data-who": entry.who,
          "data-starts-in": entry.starts_in_min,
        },
        el("span", { class: "place" }, ordinal(entry.place)),
        el("span", { class: "who" }, entry.who || t("kind_" + entry.kind)),
        el("span", { class: "eta" }, entry.absent ? t("not_present") : `${eta(entry)} (${entry.starts_at})`),
        el("span", { class: "kind quiet" }, kindWords(entry)),
      )));
    }
    const projected = document.getElementById("projected");
    projected.textContent = slot && slot.projected_end
      ? t("projected_end", { time: slot.projected_end, end: slot.ends })
        + (slot.overrun ? " — " + t("overrun") : "")
      : "";
    projected.className = slot && slot.overrun ? "quiet late" : "quiet";
  }

  Live.start("list", render);
})();
