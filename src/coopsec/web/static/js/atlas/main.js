/*
 * The atlas page, part 6b: puts the parts together and keeps the view in the URL.
 *
 * `/?on=1990-10-03&state=DE&org=NATO` opens that view (see filter.js for the `org=` syntax); every
 * change rewrites the URL with history.replaceState, so the address can be shared at any time.
 * If the atlas or the map shapes cannot be loaded the page says so in words: nothing is painted.
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var C = coopsec.atlasCore;
  var svg = document.getElementById("map");
  var status = document.getElementById("map-status");

  function fail(text) {
    status.textContent = text;
    status.hidden = false;
    status.className = "map-status error";
    svg.dataset.ready = "failed";
  }

  function legend(atlas, labels) {
    var ul = document.getElementById("legend");
    function item(cls, text, kind) {
      var li = document.createElement("li");
      var sw = document.createElement("span");
      sw.className = "swatch " + cls;
      sw.setAttribute("aria-hidden", "true");
      li.dataset[kind] = cls;
      li.appendChild(sw);
      li.appendChild(document.createTextNode(text));
      ul.appendChild(li);
    }
    atlas.data.categories.forEach(function (c) { item(c.id, c.label, "category"); });
    item("none", labels.none, "category");
    item("unknown", labels.unknown, "category");
    (atlas.data.marks || []).forEach(function (m) { item("mark-" + m.id, m.label, "mark"); });
  }

  function start(atlas, topology) {
    var labels = Object.assign({}, atlas.categoryLabel, {
      none: "Not a state on this date (no state of the knowledge base held it)",
      unknown: "Not in the knowledge base",
    });
    legend(atlas, labels);
    var map = new coopsec.AtlasMap(svg, topology, atlas, labels);
    var missions = null;
    var zoom = new coopsec.AtlasZoom(svg, coopsec.AtlasMap.SIZE, function (k) { map.resizeMarkers(k); if (missions) missions.resize(k); });
    document.getElementById("zoom-in").addEventListener("click", function () { zoom.zoomAt(1.5); });
    document.getElementById("zoom-out").addEventListener("click", function () { zoom.zoomAt(1 / 1.5); });
    document.getElementById("zoom-reset").addEventListener("click", function () { zoom.reset(); });

    var query = new URLSearchParams(location.search);
    var selected = null;
    var panelTimer = 0;
    var panel = new coopsec.AtlasPanel(document.getElementById("details"), atlas, function (code) { select(code); });
    var dates;
    var filter = new coopsec.AtlasFilter(atlas, map, function () { remember(); });
    missions = missionLayer(map, atlas, function () { remember(); });

    function remember() {
      var q = new URLSearchParams(location.search);
      q.set("on", dates.current());
      if (selected) { q.set("state", selected); } else { q.delete("state"); }
      if (filter.spec()) { q.set("org", filter.spec()); } else { q.delete("org"); }
      if (missions && missions.spec()) { q.set("missions", missions.spec()); } else { q.delete("missions"); }
      history.replaceState(null, "", location.pathname + "?" + q.toString().replace(/%2A/g, "*") + location.hash);
      links(dates.current());
    }

    function links(iso) {
      document.getElementById("list-link").href = "/list?on=" + iso;
      document.getElementById("diagram-link").href = "/diagram?on=" + iso;
      var compare = document.getElementById("compare-link");
      compare.href = "/compare?a=" + iso + "&b=" + atlas.to;
    }

    function select(code) {
      selected = code;
      clearTimeout(panelTimer);
      map.select(code);
      panel.show(code, dates.current());
      remember();
    }

    function onDate(iso) {
      var t0 = performance.now();
      map.paint(iso);
      filter.update(iso);
      if (missions) missions.update(iso);
      svg.dataset.paintMs = String(Math.round(performance.now() - t0));
      // While the slider is dragged, ask for the panel once it rests (a tenth of a second).
      clearTimeout(panelTimer);
      if (selected) panelTimer = setTimeout(function () { panel.show(selected, iso); }, 120);
      remember();
    }

    dates = coopsec.AtlasDateControls(atlas, onDate);
    var on = query.get("on");
    var first = atlas.to;
    if (on) {
      var d = C.toDays(on);
      if (isNaN(d) || d < C.toDays(atlas.from) || d > C.toDays(atlas.to)) {
        var err = document.getElementById("date-error");
        err.textContent = "The link asked for " + (isNaN(d) ? "“" + on + "”, which is not a date" : C.words(on) + ", outside the atlas") + "; showing " + C.words(atlas.to) + " instead.";
        err.hidden = false;
      } else {
        first = on;
      }
    }
    filter.set(query.get("org") || "");
    if (missions) missions.set(query.get("missions") || "");
    dates.set(first, true);
    map.paint(first);
    filter.update(first);
    if (missions) { missions.resize(zoom.unitsPerPx()); missions.update(first); }
    var code = query.get("state");
    if (code && atlas.data.states[code.toUpperCase()]) { select(code.toUpperCase()); } else { panel.empty(); remember(); }

    svg.addEventListener("click", function (e) {
      var target = e.target.closest("[data-code]");
      if (target && target.classList.contains("marker")) {
        var at = zoom.toSvg(e.clientX, e.clientY);
        select(map.markerAt(at[0], at[1]) || target.dataset.code);
      } else if (target) {
        select(target.dataset.code);
      } else if (e.target.dataset && e.target.dataset.a3) {
        selected = null;
        map.select(null);
        panel.nobody(e.target.dataset.name || e.target.dataset.a3, e.target.getAttribute("class"), dates.current());
        remember();
      }
    });
    svg.addEventListener("keydown", function (e) {
      var target = e.target.closest && e.target.closest("[data-code]");
      if (target && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); select(target.dataset.code); }
    });
    exportButtons();
    status.hidden = true;
    svg.dataset.ready = "true";
    // Every date on which anything changes: their outlines are merged while the browser is idle.
    var days = {};
    Object.keys(atlas.data.shapes).forEach(function (a3) { atlas.data.shapes[a3].forEach(function (e) { days[e[0]] = true; }); });
    map.warm(Object.keys(days).sort());
    coopsec.atlasPage = { map: map, dates: dates, filter: filter, zoom: zoom, select: select, missions: missions };
  }

  /** The missions layer; its data is fetched the first time a kind of mission is shown. */
  function missionLayer(map, atlas, onChange) {
    return new coopsec.AtlasMissions(map, atlas, document.querySelector("fieldset[data-source]"), onChange);
  }

  function exportButtons() {
    var box = document.getElementById("export");
    if (!box) return;
    if (typeof coopsec.exportMap !== "function") { box.hidden = true; return; }
    box.hidden = false;
    box.querySelectorAll("button[data-format]").forEach(function (b) {
      b.addEventListener("click", function () {
        var base = "coopsec-atlas-" + (svg.dataset.date || "");
        var title = "The cooperative security system on " + C.words(svg.dataset.date || "");
        var done = coopsec.exportMap(svg, base, b.dataset.format, { legend: document.getElementById("legend"), title: title });
        if (done && done.catch) {
          done.catch(function (e) { status.textContent = "The export failed: " + e.message; status.hidden = false; });
        }
      });
    });
  }

  var atlas;
  try {
    atlas = new C.Atlas(C.load());
  } catch (e) {
    fail("The map cannot be drawn: the atlas data did not load (" + e.message + "). Reload the page; if it persists, the service needs attention.");
    return;
  }
  if (typeof d3 === "undefined" || typeof topojson === "undefined") {
    fail("The map cannot be drawn: its drawing scripts did not load. Reload the page.");
    return;
  }
  fetch(svg.dataset.shapes, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) throw new Error("the map shapes answered " + r.status);
    return r.json();
  }).then(function (topology) {
    start(atlas, topology);
  }).catch(function (e) {
    fail("The map cannot be drawn: " + (e && e.message ? e.message : "the map shapes did not load") + ". Reload the page; the list view shows the same data in words.");
    if (window.console) console.error(e);
  });
})();
