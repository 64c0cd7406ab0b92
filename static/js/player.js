// The guided session player on the client's page. Without JS the page is a plain list and form.
//
// A session card moves through stages (data-stage): intro -> before (pain now) -> playing ->
// after (pain after, how it went). The log form is the page's own form; the player only fills it.
// Tests speed the clock up with ?speed=N in the page address.
"use strict";

(() => {
  const speed = Math.min(Math.max(Number(new URLSearchParams(location.search).get("speed")) || 1, 1), 100);
  const GET_READY = 5;
  const SWITCH_SIDES = 5;
  const SIDE_NAMES = { left: ["Left side"], right: ["Right side"], both: [""], each_side: ["Left side", "Right side"] };

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

  // --- The timeline of one session ---------------------------------------------------------------
  function phasesFor(steps) {
    const phases = [];
    steps.forEach((step, index) => {
      const base = { step: index, name: step.name, image: step.image, total: steps.length };
      phases.push({ ...base, kind: "ready", label: "Get ready", detail: step.note || step.cue, seconds: GET_READY });
      let sides = SIDE_NAMES[step.sides] || [""];
      const rounds = [];
      if (step.sides === "alternating") {
        for (let rep = 1; rep <= step.repetitions; rep += 1) {
          rounds.push({ side: "Left", rep }, { side: "Right", rep });
        }
        sides = [""];
      } else {
        sides.forEach((side, sideIndex) => {
          for (let rep = 1; rep <= step.repetitions; rep += 1) rounds.push({ side, rep, sideIndex });
        });
      }
      rounds.forEach((round, i) => {
        const next = rounds[i + 1];
        const where = [round.side, `${round.rep} of ${step.repetitions}`].filter(Boolean).join(" · ");
        if (step.tempo) {
          phases.push({ ...base, kind: "contract", label: "Contract slowly", detail: where, seconds: step.tempo.contract });
          phases.push({ ...base, kind: "release", label: "Release, slower still", detail: where, seconds: step.tempo.release });
          if (step.tempo.rest) phases.push({ ...base, kind: "rest", label: "Rest", detail: where, seconds: step.tempo.rest });
        } else {
          phases.push({ ...base, kind: "hold", label: "Hold and breathe", detail: where, seconds: step.hold });
        }
        if (!next) return;
        if (next.sideIndex !== undefined && next.sideIndex !== round.sideIndex) {
          phases.push({ ...base, kind: "switch", label: "Switch sides", detail: next.side, seconds: SWITCH_SIDES });
        } else if (step.rest && !step.tempo) {
          phases.push({ ...base, kind: "rest", label: "Rest", detail: "", seconds: step.rest });
        }
      });
    });
    return phases;
  }

  // --- One player per session card -------------------------------------------------------------------
  function setUp(card) {
    const source = document.getElementById(card.dataset.playerSource);
    const form = card.querySelector(".log-form");
    const startButton = card.querySelector(".player-start");
    const player = card.querySelector(".player");
    if (!source || !form || !startButton || !player) return;
    const phases = phasesFor(JSON.parse(source.textContent));
    const view = {
      progress: player.querySelector(".player__progress"),
      name: player.querySelector(".player__name"),
      image: player.querySelector(".player__image"),
      phase: player.querySelector(".player__phase"),
      count: player.querySelector(".player__count"),
      detail: player.querySelector(".player__detail"),
      pause: player.querySelector("[data-action=pause]"),
    };
    let index = -1;
    let endsAt = 0;
    let remainingWhenPaused = null;
    let ticker = null;

    const stage = (name) => { card.dataset.stage = name; };
    stage("intro");
    startButton.hidden = false;

    function show(phase) {
      view.progress.textContent = `Stretch ${phase.step + 1} of ${phase.total}`;
      view.name.textContent = phase.name;
      view.image.hidden = !phase.image;
      if (phase.image && view.image.getAttribute("src") !== phase.image) view.image.src = phase.image;
      view.phase.textContent = phase.label;
      view.detail.textContent = phase.detail || "";
      player.dataset.phase = phase.kind;
    }

    function enter(newIndex) {
      index = newIndex;
      if (index >= phases.length) return finish();
      const phase = phases[index];
      show(phase);
      chime(phase.kind === "hold" || phase.kind === "contract");
      endsAt = Date.now() + (phase.seconds * 1000) / speed;
      tick();
    }

    function tick() {
      if (remainingWhenPaused !== null) return;
      const left = Math.max(0, endsAt - Date.now());
      view.count.textContent = String(Math.ceil((left * speed) / 1000));
      if (left <= 0) enter(index + 1);
    }

    function start() {
      stage("playing");
      player.hidden = false;
      keepAwake(true);
      ticker = setInterval(tick, 200);
      enter(0);
    }

    function finish() {
      clearInterval(ticker);
      keepAwake(false);
      chime(true);
      player.hidden = true;
      stage("after");
      form.querySelector(".log-form__after legend")?.focus?.();
    }

    startButton.addEventListener("click", () => {
      startButton.hidden = true;
      stage("before");
      form.querySelector(".log-form__before input")?.focus();
    });
    // Tapping a number for "before" starts the timer: one tap, no extra button.
    form.querySelectorAll(".log-form__before input").forEach((input) => {
      input.addEventListener("change", () => { if (card.dataset.stage === "before") start(); });
    });
    view.pause.addEventListener("click", () => {
      if (remainingWhenPaused === null) {
        remainingWhenPaused = endsAt - Date.now();
        view.pause.textContent = "Resume";
        view.phase.textContent = "Paused";
        keepAwake(false);
      } else {
        endsAt = Date.now() + remainingWhenPaused;
        remainingWhenPaused = null;
        view.pause.textContent = "Pause";
        view.phase.textContent = phases[index].label;
        keepAwake(true);
      }
    });
    player.querySelector("[data-action=next]").addEventListener("click", () => {
      const current = phases[index]?.step;
      let next = index + 1;
      while (next < phases.length && phases[next].step === current) next += 1;
      remainingWhenPaused = null;
      view.pause.textContent = "Pause";
      enter(next);
    });
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
      if (response.ok || response.status === 422) {
        const holder = document.createElement("template");
        holder.innerHTML = (await response.text()).trim();
        const replacement = holder.content.firstElementChild;
        if (replacement && target) {
          target.replaceWith(replacement);
          setUpAll(replacement.parentElement || document);
          replacement.querySelector("[role=status], [role=alert]")?.focus?.();
          return;
        }
      }
      postNormally(); // anything unexpected: the server's own page explains it
    } catch {
      postNormally(); // offline or failed: the browser shows what happened
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  });

  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && document.querySelector(".session[data-stage=playing]")) {
      keepAwake(true);
    }
  });
})();
