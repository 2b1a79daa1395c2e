"use strict";
// What every live page shares: the language, the strings, the WebSocket that brings the
// state (reconnecting by itself), and small helpers to build the page without innerHTML.
const Live = (() => {
  const LANGUAGES = ["en", "fr", "de", "it", "ru", "es"];
  const NAMES = {
    en: "English", fr: "Français", de: "Deutsch", it: "Italiano", ru: "Русский", es: "Español",
  };
  let strings = {};
  let language = "en";
  let socket = null;
  let lastState = null;
  let renderer = () => {};
  let retry = 500;

  function chooseLanguage() {
    const asked = new URLSearchParams(location.search).get("lang");
    if (LANGUAGES.includes(asked)) return asked;
    let kept = null;
    try { kept = localStorage.getItem("floordesk.lang"); } catch (e) { kept = null; }
    if (LANGUAGES.includes(kept)) return kept;
    for (const tag of navigator.languages || [navigator.language || "en"]) {
      const short = String(tag).slice(0, 2).toLowerCase();
      if (LANGUAGES.includes(short)) return short;
    }
    return "en";
  }

  function t(key, values) {
    const table = strings[language] || {};
    let text = table[key] !== undefined ? table[key] : (strings.en || {})[key];
    if (text === undefined) text = key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  function ordinal(n) {
    switch (language) {
      case "en": {
        const tens = n % 100, ones = n % 10;
        if (tens >= 11 && tens <= 13) return n + "th";
        return n + (ones === 1 ? "st" : ones === 2 ? "nd" : ones === 3 ? "rd" : "th");
      }
      case "fr": return n === 1 ? "1er" : n + "e";
      case "de": return n + ".";
      case "it": return n + "º";
      case "es": return n + ".º";
      case "ru": return n + "-й";
      default: return String(n);
    }
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function translateStatic() {
    document.documentElement.lang = language;
    for (const node of document.querySelectorAll("[data-i18n]")) {
      node.textContent = t(node.dataset.i18n);
    }
  }

  function setLanguage(chosen) {
    if (!LANGUAGES.includes(chosen)) return;
    language = chosen;
    try { localStorage.setItem("floordesk.lang", chosen); } catch (e) { /* private mode */ }
    translateStatic();
    const picker = document.getElementById("language");
    if (picker) picker.value = chosen;
    if (lastState) renderer(lastState);
  }

  function languagePicker() {
    const picker = document.getElementById("language");
    if (!picker) return;
    picker.replaceChildren(...LANGUAGES.map((code) => el("option", { value: code, lang: code }, NAMES[code])));
    picker.value = language;
    picker.addEventListener("change", () => setLanguage(picker.value));
  }

  function status(text) {
    const line = document.getElementById("connection");
    if (line) {
      line.textContent = text;
      line.hidden = !text;
    }
  }

  function connect(page) {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${location.host}/ws?page=${page}&lang=${language}`);
    socket.addEventListener("open", () => { retry = 500; status(""); });
    socket.addEventListener("message", (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "state") {
        lastState = message.state;
        renderer(message.state);
        document.body.dataset.updated = String(Date.now());
      } else if (Live.onMessage) {
        Live.onMessage(message);
      }
    });
    socket.addEventListener("close", () => {
      status(t("reconnecting"));
      setTimeout(() => connect(page), retry);
      retry = Math.min(retry * 2, 5000);
    });
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  async function start(page, render) {
    renderer = render;
    language = chooseLanguage();
    try {
      const answer = await fetch("/static/i18n.json");
      strings = await answer.json();
    } catch (e) {
      strings = {};
    }
    translateStatic();
    languagePicker();
    status(t("connecting"));
    connect(page);
  }

  return {
    start, t, el, ordinal, send, setLanguage,
    get language() { return language; },
    LANGUAGES, NAMES, onMessage: null,
  };
})();
