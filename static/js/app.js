// Psoas Coach: the little page behaviour the server cannot do. No inline script anywhere (CSP).
"use strict";

// Buttons with data-confirm ask before their form is sent.
document.addEventListener("submit", (event) => {
  const submitter = event.submitter;
  const message = submitter?.dataset.confirm || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Buttons with data-copy copy the value of the element they name to the clipboard.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.value || source.textContent.trim());
    button.dataset.copied = "true";
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = label; delete button.dataset.copied; }, 2000);
  } catch {
    source.select?.();
  }
});

// Buttons with data-print print the page (recovery codes).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A code form refused with "wait N seconds" (too many wrong codes) counts down on its button and
// then sends the code it still holds once more: the server had not checked it yet.
const AUTO_RETRY_MAX_SECONDS = 10;
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-retry-after]")) {
    const button = form.querySelector("button[type=submit]");
    const label = button.textContent;
    let left = Number(form.dataset.retryAfter);
    const retry = left <= AUTO_RETRY_MAX_SECONDS;
    button.disabled = true;
    const tick = () => {
      if (left > 0) {
        button.textContent = `${label} (${left} s)`;
        left -= 1;
        setTimeout(tick, 1000);
        return;
      }
      button.disabled = false;
      button.textContent = label;
      const input = form.querySelector("input:not([type=hidden])");
      if (retry && input?.value.trim()) form.requestSubmit(button);
    };
    tick();
  }
});

// A long form refused by the server (422, swapped in by htmx) has an error summary marked
// data-error-summary: bring it into view and give it focus, or a phone user is left at the
// button with the messages screens above. The page's one-time messages ("Rosa added") were for
// the visit before: they go.
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.xhr?.status !== 422) return;
  const summary = event.detail.elt.querySelector?.("[data-error-summary]")
    || (event.detail.elt.matches?.("[data-error-summary]") ? event.detail.elt : null);
  if (!summary) return;
  document.querySelector(".messages")?.remove();
  summary.scrollIntoView({ block: "start" });
  summary.focus({ preventScroll: true });
});

// A swap that took the focused element away (a queue item handled or swapped, a row drawn
// again) would leave keyboard and screen-reader users at the top of the page: focus moves to
// what replaced it, its first link or button, or the new content itself.
document.addEventListener("htmx:afterSettle", (event) => {
  if (document.activeElement && document.activeElement !== document.body) return;
  const old = event.detail.target;
  const landed = old?.isConnected ? old : (old?.id && document.getElementById(old.id));
  if (!landed) return;
  const first = landed.querySelector?.("[autofocus], a[href], button:not([disabled])");
  const target = first || landed;
  if (!first && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
});
