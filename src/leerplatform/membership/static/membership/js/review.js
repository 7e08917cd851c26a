// The review queue: one checkbox that selects or clears every application on the page, and the
// decision panel that appears once something is selected. Without this script the panel simply
// stays in the flow after the list (never over it); with it, it shows only when there is
// something to decide, and on wide screens stays in view in its own column beside the list.
(function () {
  "use strict";
  // Every page loads this script (the one bundle): it acts only in the review form.
  var form = document.querySelector("form.review-form");
  var all = form && form.querySelector("#select-all");
  if (!all) return;
  var bar = document.getElementById("decision-bar");
  var status = form.querySelector(".review-form__selected");
  var jump = form.querySelector(".review-form__to-decision");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=applications]"));
  var holder = all.closest(".review-form__select-all");
  if (holder) holder.hidden = false;
  form.classList.add("review-form--enhanced");
  // A decision the server refused (errors in the panel) keeps the panel open.
  var hasErrors = bar && bar.querySelector(".errorlist") !== null;
  function sync() {
    var checked = boxes.filter(function (b) { return b.checked; }).length;
    all.checked = checked === boxes.length && checked > 0;
    all.indeterminate = checked > 0 && checked < boxes.length;
    if (bar) bar.hidden = checked === 0 && !hasErrors;
    if (jump) jump.hidden = checked === 0;
    if (status) {
      status.textContent = checked === 0
        ? status.getAttribute("data-none")
        : status.getAttribute("data-some").replace("%(count)s", String(checked));
    }
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
    sync();
  });
  boxes.forEach(function (b) { b.addEventListener("change", sync); });
  sync();
})();
