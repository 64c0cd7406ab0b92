// The routine builder: keeps every edit on the page's latest version, and drag-and-drop reordering.
"use strict";

// Each change answers with the routine's new version (#routine-version, swapped out of band).
// Requests from this tab send that latest version, so only another tab's edits count as stale.
document.addEventListener("htmx:configRequest", (event) => {
  const version = document.getElementById("routine-version");
  const parameters = event.detail.parameters;
  if (version && parameters.has("version")) {
    parameters.set("version", version.value);
  }
});

// Drag and drop starts only from a row's handle, so text in the dose fields stays selectable.
let draggedRow = null;

document.addEventListener("dragstart", (event) => {
  const handle = event.target.closest?.(".step-row__handle");
  if (!handle) return;
  draggedRow = handle.closest(".step-row");
  draggedRow.classList.add("step-row--dragging");
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", draggedRow.dataset.stepId);
  event.dataTransfer.setDragImage(draggedRow, 16, 16);
});

document.addEventListener("dragover", (event) => {
  if (!draggedRow) return;
  const list = draggedRow.parentElement;
  if (!list.contains(event.target)) return;
  event.preventDefault();
  const over = event.target.closest(".step-row");
  if (!over || over === draggedRow) return;
  const box = over.getBoundingClientRect();
  const below = event.clientY > box.top + box.height / 2;
  list.insertBefore(draggedRow, below ? over.nextElementSibling : over);
});

document.addEventListener("drop", (event) => {
  if (draggedRow) event.preventDefault();
});

document.addEventListener("dragend", () => {
  if (!draggedRow) return;
  const row = draggedRow;
  draggedRow = null;
  row.classList.remove("step-row--dragging");
  const list = row.parentElement;
  const order = Array.from(list.querySelectorAll(":scope > .step-row"), (r) => r.dataset.stepId);
  if (order.join(",") === list.dataset.order) return;
  window.htmx.ajax("POST", list.dataset.reorderUrl, {
    source: list,
    target: "#step-list",
    swap: "outerHTML",
    values: { order: order.join(","), version: document.getElementById("routine-version").value },
  });
});

// One line per step; Edit opens the step's dose form below it (a disclosure button).
document.addEventListener("click", (event) => {
  const toggle = event.target.closest?.("[data-step-toggle]");
  if (!toggle) return;
  const panel = document.getElementById(toggle.getAttribute("aria-controls"));
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  if (panel) panel.hidden = !open;
});

// Adding, moving or removing redraws the list: the steps being edited stay open.
let openSteps = [];

document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.target?.id !== "step-list") return;
  openSteps = Array.from(
    document.querySelectorAll('#step-list [data-step-toggle][aria-expanded="true"]'),
    (toggle) => toggle.getAttribute("aria-controls"),
  );
});

document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target?.id !== "step-list" && event.detail.elt?.id !== "step-list") return;
  for (const id of openSteps) {
    const panel = document.getElementById(id);
    const toggle = document.querySelector(`[data-step-toggle][aria-controls="${id}"]`);
    if (panel && toggle) {
      panel.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
    }
  }
  openSteps = [];
});
