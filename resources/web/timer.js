"use strict";
// The speaker display's picture as a page: the hall screen's texts and colours, its
// message and its blank, as the desk composes them.
(() => {
  function text(id, value) {
    const node = document.getElementById(id);
    if (node.textContent !== (value || "")) node.textContent = value || "";
  }

  function render(state) {
    const [foreground, background] = state.colours;
    const band = document.getElementById("band");
    band.style.color = foreground;
    band.style.background = background;
    band.dataset.phase = state.phase || "idle";
    text("title", state.title);
    text("clock", state.clock);
    text("caption", state.caption);
    text("name", state.name);
    text("details", state.details);
    text("digits", state.digits);
    text("status", state.status);
    text("next-label", state.next_label);
    text("next-names", state.next_names);
    document.getElementById("next").hidden = !state.next_label;
    const progress = document.getElementById("progress");
    progress.hidden = state.progress === null || state.progress === undefined;
    progress.style.color = background;
    document.getElementById("progress-bar").style.width = `${Math.round((state.progress || 0) * 100)}%`;
    const message = document.getElementById("message");
    message.hidden = !state.message;
    text("message", state.message);
    document.getElementById("blank").hidden = !state.blank;
    document.body.dataset.phase = state.phase || "idle";
    document.body.dataset.blank = state.blank ? "yes" : "no";
  }

  Live.start("timer", render);
})();
