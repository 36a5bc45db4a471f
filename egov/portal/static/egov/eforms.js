/* egov e-forms: live show/hide of conditional fields and sections (progressive enhancement).
 * The server already renders hidden parts with `hidden` and disabled controls, so the form works
 * without this file. Rules mirror egov/portal/eforms/conditions.py: values in the JSON domain,
 * a hidden or invalid field counts as empty, a checkbox is filled only when ticked, and on a
 * multichoice field "equals" means "this option is ticked". No inline script (CSP). */
(function () {
  "use strict";

  function isHidden(el) {
    for (var node = el; node && node.hasAttribute; node = node.parentNode) {
      if (node.hasAttribute("data-eform")) return false;
      if (node.hidden) return true;
    }
    return false;
  }

  function valueOf(root, name) {
    var wrap = root.querySelector('[data-eform-field="' + name + '"]');
    if (!wrap || isHidden(wrap)) return null;
    var type = wrap.getAttribute("data-eform-type");
    var inputs = wrap.querySelectorAll('[name="f_' + name + '"]');
    var i;
    if (!inputs.length) return null;
    if (type === "boolean") return inputs[0].checked;
    if (type === "multichoice") {
      var ticked = [];
      for (i = 0; i < inputs.length; i++) if (inputs[i].checked) ticked.push(inputs[i].value);
      return ticked;
    }
    if (inputs[0].type === "radio") {
      for (i = 0; i < inputs.length; i++) if (inputs[i].checked) return inputs[i].value;
      return null;
    }
    var text = (inputs[0].value || "").trim();
    if (text.normalize) text = text.normalize("NFC");
    if (text === "") return null;
    if (type === "integer") {
      var compact = /^[+-]?\d{1,3}([.\s]\d{3})+$/.test(text) ? text.replace(/[.\s]/g, "") : text;
      return /^[+-]?\d+$/.test(compact) ? parseInt(compact, 10) : null;
    }
    return text;
  }

  function filled(v) {
    return !(v === null || v === "" || v === false || (Array.isArray(v) && v.length === 0));
  }

  function matches(v, operand) {
    if (Array.isArray(v)) return v.indexOf(operand) !== -1;
    if (v === null) return false;
    return v === operand;
  }

  function evaluate(root, cond) {
    if (!cond || typeof cond !== "object") return true;
    var i;
    if (cond.all) { for (i = 0; i < cond.all.length; i++) if (!evaluate(root, cond.all[i])) return false; return true; }
    if (cond.any) { for (i = 0; i < cond.any.length; i++) if (evaluate(root, cond.any[i])) return true; return false; }
    if ("not" in cond) return !evaluate(root, cond.not);
    var v = valueOf(root, cond.field);
    if ("equals" in cond) return matches(v, cond.equals);
    if ("not_equals" in cond) return !matches(v, cond.not_equals);
    if ("in" in cond) { for (i = 0; i < cond["in"].length; i++) if (matches(v, cond["in"][i])) return true; return false; }
    if ("not_in" in cond) { for (i = 0; i < cond.not_in.length; i++) if (matches(v, cond.not_in[i])) return false; return true; }
    if ("filled" in cond) return filled(v) === Boolean(cond.filled);
    return false;
  }

  function setShown(el, shown) {
    el.hidden = !shown;
    if (el.tagName === "FIELDSET") {
      el.disabled = !shown;
      return;
    }
    var controls = el.querySelectorAll("input, select, textarea");
    for (var i = 0; i < controls.length; i++) controls[i].disabled = !shown;
  }

  function apply(root) {
    // Document order is declaration order, and conditions only look backwards.
    var parts = root.querySelectorAll("[data-eform-visible-if]");
    for (var i = 0; i < parts.length; i++) {
      var cond;
      try { cond = JSON.parse(parts[i].getAttribute("data-eform-visible-if")); } catch (e) { continue; }
      setShown(parts[i], evaluate(root, cond));
    }
  }

  function init(scope) {
    var roots = (scope || document).querySelectorAll("[data-eform]");
    for (var i = 0; i < roots.length; i++) {
      var root = roots[i];
      if (root.getAttribute("data-eform-ready")) continue;
      root.setAttribute("data-eform-ready", "1");
      var handler = apply.bind(null, root);
      root.addEventListener("input", handler);
      root.addEventListener("change", handler);
      apply(root);
      var summary = root.querySelector("#eform-error-summary");
      if (summary && !root.hasAttribute("data-eform-no-focus")) summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
