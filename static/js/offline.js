// The client's page without signal: the link's own service worker keeps the page on the phone,
// and a session logged offline waits here (log-queue.js) until the phone is online again.
//
// Every log the page sends carries the day it was done on the phone's own calendar and a key
// made when the client tapped, so a log sent late or twice is still one session on that day.
"use strict";

(() => {
  const TEXTS = {
    waiting: "Saved on this phone. It will be sent when you are online.",
    refused: "This session could not be recorded. Reload the page to see why.",
  };

  // --- Each log says which day it was done on and carries its own key ------------------------
  const pad = (number) => String(number).padStart(2, "0");
  function localDay(now = new Date()) {
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }
  function newKey() {
    if (self.crypto?.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  // Capture phase: filled in before player.js reads the form.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!form.matches?.(".log-form") || !form.elements.client_key) return;
      form.elements.session_date.value = localDay();
      if (!form.elements.client_key.value) form.elements.client_key.value = newKey();
    },
    true,
  );

  const manifest = document.querySelector('link[rel="manifest"]');
  if (!manifest || !("serviceWorker" in navigator) || !self.LogQueue) return;
  const ROOT = new URL(".", manifest.href).pathname; // this link's path, "/s/<token>/"
  const queue = self.LogQueue;

  // --- Showing a kept log, and the server's answer once it is sent ---------------------------
  function showWaiting(card) {
    if (!card || card.querySelector(".session__waiting")) return;
    card.querySelectorAll(".player, .log-form").forEach((part) => { part.hidden = true; });
    const note = document.createElement("p");
    note.className = "session__waiting";
    note.setAttribute("role", "status");
    note.tabIndex = -1;
    note.textContent = TEXTS.waiting;
    card.append(note);
    note.focus();
  }

  function showSent(result) {
    if (result.status === 404) {
      location.reload(); // the link is dead: the worker forgets it on the way
      return;
    }
    const card = document.getElementById(result.card);
    if (!card) return;
    const holder = document.createElement("template");
    holder.innerHTML = result.html.trim();
    const answer = holder.content.firstElementChild;
    if (answer?.matches(".session")) {
      card.replaceWith(answer);
    } else {
      card.querySelector(".session__waiting").textContent = TEXTS.refused;
    }
  }

  // Called by player.js when a log could not reach the server.
  async function keep(form, data, card) {
    if (!form.matches(".log-form")) return false;
    const entry = {
      key: data.get("client_key") || newKey(),
      card: card?.id,
      savedAt: Date.now(),
      fields: [...data.entries()].filter(([, value]) => typeof value === "string"),
    };
    try {
      await queue.keep(ROOT, entry);
    } catch {
      return false; // no storage (private mode): the browser's own answer is all there is
    }
    showWaiting(card);
    const registration = await navigator.serviceWorker.ready;
    registration.sync?.register("send-logs").catch(() => {});
    return true;
  }
  self.LinkOffline = { keep };

  // Other tabs of this link hear what one tab sent, so they stop showing it as waiting.
  const otherTabs = self.BroadcastChannel ? new BroadcastChannel(`psoas-logs:${ROOT}`) : null;
  if (otherTabs) otherTabs.onmessage = (event) => showSent(event.data);

  async function sendKept() {
    if (!navigator.onLine) return;
    const token = document.querySelector("input[name=csrfmiddlewaretoken]")?.value;
    for (const result of await queue.sendAll(ROOT, token)) {
      showSent(result);
      otherTabs?.postMessage(result);
    }
  }

  // --- The worker: registered for this link only; told what the page is made of -------------
  function pageParts() {
    const parts = new Set([ROOT]);
    const add = (url) => {
      const absolute = new URL(url, location.href);
      if (absolute.origin === location.origin) parts.add(absolute.pathname + absolute.search);
    };
    document.querySelectorAll("script[src]").forEach((script) => add(script.src));
    document.querySelectorAll('link[rel="stylesheet"], link[rel="icon"]').forEach((link) => add(link.href));
    document.querySelectorAll("img[src]").forEach((image) => add(image.getAttribute("src")));
    document.querySelectorAll('script[type="application/json"]').forEach((script) => {
      try {
        JSON.parse(script.textContent).steps?.forEach((step) => step.image && add(step.image.src));
      } catch {
        // not a player script
      }
    });
    return [...parts];
  }

  // Not from this link's worker (a first visit): the page as parsed, before any script changed
  // it (this script runs before player.js), is handed to the worker instead of a second download.
  const firstVisit = navigator.serviceWorker.controller
    ? null
    : `<!doctype html>\n${document.documentElement.outerHTML}`;
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type === "kept") {
      document.querySelectorAll(".kept-note").forEach((note) => { note.hidden = false; });
      document.documentElement.dataset.kept = "true";
    } else if (event.data?.type === "log-sent") {
      showSent(event.data.result);
    }
  });

  document.addEventListener("DOMContentLoaded", async () => {
    // Logs still waiting from an earlier visit: shown as waiting, sent if the phone is online.
    for (const entry of await queue.all(ROOT).catch(() => [])) {
      showWaiting(document.getElementById(entry.card));
    }
    sendKept();
    try {
      await navigator.serviceWorker.register(`${ROOT}sw.js`, { scope: ROOT });
      const registration = await navigator.serviceWorker.ready;
      registration.active?.postMessage({ type: "keep", urls: pageParts(), firstVisit });
    } catch {
      // No worker (a dead link, a browser setting): the page still works online.
    }
  });
  window.addEventListener("online", sendKept);
})();
