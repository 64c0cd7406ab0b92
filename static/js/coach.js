// Spoken cues and "how did it feel?" for the guided player (static/js/player.js). Fetched only
// when the client presses Start or turns spoken cues on (#speak-cues data-later), so a first
// visit does not carry it; the link's service worker keeps it for offline sessions (offline.js
// lists it with the page's parts).
//
// It follows the player's "player:cue" and "player:finish" events and steers it back with
// "player:pause" and "player:goto" (a step number; past the end finishes the session).
// Every word comes from the page, in its language (clients/page_texts.py, json_script "page-texts").
"use strict";

(() => {
  const WORDS = JSON.parse(document.getElementById("page-texts")?.textContent || "{}").coach;
  if (!WORDS || self.PlayerCoach) return;
  const toggle = document.getElementById("speak-cues");
  // player.js shows the toggle and remembers it on this phone.
  // Counted down aloud ("three, two, one"): holds and rests long enough to need it.
  const COUNTED = new Set(["hold", "rest"]);
  const COUNT_FROM_SECONDS = 5;
  const SAID = { switch: "switch", contract: "contract", release: "release", rest: "rest" };
  // Set through the CSSOM (allowed by the page's CSP): no bytes in app.css for a first visit.
  const GRID = "display: grid; grid-auto-flow: column; gap: 0.5rem";

  // --- Speaking: the browser's own voice, in the page's language, only when turned on --------
  const speaking = () => Boolean(toggle?.checked && self.speechSynthesis);
  function say(text) {
    if (!text || !speaking()) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || "en";
    speechSynthesis.speak(utterance);
  }
  const named = (text, name) => text.replace("{name}", name);

  // --- One state per session card: its steps, as the player runs them ----------------------
  const states = new WeakMap();
  function stateOf(card) {
    if (!states.has(card)) {
      const session = JSON.parse(document.getElementById(card.dataset.playerSource).textContent);
      const cues = session.steps.flatMap((step, index) => step.cues.map((cue) => ({ ...cue, step: index })));
      const state = { session, cues, cue: null, side: "", counted: 0, asking: -1, feelings: {}, row: null };
      states.set(card, state);
      const count = card.querySelector(".player__count");
      if (count) new MutationObserver(() => countDown(state, Number(count.textContent))).observe(count, { childList: true, characterData: true, subtree: true });
    }
    return states.get(card);
  }

  function countDown(state, seconds) {
    const cue = state.cue;
    if (!cue || !COUNTED.has(cue.kind) || cue.seconds < COUNT_FROM_SECONDS) return;
    if (seconds >= 1 && seconds <= 3 && seconds !== state.counted) {
      state.counted = seconds;
      say(WORDS.count[seconds - 1]);
    }
  }

  // A new cue: the stretch's name when it starts, the side when it changes, the cue's word.
  function onCue(card, detail) {
    const state = stateOf(card);
    const cue = state.cues[detail.index];
    if (!cue) return;
    state.cue = cue;
    state.counted = 0;
    if (cue.kind === "ready") {
      if (speaking()) speechSynthesis.cancel(); // a new stretch: nothing left over from the last
      state.side = "";
      say(state.session.steps[cue.step].name);
    }
    if (cue.side && cue.side !== state.side && cue.kind !== "switch") {
      state.side = cue.side;
      say(WORDS[cue.side]);
    }
    say(WORDS[SAID[cue.kind]]);
    // The question is about the stretch on screen, its "Get ready" included: pain while getting
    // into a position is that stretch's, never the one before.
    ask(card, state, cue.step);
  }

  // --- One optional tap per stretch: felt right / too much / hurt ----------------------------
  // The stretch's name is its own line above the question ("Kneeling lunge" / "How does this
  // stretch feel?"): names come from the library in two languages, so no sentence is glued
  // around them. `done`: the session is over, the question looks back.
  function ask(card, state, step, done) {
    if (!state.row) {
      state.row = document.createElement("div");
      state.row.className = "player-feedback";
      state.row.setAttribute("role", "group");
      const question = document.createElement("p");
      question.append(document.createElement("strong"), document.createElement("br"), "");
      const buttons = document.createElement("div");
      for (const [feeling, label] of Object.entries(WORDS.felt)) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.dataset.feeling = feeling;
        button.textContent = label;
        button.addEventListener("click", () => tap(card, state, feeling));
        buttons.append(button);
      }
      buttons.style.cssText = GRID;
      state.row.style.textAlign = "center";
      state.row.append(question, buttons);
      card.querySelector(".player").after(state.row);
    }
    state.asking = step;
    const name = state.session.steps[step].name;
    const question = done ? WORDS.asked : WORDS.ask;
    const [strong, , text] = state.row.querySelector("p").childNodes;
    strong.textContent = name;
    text.textContent = question;
    state.row.setAttribute("aria-label", `${name}: ${question}`);
    state.row.querySelectorAll("button").forEach((button) => {
      const chosen = state.feelings[step] === button.dataset.feeling;
      button.setAttribute("aria-pressed", String(chosen));
      button.classList.toggle("button--primary", chosen);
    });
  }

  // The tap travels with the session log: a hidden field of the log form ("<position>:<feeling>"),
  // so a log kept on the phone offline carries it too.
  function tap(card, state, feeling) {
    const step = state.asking;
    const position = String(state.session.steps[step].position);
    const form = card.querySelector(".log-form");
    let field = [...form.querySelectorAll("input[name=feedback]")].find((input) => input.value.split(":")[0] === position);
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "feedback";
      form.append(field);
    }
    field.value = `${position}:${feeling}`;
    state.feelings[step] = feeling;
    ask(card, state, step, card.dataset.stage !== "playing");
    if (feeling === "hurt") stop(card, state, step);
  }

  // "Hurt": the stop card for that stretch, with what to do now: come out slowly and rest; skip
  // to the next stretch only if the pain eases, else end the session (the log form, where "Did
  // part of it" tells the trainer); the emergency signs, copied from the page's footer. Pause
  // and Next stretch are hidden while it shows: the stretch that hurt does not carry on.
  function stop(card, state, step) {
    card.dispatchEvent(new CustomEvent("player:pause"));
    if (speaking()) speechSynthesis.cancel();
    card.querySelector(".player-stop")?.remove();
    const controls = card.querySelector(".player__controls");
    const box = document.createElement("div");
    box.className = "alert alert--danger stop-card player-stop";
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    const title = document.createElement("h4");
    title.textContent = WORDS.stop;
    const name = document.createElement("p");
    name.append(Object.assign(document.createElement("strong"), { textContent: state.session.steps[step].name }));
    const advice = document.createElement("ul");
    for (const line of WORDS.advice) advice.append(Object.assign(document.createElement("li"), { textContent: line }));
    box.append(title, name, advice);
    const signs = document.querySelector(".shared-footer .emergency-signs");
    if (signs) box.append(signs.cloneNode(true));
    if (card.dataset.stage === "playing") {
      if (controls) controls.hidden = true;
      const choices = document.createElement("div");
      choices.style.cssText = GRID;
      const choice = (label, primary, then) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = primary ? "button button--primary" : "button";
        button.textContent = label;
        button.addEventListener("click", () => {
          choices.remove();
          then();
        });
        choices.append(button);
      };
      // Skip: the next stretch is shown paused, and starts when the client presses Resume (it
      // may carry the same caution as the one that hurt). No next stretch: only the end.
      if (step + 1 < state.session.steps.length) {
        choice(WORDS.skip, false, () => {
          box.remove();
          if (controls) controls.hidden = false;
          card.dispatchEvent(new CustomEvent("player:goto", { detail: step + 1 }));
          card.dispatchEvent(new CustomEvent("player:pause"));
        });
      }
      choice(WORDS.end, true, () => card.dispatchEvent(new CustomEvent("player:goto", { detail: Infinity })));
      box.append(choices);
    }
    state.row.before(box);
    box.focus();
    say(title.textContent);
  }

  document.addEventListener("player:cue", (event) => onCue(event.target, event.detail));
  // At the end, or ended early: the question stays on the last stretch reached, never on one
  // the client did not get to.
  document.addEventListener("player:finish", (event) => {
    const state = stateOf(event.target);
    ask(event.target, state, state.cue ? state.cue.step : state.session.steps.length - 1, true);
  });
  // Loaded after Start: catch up with a session already under way.
  document.querySelectorAll(".session[data-stage=playing]").forEach((card) => {
    if (card.lastCue) onCue(card, card.lastCue);
  });
  self.PlayerCoach = true;
})();
