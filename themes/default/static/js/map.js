/* The map page: its pins follow the list of places, which filters.js filters. A pin stands
   for one place or for several close together (data-members: the ids of their list
   entries); after each filter change a pin shows how many of its places are left, and
   goes when none is. Pointing at or focusing an entry of the list marks its pin, so the
   list is also a keyboard way through the map. Without this script every pin and entry is
   a plain link. */
(function () {
  "use strict";
  var canvas = document.querySelector("[data-map]");
  var form = document.getElementById("map-filter-form");
  if (!canvas || !document.querySelectorAll) return;
  var pins = Array.prototype.map.call(canvas.querySelectorAll(".pin"), function (el) {
    var ids = (el.getAttribute("data-members") || "").split(/\s+/).filter(Boolean);
    return {
      el: el,
      label: el.querySelector("span"),
      places: ids.map(function (id) { return document.getElementById(id); }).filter(Boolean)
    };
  });
  var pinOf = {};
  pins.forEach(function (pin) {
    pin.places.forEach(function (place) { pinOf[place.id] = pin; });
  });
  var lang = document.documentElement.lang || undefined;

  function update() {
    pins.forEach(function (pin) {
      var shown = pin.places.filter(function (p) { return !p.hidden; }).length;
      pin.el.hidden = shown === 0;
      if (pin.places.length > 1 && pin.label) {
        var num = String(shown);
        try { num = shown.toLocaleString(lang); } catch (e) { /* keep String(shown) */ }
        pin.label.textContent = shown > 1 ? num : "";
      }
    });
    // A region whose places are all filtered out goes with them.
    Array.prototype.forEach.call(document.querySelectorAll(".map-group"), function (g) {
      g.hidden = !g.querySelector(".place:not([hidden])");
    });
  }
  if (form) form.addEventListener("filters-updated", update);

  function mark(ev, on) {
    var place = ev.target.closest && ev.target.closest(".place");
    var pin = place && pinOf[place.id];
    if (pin) pin.el.classList.toggle("is-marked", on);
  }
  var list = document.getElementById("map-places");
  if (list) {
    list.addEventListener("focusin", function (ev) { mark(ev, true); });
    list.addEventListener("focusout", function (ev) { mark(ev, false); });
    list.addEventListener("mouseover", function (ev) { mark(ev, true); });
    list.addEventListener("mouseout", function (ev) { mark(ev, false); });
  }
})();
