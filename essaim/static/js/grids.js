/* Essaim — rating grids: Enter on a level saves the form (a select alone would not submit it). */
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (event.key !== "Enter" || !target || target.tagName !== "SELECT") return;
  var form = target.closest("form[data-rating-form]");
  if (!form) return;
  event.preventDefault();
  if (form.requestSubmit) form.requestSubmit(); else form.submit();
});

/* htmx leaves a 400 answer unswapped by default; a rating form answers 400 with the cells in
   error, which must be shown in place of the form. */
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  if (event.detail.xhr.status === 400 && target && target.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
