/* egov: a button marked data-egov-once is disabled after its form is submitted, so a double click
   sends one request. The server is idempotent anyway; this only spares the second round trip. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  var button = form.querySelector("[data-egov-once]");
  if (!button) return;
  if (form.dataset.egovSent === "1") { event.preventDefault(); return; }
  form.dataset.egovSent = "1";
  window.setTimeout(function () { button.setAttribute("disabled", "disabled"); button.setAttribute("aria-busy", "true"); }, 0);
});
