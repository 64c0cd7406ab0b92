// Session logs made without signal, kept on the phone until the server has them.
//
// Loaded by the client's page (offline.js) and by the link's service worker (importScripts), so
// both send a kept log the same way. One IndexedDB database per link (its path is the name):
// nothing is shared between two clients' links on one phone. Each log carries the key the page
// made when the client tapped (client_key), so sending it twice, from two tabs or from
// Background Sync and the page at once still records one session on the server.
"use strict";

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
