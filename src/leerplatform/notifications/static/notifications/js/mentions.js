/* @mentions: typing @ in a text field inside [data-mentions-url] offers the edition's people.
   The server answers the options of a listbox (notifications/_mention_options.html); the arrow
   keys move through them, Enter or Tab inserts the token @**Name**, Escape closes. A live region
   says how many suggestions there are. Without this script the token can be typed by hand. */
(function () {
  "use strict";
  if (window.leerplatformMentions) return;
  window.leerplatformMentions = true;

  var TRIGGER = /(^|\s)@([^@*\n]{0,50})$/;
  var counter = 0;
  var timer = null;
  var pending = null;

  function containerOf(el) {
    return el && el.tagName === "TEXTAREA" ? el.closest("[data-mentions-url]") : null;
  }

  function parts(field) {
    var box = field.closest("[data-mentions-url]");
    if (!box._mentions) {
      counter += 1;
      var list = document.createElement("ul");
      list.id = "mention-listbox-" + counter;
      list.className = "mention-options";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", field.labels && field.labels[0] ? field.labels[0].textContent.trim() : "@");
      list.hidden = true;
      var live = document.createElement("p");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", live);
      field.insertAdjacentElement("afterend", list);
      field.setAttribute("aria-autocomplete", "list");
      field.setAttribute("aria-controls", list.id);
      box._mentions = { list: list, live: live, active: -1, start: -1 };
    }
    return box._mentions;
  }

  function options(m) {
    return Array.prototype.slice.call(m.list.querySelectorAll("[role=option]"));
  }

  function close(field) {
    var m = parts(field);
    m.list.hidden = true;
    m.list.innerHTML = "";
    m.active = -1;
    m.start = -1;
    field.removeAttribute("aria-activedescendant");
  }

  function highlight(field, index) {
    var m = parts(field);
    var all = options(m);
    if (!all.length) return;
    m.active = (index + all.length) % all.length;
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === m.active ? "true" : "false");
    });
    field.setAttribute("aria-activedescendant", all[m.active].id);
    all[m.active].scrollIntoView({ block: "nearest" });
  }

  function pick(field, option) {
    var m = parts(field);
    if (m.start < 0) return;
    var token = option.getAttribute("data-token") + " ";
    var caret = field.selectionStart;
    field.value = field.value.slice(0, m.start) + token + field.value.slice(caret);
    var at = m.start + token.length;
    field.setSelectionRange(at, at);
    close(field);
    field.focus();
  }

  function lookup(field) {
    var box = field.closest("[data-mentions-url]");
    var before = field.value.slice(0, field.selectionStart);
    var match = TRIGGER.exec(before);
    if (!match) {
      close(field);
      return;
    }
    var m = parts(field);
    m.start = before.length - match[2].length - 1;
    var url = box.getAttribute("data-mentions-url") + "?q=" + encodeURIComponent(match[2]);
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" }, signal: pending.signal })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        m.list.innerHTML = html;
        var count = options(m).length;
        m.list.hidden = !html.trim();
        m.active = -1;
        field.removeAttribute("aria-activedescendant");
        m.live.textContent = count
          ? box.getAttribute("data-mentions-status").replace("{count}", count)
          : box.getAttribute("data-mentions-none");
      })
      .catch(function () {});
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!containerOf(field)) return;
    clearTimeout(timer);
    timer = setTimeout(function () { lookup(field); }, 150);
  });

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!containerOf(field)) return;
    var m = parts(field);
    if (m.list.hidden) return;
    var all = options(m);
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      highlight(field, m.active + 1);
    } else if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      highlight(field, m.active - 1);
    } else if ((event.key === "Enter" || event.key === "Tab") && m.active >= 0) {
      event.preventDefault();
      pick(field, all[m.active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(field);
    }
  });

  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".mention-options [role=option]");
    if (!option) return;
    event.preventDefault();
    var field = option.closest("[data-mentions-url]").querySelector("textarea");
    pick(field, option);
  });

  document.addEventListener("focusout", function (event) {
    if (containerOf(event.target)) close(event.target);
  });
})();
