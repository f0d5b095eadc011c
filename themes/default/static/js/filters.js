/* List filters (clusters, organisations, cooperation requests): progressive enhancement,
   no dependencies. Without this script the form is inert and the facet links (one page per
   term) do the filtering. With it, changing a <select> shows only the cards matching every
   chosen facet (AND), updates the count (role="status") and the URL query
   (?sectors=maritime&regions=west), which is also read on load.

   An option that would show nothing, given the other choices, is disabled.

   The markup it reads (see macros.html, filter_form; documents.html writes its own):
     <form data-filters data-list="ID" data-status="ID" [data-empty="ID"] [data-paginated]
           [data-cards="SELECTOR": the cards in the list, default .card]>
       <select name="sectors" data-facet="sectors">
         <option value="maritime" data-label="Maritime" [data-url="/sectors/maritime/"]>
     <ul id="ID"> <li class="card" data-sectors="maritime energy"> ...
   and folds each <section class="filters"> behind its <button data-filters-toggle> on a
   narrow screen (style.css).
   A paginated list holds one page of its records: there, choosing a term while no other
   filter is chosen opens the term's page (its option's data-url), which lists all of them;
   further choices filter the cards present, and the count says "on this page". */
(function () {
  "use strict";
  if (!window.URLSearchParams || !document.querySelectorAll) return;

  // On a narrow screen style.css folds each .filters section behind its button
  // (data-filters-toggle, aria-controls: the folded part) until the button opens it.
  var toggles = document.querySelectorAll("[data-filters-toggle]");
  for (var t = 0; t < toggles.length; t++) foldable(toggles[t]);
  function foldable(button) {
    var section = button.closest(".filters");
    if (!section) return;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      section.classList.toggle("is-open", open);
    });
  }

  var forms = document.querySelectorAll("form[data-filters]");
  for (var i = 0; i < forms.length; i++) setup(forms[i]);

  function setup(form) {
    function byId(attr) {
      var id = form.getAttribute(attr);
      return id ? document.getElementById(id) : null;
    }
    var list = byId("data-list");
    var status = byId("data-status");
    var empty = byId("data-empty");
    if (!list || !status) return;

    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    if (!selects.length) return;
    var lang = document.documentElement.lang || undefined;
    var initialStatus = status.innerHTML;
    // On a paginated list only this page's cards are here: keep the server's option counts
    // (totals) rather than counting this page.
    var paginated = form.hasAttribute("data-paginated");

    // Each card's terms per facet, read once from its data-* attributes.
    var cards = Array.prototype.map.call(list.querySelectorAll(form.getAttribute("data-cards") || ".card"), function (el) {
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

    // The form is the language's, by CLDR's plural rules as the page's was: French counts
    // 0 as one ("0 cluster"), Polish has "2 klastry" and "5 klastrów".
    var plural = null;
    try { plural = new Intl.PluralRules(lang); } catch (e) { /* n === 1 below */ }
    function category(n) {
      return plural ? plural.select(n) : (n === 1 ? "one" : "other");
    }

    function countText(n) {
      var cat = category(n);
      var tpl = (cat !== "other" && status.getAttribute("data-template-" + cat)) || status.getAttribute("data-template") || "{n}";
      var num = String(n);
      try { num = n.toLocaleString(lang); } catch (e) { /* keep String(n) */ }
      var text = tpl.replace("{n}", num);
      var onPage = status.getAttribute("data-template-page");
      return paginated && onPage ? onPage.replace("{count}", text) : text;
    }

    // The term page to open for `select`'s choice: on a paginated list, when it is the only
    // filter chosen.
    function termPage(select) {
      if (!paginated || !select.value) return null;
      var others = selects.some(function (s) { return s !== select && !!s.value; });
      var option = select.options[select.selectedIndex];
      return (!others && option && option.getAttribute("data-url")) || null;
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

      // Option counts follow the other facets' current choices, and an option that would
      // show nothing cannot be chosen (the chosen one and "all" always can). On a paginated
      // list the labels keep the server's totals; there an option is disabled only when other
      // filters are chosen and none of this page's cards has it (it does not open a term page
      // then, see termPage).
      selects.forEach(function (s) {
        var others = selects.some(function (x) { return x !== s && !!x.value; });
        Array.prototype.forEach.call(s.options, function (o) {
          if (!o.value) return;
          var n = 0;
          cards.forEach(function (card) {
            if (matches(card, s) && has(card, s, o.value)) n++;
          });
          if (!paginated) o.textContent = (o.getAttribute("data-label") || o.value) + " (" + n + ")";
          o.disabled = n === 0 && o.value !== s.value && (!paginated || others);
        });
      });

      // Others showing the same records (the map's pins) follow the list.
      if (typeof CustomEvent === "function") form.dispatchEvent(new CustomEvent("filters-updated"));

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

    // The URL is the truth: read the query on load (and when the page comes back from the
    // back-forward cache), overriding choices the browser restored.
    function fromQuery() {
      var query = new URLSearchParams(window.location.search);
      selects.forEach(function (s) {
        var v = query.get(s.name);
        var known = v && Array.prototype.some.call(s.options, function (o) { return o.value === v; });
        s.value = known ? v : "";
      });
    }

    selects.forEach(function (s) {
      s.addEventListener("change", function () {
        var url = termPage(s);
        if (url) window.location.assign(url);
        else update(true);
      });
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var chosen = selects.filter(function (s) { return !!s.value; });
      var url = chosen.length === 1 ? termPage(chosen[0]) : null;
      if (url) window.location.assign(url);
      else update(true);
    });
    form.addEventListener("reset", function () {
      // Reset restores the selects after this event: update on the next tick.
      window.setTimeout(function () {
        selects.forEach(function (s) { s.value = ""; });
        update(true);
      }, 0);
    });
    window.addEventListener("pageshow", function (ev) {
      if (ev.persisted) {
        fromQuery();
        update(false);
      }
    });

    var submit = form.querySelector("[type=submit]");
    if (submit) submit.hidden = true;
    var hint = form.querySelector("[data-filter-hint]");
    if (hint) hint.hidden = false;
    form.classList.add("is-live");

    fromQuery();
    var chosen = selects.filter(function (s) { return !!s.value; });
    // A shared link (?kinds=research) to a paginated list: its term page lists them all.
    var url = chosen.length === 1 ? termPage(chosen[0]) : null;
    if (url) window.location.replace(url);
    else if (chosen.length || !paginated) update(false);
  }
})();
