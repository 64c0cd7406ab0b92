"use strict";
// The printable sheet's Print button (no inline handlers under our CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest(".print-button")) window.print();
});
