/* Upload progress for forms marked data-upload-progress and posted by htmx (hx-post with
   hx-encoding="multipart/form-data"). Without JavaScript the form is an ordinary POST. */
(function () {
  "use strict";

  function parts(form) {
    return {
      box: form.querySelector("[data-upload-progress-box]"),
      bar: form.querySelector("[data-upload-progress-bar]"),
      label: form.querySelector("[data-upload-progress-label]"),
    };
  }

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
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest("form[data-upload-progress]");
    if (!form || !event.detail.lengthComputable) return;
    var p = parts(form);
    if (!p.bar) return;
    var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    if (percent >= 100) {
      // The file is up; the server now checks it and sends the invitations.
      p.bar.removeAttribute("value");
      p.label.textContent = p.label.dataset.processing;
    } else {
      p.bar.value = percent;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest("form[data-upload-progress]");
    if (!form || !form.isConnected) return;
    var p = parts(form);
    if (p.box) p.box.hidden = true;
  });

  // After the answer comes in, move the focus to the results, or to the field with the error.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target.querySelector) return;
    var target = event.target.querySelector("[data-focus-after-swap]") ||
      event.target.querySelector("form[data-upload-progress] [aria-invalid='true']");
    if (target) target.focus();
  });
})();
