/* The Markdown toolbar and preview of core.widgets.MarkdownTextarea (core/widgets/markdown.html).
   The toolbar is rendered hidden: this script shows it, lets its buttons (and Ctrl/Cmd+B, Ctrl/Cmd+I
   in the text field) put Markdown around the selection, and asks the server for the preview: the
   preview button carries hx-post and fires on the "markdown-preview" event sent from here, so the
   text is rendered by the same sanitiser as the page. Without this script the textarea is a plain
   textarea and the help line under it says how to write Markdown by hand. The @mention script
   (notifications/js/mentions.js) works in the same textarea: it listens to other keys. */
(function () {
  "use strict";
  if (window.leerplatformMarkdownEditor) return;
  window.leerplatformMarkdownEditor = true;

  var PREVIEW_DELAY = 800;

  function editorOf(el) {
    return el && el.closest ? el.closest("[data-markdown-editor]") : null;
  }

  function fieldOf(editor) {
    return editor.querySelector("textarea");
  }

  function setUp(root) {
    var editors = (root.matches && root.matches("[data-markdown-editor]") ? [root] : [])
      .concat(Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll("[data-markdown-editor]") : []));
    editors.forEach(function (editor) {
      if (editor.hasAttribute("data-markdown-ready")) return;
      editor.setAttribute("data-markdown-ready", "");
      var bar = editor.querySelector("[data-markdown-toolbar]");
      if (bar) bar.hidden = false;
    });
  }

  /* Replace the selection with `text`, keeping the browser's undo history where it can. */
  function replaceSelection(field, text, selectFrom, selectTo) {
    var start = field.selectionStart;
    field.focus();
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (e) {
      done = false;
    }
    if (!done || field.value.slice(start, start + text.length) !== text) {
      field.setRangeText(text, start, field.selectionEnd, "end");
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    field.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function wrap(field, mark, placeholder) {
    var start = field.selectionStart;
    var end = field.selectionEnd;
    var value = field.value;
    var selected = value.slice(start, end);
    // Already wrapped: take the marks away again.
    if (selected && value.slice(start - mark.length, start) === mark && value.slice(end, end + mark.length) === mark) {
      field.setSelectionRange(start - mark.length, end + mark.length);
      replaceSelection(field, selected, 0, selected.length);
      return;
    }
    // Keep spaces the selection took along (double-clicking a word) outside the marks.
    var lead = selected.match(/^\s*/)[0];
    var trail = selected.slice(lead.length).match(/\s*$/)[0];
    var core = selected.slice(lead.length, selected.length - trail.length) || placeholder;
    var text = lead + mark + core + mark + trail;
    var from = lead.length + mark.length;
    replaceSelection(field, text, from, from + core.length);
  }

  function lineStart(value, index) {
    return value.lastIndexOf("\n", index - 1) + 1;
  }

  function prefixLines(field, prefixFor, placeholder) {
    var value = field.value;
    var start = lineStart(value, field.selectionStart);
    var end = field.selectionEnd;
    if (end > start && value.charAt(end - 1) === "\n") end -= 1;
    var lineEnd = value.indexOf("\n", end);
    if (lineEnd < 0) lineEnd = value.length;
    var lines = value.slice(start, lineEnd).split("\n");
    var text = lines
      .map(function (line, i) {
        return prefixFor(i) + (line || (lines.length === 1 ? placeholder : ""));
      })
      .join("\n");
    // A list or heading needs an empty line before it to start a new block.
    var before = start > 0 && value.slice(0, start).slice(-2) !== "\n\n" ? "\n" : "";
    if (start === 0) before = "";
    field.setSelectionRange(start, lineEnd);
    if (lines.length === 1) {
      var first = before.length + prefixFor(0).length;
      replaceSelection(field, before + text, first, before.length + text.length);
    } else {
      replaceSelection(field, before + text, before.length, before.length + text.length);
    }
  }

  function link(field, editor) {
    var start = field.selectionStart;
    var end = field.selectionEnd;
    var selected = field.value.slice(start, end).trim();
    var label = editor.getAttribute("data-link-text") || "link";
    if (/^https?:\/\/\S+$/.test(selected)) {
      var text = "[" + label + "](" + selected + ")";
      replaceSelection(field, text, 1, 1 + label.length);
    } else {
      var words = selected || label;
      var linkText = "[" + words + "](https://)";
      var urlStart = words.length + 3;
      replaceSelection(field, linkText, urlStart, urlStart + "https://".length);
    }
  }

  var ACTIONS = {
    bold: function (field) { wrap(field, "**", field.closest("[data-markdown-editor]").getAttribute("data-bold-text") || "vet"); },
    italic: function (field) { wrap(field, "*", field.closest("[data-markdown-editor]").getAttribute("data-italic-text") || "cursief"); },
    heading: function (field) { prefixLines(field, function () { return "## "; }, ""); },
    bullets: function (field) { prefixLines(field, function () { return "- "; }, ""); },
    numbers: function (field) { prefixLines(field, function (i) { return i + 1 + ". "; }, ""); },
    link: function (field, editor) { link(field, editor); },
  };

  function act(editor, name) {
    var field = fieldOf(editor);
    if (!field || !ACTIONS[name]) return;
    ACTIONS[name](field, editor);
    schedulePreview(editor);
  }

  function previewParts(editor) {
    return {
      button: editor.querySelector("[data-markdown-preview]"),
      box: editor.querySelector("[data-markdown-preview-box]"),
    };
  }

  function askPreview(editor) {
    var p = previewParts(editor);
    if (!p.button) return;
    p.button.dispatchEvent(new CustomEvent("markdown-preview", { bubbles: false }));
  }

  function togglePreview(editor) {
    var p = previewParts(editor);
    var open = p.button.getAttribute("aria-expanded") === "true";
    p.button.setAttribute("aria-expanded", open ? "false" : "true");
    p.box.hidden = open;
    editor.classList.toggle("markdown-editor--previewing", !open);
    if (!open) askPreview(editor);
  }

  function schedulePreview(editor) {
    var p = previewParts(editor);
    if (!p.button || p.button.getAttribute("aria-expanded") !== "true") return;
    clearTimeout(editor._markdownTimer);
    editor._markdownTimer = setTimeout(function () { askPreview(editor); }, PREVIEW_DELAY);
  }

  document.addEventListener("click", function (event) {
    var tool = event.target.closest && event.target.closest("[data-markdown-action], [data-markdown-preview]");
    var editor = editorOf(tool);
    if (!editor) return;
    event.preventDefault();
    if (tool.hasAttribute("data-markdown-preview")) {
      togglePreview(editor);
    } else {
      act(editor, tool.getAttribute("data-markdown-action"));
    }
  });

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!field || field.tagName !== "TEXTAREA") return;
    var editor = editorOf(field);
    if (!editor || !editor.hasAttribute("data-markdown-ready")) return;
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    var key = event.key.toLowerCase();
    if (key === "b" || key === "i") {
      event.preventDefault();
      act(editor, key === "b" ? "bold" : "italic");
    }
  });

  document.addEventListener("input", function (event) {
    var editor = event.target && event.target.tagName === "TEXTAREA" ? editorOf(event.target) : null;
    if (editor) schedulePreview(editor);
  });

  // A text that is too long or too many previews at once: show the server's message anyway.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr && event.detail.xhr.status;
    if ((status === 413 || status === 429) && editorOf(event.detail.target)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function start() { setUp(document); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
