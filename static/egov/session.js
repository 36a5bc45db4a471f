/* egov: htmx requests and an expired session. Django answers such a request with a redirect to the
   login page, which the browser follows; htmx would then paste the whole login page into the
   target (the autosave line, a search result list…). Instead nothing is replaced, and the target
   (when it is a status line) or an alert at the top of the page says so, with a link that opens the login
   page in a new tab: after logging in there, the next change on this page is saved again.
   A 409 answer (the server refused the change and says why) is shown as text in a status line. */
document.addEventListener("htmx:beforeSwap", function (event) {
  var detail = event.detail;
  var xhr = detail.xhr;
  var body = document.body;
  if (!xhr) return;
  var statusLine = detail.target && detail.target.getAttribute("role") === "status" ? detail.target : null;
  if (xhr.status === 409 && statusLine) {
    detail.shouldSwap = false;
    statusLine.textContent = xhr.responseText;
    return;
  }
  var loginPath = body.getAttribute("data-egov-login-url");
  if (!loginPath || !xhr.responseURL) return;
  var landed;
  try { landed = new URL(xhr.responseURL, window.location.href); } catch (e) { return; }
  if (landed.pathname !== loginPath) return;
  detail.shouldSwap = false;
  var notice = statusLine || document.getElementById("egov-session-notice");
  if (!notice) {
    var main = document.getElementById("main");
    if (!main) return;
    notice = document.createElement("div");
    notice.id = "egov-session-notice";
    notice.setAttribute("role", "alert");
    main.insertBefore(notice, main.firstChild);
  }
  notice.textContent = body.getAttribute("data-egov-session-expired") + " ";
  var link = document.createElement("a");
  link.href = loginPath + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
  link.target = "_blank";
  link.rel = "noopener";
  link.textContent = body.getAttribute("data-egov-login-again");
  notice.appendChild(link);
  if (!statusLine) notice.className = "alert alert-warning";
});
