/* Counter intake: keyboard pick lists (procedure, commune/ward), field toggles, one submission. */
(function () {
  "use strict";

  function options(list) {
    return list ? Array.prototype.slice.call(list.querySelectorAll('[role="option"]')) : [];
  }

  function activate(input, list, index) {
    var items = options(list);
    items.forEach(function (item, i) {
      var on = i === index;
      item.classList.toggle("dossier-active", on);
      item.setAttribute("aria-selected", on ? "true" : "false");
      if (on) {
        input.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function current(list) {
    var items = options(list);
    for (var i = 0; i < items.length; i++) {
      if (items[i].classList.contains("dossier-active")) { return i; }
    }
    return -1;
  }

  function pick(input, list, item) {
    input.value = item.getAttribute("data-label") || item.textContent.trim();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    var form = input.form;
    if (item.hasAttribute("data-version")) {
      var label = form.querySelector('input[name="procedure_label"]');
      if (label) { label.value = input.value; }
      if (window.htmx) { /* load the component checklist */
        window.htmx.ajax("GET", item.getAttribute("data-components"), { target: "#components" });
      }
    } else if (item.hasAttribute("data-unit")) {
      var unit = form.querySelector('input[name="applicant_unit"]');
      if (unit) { unit.value = item.getAttribute("data-unit"); }
    }
    list.innerHTML = "";
  }

  function bindCombo(input) {
    var list = document.getElementById(input.getAttribute("data-listbox"));
    input.addEventListener("keydown", function (event) {
      var items = options(list);
      var index = current(list);
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        activate(input, list, Math.min(index + 1, items.length - 1));
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        activate(input, list, Math.max(index - 1, 0));
      } else if (event.key === "Enter") {
        event.preventDefault(); /* never submit the whole form from a search box */
        if (items.length) { pick(input, list, items[Math.max(index, 0)]); }
      } else if (event.key === "Tab" && items.length && !event.shiftKey) {
        pick(input, list, items[Math.max(index, 0)]);
      } else if (event.key === "Escape") {
        list.innerHTML = "";
      }
    });
    input.addEventListener("input", function () {
      if (input.name === "unit_label") {
        var unit = input.form.querySelector('input[name="applicant_unit"]');
        if (unit) { unit.value = ""; }
      }
    });
    list.addEventListener("click", function (event) {
      var item = event.target.closest('[role="option"]');
      if (item) { pick(input, list, item); }
    });
    list.addEventListener("htmx:afterSwap", function () {
      input.setAttribute("aria-expanded", options(list).length ? "true" : "false");
    });
  }

  function toggle(form, radioName, attr) {
    var checked = form.querySelector('input[name="' + radioName + '"]:checked');
    var value = checked ? checked.value : "";
    form.querySelectorAll("[" + attr + "]").forEach(function (el) {
      el.hidden = el.getAttribute(attr) !== value;
    });
  }

  function init(root) {
    var form = (root || document).querySelector("#intake-form");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.querySelectorAll("[data-listbox]").forEach(bindCombo);
    var refresh = function () {
      toggle(form, "applicant_kind", "data-kind");
      toggle(form, "delivery", "data-delivery");
    };
    form.addEventListener("change", refresh);
    refresh();
    /* Without htmx: a second click while the first submission is on its way does nothing. */
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      if (!window.htmx) { form.dataset.sent = "1"; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
