// Keyboard shortcuts for the inbox. Optional: every action is also a plain button or form.
(function () {
  "use strict";
  function items() { return Array.from(document.querySelectorAll(".inbox-item")); }
  function current() {
    var focused = document.activeElement && document.activeElement.closest(".inbox-item");
    return focused || document.querySelector(".inbox-item.selected-item");
  }
  function select(item) {
    items().forEach(function (other) { other.classList.toggle("selected-item", other === item); });
    if (item) { item.focus(); item.scrollIntoView({block: "nearest"}); }
  }
  function move(step) {
    var list = items();
    if (!list.length) return;
    var at = list.indexOf(current());
    select(list[at < 0 ? 0 : Math.min(Math.max(at + step, 0), list.length - 1)]);
  }
  function within(selector) {
    var item = current();
    return item && item.querySelector(selector);
  }
  function submit(selector) {
    var form = within(selector);
    if (form) form.requestSubmit();
  }
  // When htmx removes a handled item, carry on with the next one (or the previous, at the end).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var gone = event.target;
    if (!gone.classList || !gone.classList.contains("inbox-item")) return;
    var list = items(), at = list.indexOf(gone);
    var next = list[at + 1] || list[at - 1];
    if (next) setTimeout(function () { select(next); }, 0);
  });
  var actions = {
    j: function () { move(1); },
    k: function () { move(-1); },
    l: function () { submit("form.best-match"); },
    a: function () { submit("form.archive"); },
    n: function () { var title = within(".new-idea input[name=title]"); if (title) { title.focus(); title.select(); } },
    x: function () { var box = within("input[type=checkbox][name=item]"); if (box) box.click(); },
    "?": function () { var help = document.getElementById("shortcuts"); if (help) help.open = !help.open; },
  };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.matches("input:not([type=checkbox]), select, textarea, [contenteditable]")) {
      if (event.key === "Escape") { var item = event.target.closest(".inbox-item"); if (item) item.focus(); }
      return;
    }
    var action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });
  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest(".inbox-item");
    if (item) items().forEach(function (other) { other.classList.toggle("selected-item", other === item); });
  });
})();
