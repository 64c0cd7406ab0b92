// The guided session player on the client's page (without JS: a plain list and form). A session
// card's stages (data-stage): intro (pain now, Start) -> playing -> after (pain after, how it
// went); "log" shows the form without the timer. The player only fills the page's log form.
//
// It runs the server's cue sequence (routines/durations.py, which every duration shown is summed
// from) on a drift-free timeline (each cue ends a fixed time after the last one ended), so a
// session lasts what the page says. Each cue is announced as "player:cue" on the session card
// ("player:finish" at the end) for coach.js and tests. ?speed=N in the address speeds it up.
"use strict";

(() => {
  const speed = Math.min(Math.max(Number(new URLSearchParams(location.search).get("speed")) || 1, 1), 100);
  const TICK_MS = 200 / Math.min(speed, 4);

  // --- Every text the player shows: the page's, in its language (clients/page_texts.py) ---
  const WORDS = JSON.parse(document.getElementById("page-texts").textContent).player;
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
  const TEXTS = {
    ...WORDS,
    progress: (number, total, duration) => fill(WORDS.progress, { number, total, duration }),
    side: (side, leg) => (leg ? fill(WORDS.sideLeg, { side: WORDS.sides[side], leg }) : WORDS.sideOnly[side]),
    count: (repetition, of) => fill(WORDS.count, { repetition, of }),
  };
  // The stop rule's absolute part (clients/session_logs.py), for when the server is out of reach.
  const STOP_PAIN = 7;

  // --- Cues: a soft chime and a short vibration where the browser allows -----------------------
  let audio = null;
  function chime(high) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = high ? 880 : 660;
      volume.gain.setValueAtTime(0.0001, audio.currentTime);
      volume.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.6);
      tone.connect(volume).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.65);
    } catch {
      // No audio: the visual cue is enough.
    }
    navigator.vibrate?.(high ? [120, 60, 120] : 150);
  }

  // --- Keep the screen awake while a session runs ------------------------------------------------
  let wakeLock = null;
  async function keepAwake(on) {
    try {
      if (on && "wakeLock" in navigator && document.visibilityState === "visible") {
        wakeLock = await navigator.wakeLock.request("screen");
      } else if (!on && wakeLock) {
        await wakeLock.release();
        wakeLock = null;
      }
    } catch {
      wakeLock = null;
    }
  }

  // --- The cue sequence of one session, from the server's data -----------------------------------
  // The one place that turns the cues into what the player shows; timings are taken as sent.
  function phasesFor(session) {
    const phases = [];
    session.steps.forEach((step, index) => {
      const base = { step: index, total: session.steps.length, name: step.name, image: step.image, video: step.video };
      step.cues.forEach((cue) => {
        let where = cue.side ? TEXTS.side(cue.side, step.leg) : "";
        if (cue.repetitions > 1 && cue.kind !== "rest") where = [where, TEXTS.count(cue.repetition, cue.repetitions)].filter(Boolean).join(" · ");
        phases.push({
          ...base,
          kind: cue.kind,
          seconds: cue.seconds,
          label: TEXTS.kinds[cue.kind] || "",
          where,
          detail: cue.kind === "ready" ? step.note || step.cue : "",
        });
      });
    });
    return phases;
  }

  // --- One player per session card -------------------------------------------------------------------
  function setUp(card) {
    const source = document.getElementById(card.dataset.playerSource);
    const form = card.querySelector(".log-form");
    const player = card.querySelector(".player");
    const startArea = card.querySelector(".log-form__start");
    if (!source || !form || !player || !startArea) return;
    const session = JSON.parse(source.textContent);
    const phases = phasesFor(session);
    const view = {
      progress: player.querySelector(".player__progress"),
      name: player.querySelector(".player__name"),
      image: player.querySelector(".player__image"),
      phase: player.querySelector(".player__phase"),
      count: player.querySelector(".player__count"),
      where: player.querySelector(".player__where"),
      detail: player.querySelector(".player__detail"),
      video: player.querySelector(".player__video"),
      pause: player.querySelector("[data-action=pause]"),
      next: player.querySelector("[data-action=next]"),
      start: startArea.querySelector(".player-start"),
      logOnly: startArea.querySelector(".player-log-only"),
      startError: startArea.querySelector(".log-form__start-error"),
    };
    let index = -1;
    let endsAt = 0;
    let remainingWhenPaused = null;
    let ticker = null;

    const stage = (name) => { card.dataset.stage = name; };
    const announce = (type, detail) => card.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
    stage("intro");
    startArea.hidden = false;
    view.logOnly.hidden = false;

    function show(phase) {
      view.progress.textContent = TEXTS.progress(phase.step + 1, phase.total, session.duration);
      view.name.textContent = phase.name;
      view.image.hidden = !phase.image;
      if (phase.image && view.image.getAttribute("src") !== phase.image.src) {
        view.image.src = phase.image.src;
        view.image.alt = phase.image.alt;
      }
      view.video.hidden = !phase.video;
      if (phase.video) view.video.querySelector("a").href = phase.video;
      view.phase.textContent = phase.label;
      view.where.textContent = phase.where;
      view.detail.textContent = phase.detail;
      player.dataset.phase = phase.kind;
    }

    // Enter phase `newIndex` at `startedAt` (ms, the last phase's planned end: late timers
    // never stretch the session).
    function enter(newIndex, startedAt) {
      index = newIndex;
      if (index >= phases.length) return finish();
      const phase = phases[index];
      show(phase);
      chime(phase.kind === "hold" || phase.kind === "contract");
      endsAt = startedAt + (phase.seconds * 1000) / speed;
      announce("player:cue", (card.lastCue = { index, step: phase.step, kind: phase.kind, seconds: phase.seconds, at: startedAt }));
      tick();
    }

    function tick() {
      if (remainingWhenPaused !== null || index < 0 || index >= phases.length) return;
      const now = Date.now();
      if (now >= endsAt) return enter(index + 1, endsAt);
      view.count.textContent = String(Math.ceil(((endsAt - now) * speed) / 1000));
    }

    function start() {
      loadCoach();
      stage("playing");
      startArea.hidden = true;
      player.hidden = false;
      player.scrollIntoView({ block: "start" });
      keepAwake(true);
      ticker = setInterval(tick, TICK_MS);
      enter(0, Date.now());
      view.pause.focus();
    }

    function finish() {
      clearInterval(ticker);
      keepAwake(false);
      chime(true);
      player.hidden = true;
      stage("after");
      announce("player:finish", { at: endsAt });
      const after = form.querySelector(".log-form__after");
      after.scrollIntoView({ block: "start" });
      (after.querySelector("input:checked") || after.querySelector("input"))?.focus();
    }

    function chosenPain() {
      return form.querySelector(".log-form__before input:checked");
    }

    // Start asks the server first (shared:start): pain at or over the stop rule answers with
    // the stop card, which replaces this card, and no timer starts. 204 means go ahead.
    let asking = false;
    view.start.addEventListener("click", async (event) => {
      event.preventDefault();
      if (asking || card.dataset.stage !== "intro") return;
      const pain = chosenPain();
      if (!pain) {
        view.startError.textContent = TEXTS.choosePainFirst;
        form.querySelector(".log-form__before input")?.focus();
        return;
      }
      view.startError.textContent = "";
      asking = true;
      view.start.disabled = true;
      let response = null;
      try {
        response = await fetch(view.start.formAction, {
          method: "POST",
          body: new FormData(form),
          headers: { "HX-Request": "true" },
          credentials: "same-origin",
        });
      } catch {
        response = null; // offline: only the absolute rule can be applied here
      } finally {
        asking = false;
        view.start.disabled = false;
      }
      if (response === null) {
        if (Number(pain.value) >= STOP_PAIN) view.startError.textContent = TEXTS.stopOffline;
        else start();
      } else if (response.status === 204) {
        start();
      } else if (!(await swapCard(card, response))) {
        form.dataset.native = "true";
        form.requestSubmit(view.start); // anything unexpected: the server's own page explains it
      }
    });
    view.logOnly.addEventListener("click", () => {
      startArea.hidden = true;
      stage("log");
      form.querySelector(".log-form__after input")?.focus();
    });
    view.pause.addEventListener("click", () => {
      if (remainingWhenPaused === null) {
        remainingWhenPaused = endsAt - Date.now();
        view.pause.textContent = TEXTS.resume;
        view.phase.textContent = TEXTS.paused;
        keepAwake(false);
      } else {
        endsAt = Date.now() + remainingWhenPaused;
        remainingWhenPaused = null;
        view.pause.textContent = TEXTS.pause;
        view.phase.textContent = phases[index].label;
        keepAwake(true);
      }
    });
    function goTo(step) { // its first cue; past the last step, the end
      remainingWhenPaused = null;
      view.pause.textContent = TEXTS.pause;
      const next = phases.findIndex((phase) => phase.step >= step);
      enter(next < 0 ? phases.length : next, Date.now());
    }
    view.next.addEventListener("click", () => goTo(phases[index].step + 1));
    card.addEventListener("player:goto", (event) => card.dataset.stage === "playing" && goTo(event.detail));
    card.addEventListener("player:pause", () => card.dataset.stage === "playing" && remainingWhenPaused === null && view.pause.click());
  }

  // Spoken cues and feedback (coach.js, steering with player:pause/goto) load at Start, or once
  // spoken cues are on.
  const toggle = document.getElementById("speak-cues");
  function loadCoach() {
    if (!toggle || toggle.dataset.loaded) return;
    toggle.dataset.loaded = "true";
    document.head.append(Object.assign(document.createElement("script"), { src: toggle.dataset.later }));
  }
  // The toggle (off by default) is remembered at the tap, not when coach.js arrives (a reload
  // straight after must find it on).
  function setUpSpeaking() {
    if (!toggle || !self.speechSynthesis) return;
    toggle.closest("[hidden]").hidden = false;
    try {
      toggle.checked = localStorage.getItem("speak-cues") === "on";
    } catch {
      // no storage (private mode): off, as by default
    }
    toggle.addEventListener("change", () => {
      try {
        localStorage.setItem("speak-cues", toggle.checked ? "on" : "off");
      } catch {
        // for this visit only
      }
      loadCoach();
    });
    if (toggle.checked) loadCoach();
  }

  // Replace `target` with the card in `response` (a 2xx or 422 answer); false if there is none.
  async function swapCard(target, response) {
    if (!(response.ok || response.status === 422)) return false;
    const holder = document.createElement("template");
    holder.innerHTML = (await response.text()).trim();
    const replacement = holder.content.firstElementChild;
    if (!replacement || !target) return false;
    target.replaceWith(replacement);
    setUpAll(replacement.parentElement || document);
    // Shown and focused (tabindex: a <p> takes no focus otherwise).
    const news = replacement.querySelector(".stop-card,.form-errors") || replacement.querySelector("[role=status]");
    if (news) {
      news.tabIndex = -1;
      replacement.scrollIntoView();
      news.focus({ preventScroll: true });
    }
    return true;
  }

  function setUpAll(root) {
    root.querySelectorAll?.(".session[data-player-source]:not([data-stage])").forEach(setUp);
  }

  // The page's forms (data-swap) are sent in the background and the answer replaces their
  // card: no reload, no htmx to download. Without JS they post and the server answers a page.
  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-swap]");
    if (!form || event.defaultPrevented || form.dataset.native) return;
    event.preventDefault();
    const submitter = event.submitter;
    const postNormally = () => {
      form.dataset.native = "true"; // let this one through as a plain post
      form.requestSubmit(submitter);
    };
    const target = form.closest(form.dataset.swap) || document.querySelector(form.dataset.swap);
    const data = new FormData(form);
    if (event.submitter?.name) data.append(event.submitter.name, event.submitter.value);
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; }); // one tap, one session
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
      });
      if (await swapCard(target, response)) return;
      postNormally(); // anything unexpected: the server's own page explains it
    } catch {
      // Offline: a session log waits on the phone (offline.js); anything else posts as usual.
      if (await window.LinkOffline?.keep(form, data, target)) return;
      postNormally();
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    setUpAll(document);
    setUpSpeaking();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && document.querySelector(".session[data-stage=playing]")) {
      keepAwake(true);
    }
  });
})();
