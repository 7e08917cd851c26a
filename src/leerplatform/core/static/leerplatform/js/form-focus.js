// After a form is sent, the focus goes to what came of it, so a screen reader reads it first and
// a keyboard user goes on from there:
// - a form that came back with errors: its error summary (core/_error_summary.html); a link in
//   the summary takes the focus to its field (the first input of a group of choices);
// - on a page that asks for it (`data-focus-outcome`, e.g. the review queue after a decision):
//   the message that says what happened (the `.messages` status region of base.html).
(function () {
  "use strict";
  var FIELDS = "input:not([type=hidden]), select, textarea, button";

  function focusSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    return summary !== null;
  }

  function focusOutcome() {
    var messages = document.querySelector(".messages");
    if (!messages || !document.querySelector("[data-focus-outcome]")) return;
    messages.setAttribute("tabindex", "-1");
    messages.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    var field = target.matches(FIELDS) ? target : target.querySelector(FIELDS);
    if (!field) return;
    event.preventDefault();
    // The label (or the group's legend) in view above the field, then the field focused.
    var place = field.closest(".field, fieldset") || field;
    place.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  if (!focusSummary(document)) focusOutcome();
  document.body.addEventListener("htmx:afterSettle", function (event) {
    focusSummary(event.target);
  });
})();
