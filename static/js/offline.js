// The client's page without signal: the link's own service worker keeps the page on the phone,
// and a session logged offline waits here (LogQueue, below) until the phone is online again.
// Each log carries the phone's date and a key made at the tap: late or twice, one session.
// The link's service worker loads this file too (importScripts), for LogQueue alone.
"use strict";

// --- LogQueue: one IndexedDB database per link (its path is the name), nothing shared between
// two clients' links on one phone; a log sent twice (two tabs, Background Sync) is one session.
self.LogQueue = (() => {
  const STORE = "logs";
  const databaseName = (root) => `psoas-logs:${root}`;

  function open(root) {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(databaseName(root), 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  // One request in its own transaction; the connection is closed at once so that forgetting
  // the link (deleteDatabase) is never blocked by an open page.
  async function run(root, mode, action) {
    const database = await open(root);
    try {
      return await new Promise((resolve, reject) => {
        const transaction = database.transaction(STORE, mode);
        const request = action(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(request.result);
        transaction.onerror = () => reject(transaction.error);
      });
    } finally {
      database.close();
    }
  }

  const keep = (root, entry) => run(root, "readwrite", (store) => store.put(entry));
  const all = (root) => run(root, "readonly", (store) => store.getAll());
  const drop = (root, key) => run(root, "readwrite", (store) => store.delete(key));

  function forget(root) {
    return new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(databaseName(root));
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }

  // Send one kept log. Answered for good (recorded: 200; refused: 422, e.g. too many days
  // late) -> removed from the phone. 404: the link is dead. Anything else: kept for later.
  async function send(root, entry, csrfToken) {
    const body = new FormData();
    for (const [name, value] of entry.fields) {
      body.append(name, name === "csrfmiddlewaretoken" && csrfToken ? csrfToken : value);
    }
    const response = await fetch(`${root}log/`, {
      method: "POST",
      body,
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    });
    if (response.ok || response.status === 422) {
      const html = await response.text();
      await drop(root, entry.key);
      return { key: entry.key, card: entry.card, status: response.status, html };
    }
    return response.status === 404 ? { key: entry.key, card: entry.card, status: 404 } : null;
  }

  // Send every kept log, oldest first; stop at the first network failure (offline again).
  async function sendAll(root, csrfToken) {
    const work = async () => {
      const results = [];
      const entries = (await all(root)).sort((a, b) => a.savedAt - b.savedAt);
      for (const entry of entries) {
        let result;
        try {
          result = await send(root, entry, csrfToken);
        } catch {
          break;
        }
        if (result) results.push(result);
        if (result?.status === 404) break;
      }
      return results;
    };
    // Two tabs (or a tab and the worker) take turns; the key makes a double send harmless anyway.
    return self.navigator.locks ? self.navigator.locks.request(databaseName(root), work) : work();
  }

  return { keep, all, drop, forget, send, sendAll };
})();


(() => {
  if (!self.document) return; // in the service worker: LogQueue only
  const TEXTS = {
    waiting: "Saved on this phone. It will be sent when you are online.",
    refused: "This session could not be recorded. Reload the page to see why.",
    // In the page's language (clients/page_texts.py); the English above is a fallback.
    ...(JSON.parse(document.getElementById("page-texts")?.textContent || "{}").offline || {}),
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

  // The reminder form's time zone: the phone's own, unless the client has chosen one.
  document.addEventListener("DOMContentLoaded", () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const field of document.querySelectorAll("[data-browser-zone]")) field.value ||= zone || "";
  });

  const manifest = document.querySelector('link[rel="manifest"]');
  if (!manifest || !("serviceWorker" in navigator) || !self.LogQueue) return;
  const ROOT = new URL(".", manifest.href).pathname; // this link's path, "/s/<token>/"
  const queue = self.LogQueue;

  // --- Showing a kept log, and the server's answer once it is sent ---------------------------
  // `urgent`: the red-flag box was ticked: the footer's urgent-care action at once, not later.
  function showWaiting(card, urgent) {
    if (!card || card.querySelector(".session__waiting")) return;
    card.querySelectorAll(".player, .log-form").forEach((part) => { part.hidden = true; });
    const note = document.createElement("p");
    note.className = urgent ? "session__waiting alert alert--danger" : "session__waiting";
    note.setAttribute("role", urgent ? "alert" : "status");
    note.tabIndex = -1;
    const action = urgent && document.querySelector(".shared-footer .emergency-signs p:last-child");
    note.textContent = action ? `${action.textContent} ${TEXTS.waiting}` : TEXTS.waiting;
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
    showWaiting(card, data.get("new_red_flag"));
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
    document.querySelectorAll("[data-later]").forEach((script) => add(script.dataset.later)); // coach.js
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
      const path = location.pathname;
      registration.active?.postMessage({ type: "keep", urls: pageParts(), firstVisit, path });
    } catch {
      // No worker (a dead link, a browser setting): the page still works online.
    }
  });
  window.addEventListener("online", sendKept);
})();
