/* Upload progress for forms marked data-upload-progress and posted by htmx (hx-post with
   hx-encoding="multipart/form-data"). Without JavaScript the form is an ordinary POST.

   Focus and announcements (WCAG 2.4.3, 4.1.3): the pressed submit button is disabled while the
   file goes up, so the focus moves to the labelled progress bar instead of dropping to the page.
   How far it is goes to one status line that stays on the page across swaps
   ([data-upload-progress-status], outside the swapped area; made here when a page has none): at
   25, 50 and 75 % and when the file is up and being checked, not at every percent. */
(function () {
  "use strict";

  var STEPS = [25, 50, 75];

  function parts(form) {
    return {
      box: form.querySelector("[data-upload-progress-box]"),
      bar: form.querySelector("[data-upload-progress-bar]"),
      label: form.querySelector("[data-upload-progress-label]"),
    };
  }

  function statusLine() {
    var line = document.querySelector("[data-upload-progress-status]");
    if (!line) {
      line = document.createElement("p");
      line.className = "visually-hidden";
      line.setAttribute("role", "status");
      line.setAttribute("data-upload-progress-status", "");
      (document.querySelector("main") || document.body).appendChild(line);
    }
    return line;
  }

  function say(text) {
    var line = statusLine();
    if (text && line.textContent !== text) line.textContent = text;
  }

  // The status line is there before anything is said in it, so that it is heard.
  if (document.querySelector("form[data-upload-progress]")) statusLine();

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest("form[data-upload-progress]");
    if (!form) return;
    var p = parts(form);
    if (!p.box) return;
    p.label.dataset.uploading = p.label.dataset.uploading || p.label.textContent;
    p.label.textContent = p.label.dataset.uploading;
    p.bar.value = 0;
    p.bar.setAttribute("value", "0");
    p.box.hidden = false;
    form.dataset.uploadAnnounced = "0";
    statusLine().textContent = "";
    // htmx disables the submit button next (hx-disabled-elt): take the focus along first.
    if (form.contains(document.activeElement)) {
      p.bar.tabIndex = -1;
      p.bar.focus();
    }
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest("form[data-upload-progress]");
    if (!form || !event.detail.lengthComputable) return;
    var p = parts(form);
    if (!p.bar) return;
    var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    if (percent >= 100) {
      // The file is up; the server now checks it (and, for an import, sends the invitations).
      p.bar.removeAttribute("value");
      p.label.textContent = p.label.dataset.processing;
      say(p.label.dataset.processing);
      return;
    }
    p.bar.value = percent;
    var reached = 0;
    STEPS.forEach(function (step) {
      if (percent >= step) reached = step;
    });
    var template = statusLine().dataset.percent;
    if (reached > Number(form.dataset.uploadAnnounced || 0) && template) {
      form.dataset.uploadAnnounced = String(reached);
      say(template.replace("{percent}", String(reached)));
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest("form[data-upload-progress]");
    if (!form || !form.isConnected) return;
    var p = parts(form);
    // Still here: the answer was not swapped in (a network or server error). The focus goes
    // back to the button (enabled again by now) rather than staying on a hidden bar.
    if (p.bar && document.activeElement === p.bar) {
      var button = form.querySelector("button[type=submit]");
      if (button) button.focus();
    }
    if (p.box) p.box.hidden = true;
  });

  // After the answer comes in, move the focus to the results, to the error summary, or to the
  // field with the error.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target.querySelector) return;
    var target = event.target.querySelector("[data-focus-after-swap]") ||
      event.target.querySelector("form[data-upload-progress] [data-error-summary]") ||
      event.target.querySelector("form[data-upload-progress] [aria-invalid='true']");
    if (target) target.focus();
  });
})();
