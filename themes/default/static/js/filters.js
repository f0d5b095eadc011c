/* Cluster directory filters: progressive enhancement, no dependencies.
   Without this script the form is inert and the facet links (one page per term)
   do the filtering. With it, changing a <select> shows only the cards matching
   every chosen facet (AND), updates the count (role="status") and the URL query
   (?sector=maritime&region=west), which is also read on load. */
(function () {
  "use strict";
  var form = document.getElementById("cluster-filters");
  var list = document.getElementById("cluster-list");
  var status = document.getElementById("directory-count");
  if (!form || !list || !status || !window.URLSearchParams) return;

  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  if (!selects.length) return;
  var empty = document.getElementById("directory-empty");
  var lang = document.documentElement.lang || undefined;
  var initialStatus = status.innerHTML;
  // On a paginated directory only this page's cards are here: keep the
  // server's option counts (totals) rather than counting this page.
  var paginated = !!document.querySelector(".pagination");

  // Each card's terms per facet, read once from its data-* attributes.
  var cards = Array.prototype.map.call(list.querySelectorAll(".cluster-card"), function (el) {
    var terms = {};
    selects.forEach(function (s) {
      var facet = s.getAttribute("data-facet");
      terms[facet] = (el.getAttribute("data-" + facet) || "").split(/\s+/).filter(Boolean);
    });
    return { el: el, terms: terms };
  });

  function has(card, select, value) {
    return card.terms[select.getAttribute("data-facet")].indexOf(value) !== -1;
  }

  // AND across facets; `skip` leaves one facet out (to count its options).
  function matches(card, skip) {
    return selects.every(function (s) {
      return s === skip || !s.value || has(card, s, s.value);
    });
  }

  function countText(n) {
    var tpl = (n === 1 && status.getAttribute("data-template-one")) || status.getAttribute("data-template") || "{n}";
    var num = String(n);
    try { num = n.toLocaleString(lang); } catch (e) { /* keep String(n) */ }
    return tpl.replace("{n}", num);
  }

  function update(writeUrl) {
    var active = selects.some(function (s) { return !!s.value; });
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, null);
      card.el.hidden = !ok;
      if (ok) shown++;
    });
    if (active) status.textContent = countText(shown);
    else status.innerHTML = initialStatus;
    if (empty) empty.hidden = shown !== 0 || !cards.length;

    if (!paginated) {
      // Option counts follow the other facets' current choices.
      selects.forEach(function (s) {
        Array.prototype.forEach.call(s.options, function (o) {
          if (!o.value) return;
          var n = 0;
          cards.forEach(function (card) {
            if (matches(card, s) && has(card, s, o.value)) n++;
          });
          o.textContent = (o.getAttribute("data-label") || o.value) + " (" + n + ")";
        });
      });
    }

    if (writeUrl && window.history && history.replaceState) {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (s) {
        if (s.value) params.set(s.name, s.value);
        else params.delete(s.name);
      });
      var q = params.toString();
      history.replaceState(history.state, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
    }
  }

  // Read the query on load.
  var query = new URLSearchParams(window.location.search);
  selects.forEach(function (s) {
    var v = query.get(s.name);
    if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
  });

  selects.forEach(function (s) {
    s.addEventListener("change", function () { update(true); });
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    update(true);
  });
  form.addEventListener("reset", function () {
    // Reset restores the selects after this event: update on the next tick.
    window.setTimeout(function () {
      selects.forEach(function (s) { s.value = ""; });
      update(true);
    }, 0);
  });

  var submit = form.querySelector("[type=submit]");
  if (submit) submit.hidden = true;
  form.classList.add("is-live");
  if (selects.some(function (s) { return !!s.value; })) update(false);
  else if (!paginated) update(false);
})();
