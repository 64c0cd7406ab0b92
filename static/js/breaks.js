// Movement breaks on the client's page: every 20-30 minutes within chosen hours, a nudge to
// stand up and march. Settings stay in this browser (localStorage); nothing is sent anywhere.
// A notification is shown where the browser allows it, otherwise the open page shows the nudge.
"use strict";

(() => {
  const card = document.getElementById("movement-breaks");
  if (!card) return;
  card.hidden = false; // without JS the card stays hidden: it cannot work without it

  const speed = Math.min(Math.max(Number(new URLSearchParams(location.search).get("speed")) || 1, 1), 1000);
  const form = card.querySelector(".breaks__form");
  const toggle = card.querySelector(".breaks__toggle");
  const status = card.querySelector(".breaks__status");
  const due = card.querySelector(".breaks__due");
  const KEY = "psoas-coach-breaks";
  let timer = null;
  let nextAt = 0;
  // In the page's language (clients/page_texts.py); the English is a fallback.
  const TEXTS = {
    outside: "Breaks run from {from} to {until}.",
    nextOne: "Next break in {minutes} minute.",
    nextMany: "Next break in {minutes} minutes.",
    title: "Time to stand up",
    body: "Walk for a few minutes, or march slowly on the spot.",
    stop: "Stop movement breaks",
    off: "Movement breaks are off.",
    start: "Start movement breaks",
    ...(JSON.parse(document.getElementById("page-texts")?.textContent || "{}").breaks || {}),
  };
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));

  const load = () => { try { return JSON.parse(localStorage.getItem(KEY)) || null; } catch { return null; } };
  const save = (settings) => { try { localStorage.setItem(KEY, JSON.stringify(settings)); } catch { /* private mode */ } };

  function minutesOf(value) {
    const [hours, minutes] = value.split(":").map(Number);
    return hours * 60 + minutes;
  }

  function withinHours(settings, when = new Date()) {
    const now = when.getHours() * 60 + when.getMinutes();
    return minutesOf(settings.from) <= now && now < minutesOf(settings.until);
  }

  function schedule(settings, minutes = settings.every) {
    nextAt = Date.now() + (minutes * 60 * 1000) / speed;
  }

  function describe(settings) {
    if (!withinHours(settings)) return fill(TEXTS.outside, { from: settings.from, until: settings.until });
    const left = Math.max(0, Math.round(((nextAt - Date.now()) * speed) / 60000));
    return fill(left === 1 ? TEXTS.nextOne : TEXTS.nextMany, { minutes: left });
  }

  function nudge() {
    due.hidden = false;
    navigator.vibrate?.([200, 100, 200]);
    if ("Notification" in window && Notification.permission === "granted") {
      try {
        new Notification(TEXTS.title, { body: TEXTS.body, tag: "movement-break" });
      } catch { /* some mobile browsers only allow notifications from a service worker */ }
    }
  }

  function tick() {
    const settings = load();
    if (!settings?.on) return;
    if (Date.now() >= nextAt) {
      if (withinHours(settings)) nudge();
      schedule(settings);
    }
    status.textContent = describe(settings);
  }

  function start(settings) {
    schedule(settings);
    clearInterval(timer);
    timer = setInterval(tick, 1000 / Math.min(speed, 10));
    toggle.textContent = TEXTS.stop;
    tick();
  }

  function stop() {
    clearInterval(timer);
    due.hidden = true;
    status.textContent = TEXTS.off;
    toggle.textContent = TEXTS.start;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const current = load();
    if (current?.on) {
      save({ ...current, on: false });
      stop();
      return;
    }
    const settings = {
      on: true,
      every: Number(form.elements.every.value),
      from: form.elements.from.value || "09:00",
      until: form.elements.until.value || "17:30",
    };
    save(settings);
    if ("Notification" in window && Notification.permission === "default") {
      Notification.requestPermission().catch(() => {});
    }
    start(settings);
  });

  card.addEventListener("click", (event) => {
    const action = event.target.closest("[data-break]")?.dataset.break;
    if (!action) return;
    due.hidden = true;
    const settings = load();
    if (settings) schedule(settings, action === "snooze" ? 10 : settings.every);
    tick();
  });

  const saved = load();
  if (saved) {
    // Settings kept from when 45 and 60 minutes were offered come back as every half hour:
    // sitting should be broken up at least that often.
    saved.every = Math.min(Number(saved.every) || 30, 30);
    form.elements.every.value = String(saved.every);
    form.elements.from.value = saved.from;
    form.elements.until.value = saved.until;
    if (saved.on) start(saved);
  }
})();
