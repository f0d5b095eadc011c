/* The header's menu button on small screens (base.html): opens and closes the main menu and
   the language switcher (the elements its aria-controls names). style.css hides them on a
   narrow screen while the header lacks .menu-open, and shows the button only where scripts
   run: without this script both stay open and the button is not shown. Escape closes the
   menu and gives the focus back to the button. */
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-button]");
  if (!button) return;
  var header = button.closest(".site-header") || document.body;
  var parts = (button.getAttribute("aria-controls") || "").split(/\s+/).map(function (id) {
    return document.getElementById(id);
  }).filter(Boolean);

  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  }

  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    var inside = ev.target === button || parts.some(function (p) { return p.contains(ev.target); });
    if (!inside) return;
    // Only where the button is shown (a narrow screen): on a wide one the menu never closes.
    if (!button.offsetParent) return;
    set(false);
    button.focus();
  });
  set(false);
})();
