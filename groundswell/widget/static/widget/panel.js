/* The feedback panel inside its iframe: takes the identify token the host page hands
   over with postMessage (only from the parent window, only from allowed origins),
   tells the host when it is ready and when to close. */
(function () {
  "use strict";
  var body = document.body;
  var allowed = JSON.parse(document.getElementById("gs-allowed-origins").textContent);
  var framed = window.parent !== window;

  function fromHost(event) {
    return event.source === window.parent && (allowed.length === 0 || allowed.indexOf(event.origin) !== -1);
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!fromHost(event) || !data || data.groundswell !== "identify") return;
    if (typeof data.token !== "string" || data.token.length > 8192) return;
    // Looked up now: htmx swaps the body's content as the visitor moves around.
    var form = document.getElementById("gs-identify");
    form.elements.token.value = data.token;
    form.submit(); // a plain navigation: the answer is the signed-in panel
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-gs-close]") && framed) {
      window.parent.postMessage({ groundswell: "close" }, "*");
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && framed) window.parent.postMessage({ groundswell: "close" }, "*");
  });

  // Where the visitor was, for the team (the referrer is the host page).
  document.body.addEventListener("htmx:load", fillPageUrl);
  function fillPageUrl() {
    var field = document.querySelector("input[name=page_url]");
    if (field && !field.value && /^https?:/.test(document.referrer)) field.value = document.referrer;
  }
  fillPageUrl();

  if (framed) {
    // Nothing secret in here, so any parent may hear it; the token only comes back from an allowed one.
    window.parent.postMessage({ groundswell: "ready", identified: body.dataset.identified === "true" }, "*");
  }
  if (body.dataset.connecting === "true") {
    // No token arrived (a host page not allowed, say): show the panel to browse.
    setTimeout(function () { window.location.replace(body.dataset.panelUrl); }, 8000);
  }
})();
