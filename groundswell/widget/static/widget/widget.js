/* Groundswell feedback widget. Add to any page:
     <script src="https://GROUNDSWELL/widget.js" data-key="PUBLIC_KEY" async></script>
   Identify your signed-in user with a token your server signs (HS256 JWT, the
   workspace's widget secret): data-token="JWT" on the tag, or
     window.Groundswell("identify", jwt)
   (calls made before the script loads are queued if you first define
     window.Groundswell = window.Groundswell || function () { (Groundswell.q = Groundswell.q || []).push(arguments); };).
   The panel is an iframe served by Groundswell: your styles and cookies stay out of it,
   and the token reaches it by postMessage, never in a URL. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || (window.Groundswell && window.Groundswell.loaded)) return;
  var key = script.getAttribute("data-key") || "";
  var origin = new URL(script.src, window.location.href).origin;
  var token = script.getAttribute("data-token") || null;
  var queued = (window.Groundswell && window.Groundswell.q) || [];
  var button, frame, sent;

  function panelUrl() {
    return origin + "/widget/" + encodeURIComponent(key) + "/" + (token ? "?identify=1" : "");
  }

  function sendToken() {
    if (frame && token && sent !== token) {
      sent = token;
      frame.contentWindow.postMessage({ groundswell: "identify", token: token }, origin);
    }
  }

  function open() {
    if (frame) return;
    sent = null;
    frame = document.createElement("iframe");
    frame.src = panelUrl();
    frame.title = "Feedback";
    frame.id = "groundswell-panel";
    frame.setAttribute("sandbox", "allow-scripts allow-forms allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    frame.style.cssText =
      "position:fixed;right:20px;bottom:76px;width:380px;max-width:calc(100vw - 40px);" +
      "height:600px;max-height:calc(100vh - 100px);border:0;border-radius:12px;" +
      "box-shadow:0 8px 40px rgba(15,23,42,.25);background:#fff;z-index:2147483000;";
    document.body.appendChild(frame);
    button.setAttribute("aria-expanded", "true");
  }

  function close() {
    if (!frame) return;
    frame.remove();
    frame = null;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  window.addEventListener("message", function (event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    var data = event.data || {};
    if (data.groundswell === "ready" && !data.identified) sendToken();
    if (data.groundswell === "close") close();
  });

  function command(name, value) {
    if (name === "identify") {
      token = typeof value === "string" && value ? value : null;
      sendToken();
    } else if (name === "open") {
      open();
    } else if (name === "close") {
      close();
    }
  }

  function start() {
    button = document.createElement("button");
    button.type = "button";
    button.textContent = "Feedback";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "groundswell-panel");
    button.style.cssText =
      "all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;cursor:pointer;" +
      "font:600 15px/1 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#fff;" +
      "background:#4f46e5;padding:12px 18px;border-radius:999px;box-shadow:0 4px 16px rgba(15,23,42,.25);";
    button.addEventListener("click", function () { if (frame) close(); else open(); });
    document.body.appendChild(button);
    window.Groundswell = command;
    window.Groundswell.loaded = true;
    queued.forEach(function (args) { command(args[0], args[1]); });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
