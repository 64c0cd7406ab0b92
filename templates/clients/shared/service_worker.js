{# Comments here are template comments: the phone gets the code only. #}
{% comment %}The service worker of ONE client's private link, served from under the link's path, so its
scope is that link and nothing else. It keeps the page, its scripts, styles and drawings in a
cache named after the link, so the page opens in a basement; it sends session logs kept
offline (Background Sync, where the browser has it). A 404 for the link (revoked, replaced,
expired) deletes everything this link kept on the phone and unregisters the worker.{% endcomment %}
"use strict";

importScripts({{ log_queue|safe }});

const ROOT = new URL(self.registration.scope).pathname; // "/s/<token>/"
const CACHE = `psoas-link:${ROOT}`;
const PAGES = [ROOT, `${ROOT}progress/`]; {# the link's pages kept for offline use #}
const ASSETS = [{{ static_url|safe }}, {{ media_url|safe }}];

let forgotten = false; {# the link is dead: keep nothing more, not even the 404 page's styles #}

async function forget() {
  forgotten = true;
  await caches.delete(CACHE);
  await LogQueue.forget(ROOT);
  await self.registration.unregister();
}

self.addEventListener("install", () => self.skipWaiting());
{% comment %}Take over the page at once: the first visit is already kept for the next one.{% endcomment %}
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

{% comment %}A page of the link: from the network when there is one (always the latest plan), else
the copy kept on this phone. The kept copy's ETag goes along (the daily page has one): an
unchanged page answers 304 without a body, and the kept copy is shown (the page is no-store,
so the browser's own cache never holds it: docs/security.md). The address is the one asked
for, query included (?lang= switches the language).{% endcomment %}
async function page(request, path) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(path, { ignoreVary: true });
  const etag = kept?.headers.get("ETag");
  let response;
  try {
    response = await fetch(
      etag
        ? new Request(request.url, { headers: { "If-None-Match": etag }, redirect: "manual" })
        : request,
    );
  } catch (error) {
    if (kept) return kept;
    throw error;
  }
  if (response.status === 304 && kept) return kept;
  if (response.status === 404) {
    await forget();
  } else if (response.ok) {
    await cache.put(path, response.clone());
  }
  return response;
}

{% comment %}Scripts, styles, drawings: their names change with their content, so a kept copy is good.{% endcomment %}
async function asset(request) {
  if (forgotten) return fetch(request);
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: false, ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (PAGES.includes(url.pathname)) event.respondWith(page(request, url.pathname));
    return;
  }
  if (ASSETS.some((prefix) => url.pathname.startsWith(prefix))) event.respondWith(asset(request));
});

{% comment %}A page lists what it is made of after each visit: keep that; the daily page also drops what
it no longer uses (never the pages themselves). A first visit (the page did not come through
this worker) also hands over the page as the browser parsed it, so it is not downloaded twice;
it carries the site's own CSP, and the next visit online replaces it with the server's
response.{% endcomment %}
const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": {{ page_csp|safe }},
};

async function keep(urls, firstVisit, path) {
  if (forgotten) return false;
  const cache = await caches.open(CACHE);
  const here = PAGES.includes(path) ? path : ROOT;
  if (firstVisit) await cache.put(here, new Response(firstVisit, { headers: PAGE_HEADERS }));
  const wanted = new Set(urls.map((url) => new URL(url, self.location.origin).href));
  const pages = PAGES.map((url) => new URL(url, self.location.origin).href);
  for (const request of here === ROOT ? await cache.keys() : []) {
    if (!pages.includes(request.url) && !wanted.has(request.url)) await cache.delete(request);
  }
  for (const url of wanted) {
    if (!(await cache.match(url))) await cache.add(url).catch(() => {});
  }
  return true;
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

self.addEventListener("message", (event) => {
  if (event.data?.type === "keep") {
    const { urls, firstVisit, path } = event.data;
    event.waitUntil(keep(urls || [], firstVisit, path).then((kept) => kept && tellPages({ type: "kept" })));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "send-logs") return;
  event.waitUntil(
    (async () => {
      const results = await LogQueue.sendAll(ROOT);
      if (results.some((result) => result.status === 404)) return forget();
      for (const result of results) await tellPages({ type: "log-sent", result });
{% comment %}      Still some left (offline again): failing asks the browser to try this sync later.{% endcomment %}
      if ((await LogQueue.all(ROOT)).length) throw new Error("Some logs are still waiting");
    })(),
  );
});
