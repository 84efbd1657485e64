/*
 * The atlas page, part 2 of 6: drawing the states that existed on a date.
 *
 * Shapes are today's (TopoJSON, keyed by alpha-3); the atlas says which state held each shape on
 * each date. Shapes with the same holder are drawn as one path (topojson.merge), so the USSR,
 * Yugoslavia, Czechoslovakia and the two German states appear as they were. Merging is the slow
 * part, so each merged outline is kept per holder and set of shapes: after the first visit a date
 * change only sets classes (and a few `d` attributes), well under the 300 ms a date change may take.
 *
 * Two views share one SVG: Europe and its neighbourhood (ENP, OSCE), and an inset of North America
 * with its own projection. Microstates also get a circle marker, so a finger can hit them.
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var NS = "http://www.w3.org/2000/svg";
  var WIDTH = 1000;
  var HEIGHT = 720;
  /** Shapes drawn only in the inset (they lie far outside the main frame). */
  var INSET = ["USA", "CAN"];
  var INSET_BOX = [[8, 530], [238, 712]];
  /** Shapes too small to tap on a phone: each also gets a marker. */
  var MICRO = ["AND", "MCO", "SMR", "LIE", "VAT", "MLT", "LUX"];

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function pattern(defs, id, draw) {
    var p = el("pattern", { id: id, patternUnits: "userSpaceOnUse", width: 6, height: 6 }, defs);
    draw(p);
  }

  function View(name, topology, byA3, codes, projection, parent) {
    this.name = name;
    this.topology = topology;
    this.byA3 = byA3;
    this.a3s = codes;
    this.path = d3.geoPath(projection);
    this.cache = {};
    this.single = {};
    this.fills = el("g", { class: "fills" }, parent);
    this.marks = el("g", { class: "marks", "aria-hidden": "true" }, parent);
    this.els = {};
    this.markEls = {};
  }

  /** The outline of a set of shapes (same holder), from the cache or merged now. */
  View.prototype.outline = function (a3s) {
    var key = a3s.join(",");
    if (key in this.cache) return this.cache[key];
    var geoms = [];
    for (var i = 0; i < a3s.length; i++) geoms = geoms.concat(this.byA3[a3s[i]] || []);
    var d;
    if (geoms.length === 1) {
      d = this.path(topojson.feature(this.topology, geoms[0]));
    } else {
      d = this.path(topojson.merge(this.topology, geoms));
    }
    this.cache[key] = d || "";
    return this.cache[key];
  };

  /** Groups of shapes by their holder on ``iso``: [{key, holder (code or null), a3s}]. */
  View.prototype.groups = function (atlas, iso) {
    var by = {};
    var out = [];
    for (var i = 0; i < this.a3s.length; i++) {
      var a3 = this.a3s[i];
      var holder = atlas.holder(a3, iso);
      var key = holder === null ? "none:" + a3 : holder === undefined ? "unknown:" + a3 : holder;
      if (!by[key]) { by[key] = { key: key, holder: holder || null, known: holder !== undefined, a3s: [] }; out.push(by[key]); }
      by[key].a3s.push(a3);
    }
    return out;
  };

  View.prototype.paint = function (atlas, iso, labels) {
    var seen = {};
    var groups = this.groups(atlas, iso);
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i];
      var d = this.outline(g.a3s);
      if (!d) continue;
      seen[g.key] = true;
      var p = this.els[g.key];
      if (!p) {
        p = this.els[g.key] = el("path", {}, this.fills);
        el("title", {}, p);
        if (g.holder) {
          p.dataset.code = g.holder;
          p.setAttribute("tabindex", "0");
          p.setAttribute("role", "button");
        } else {
          p.dataset.a3 = g.a3s[0];
          var geom = (this.byA3[g.a3s[0]] || [])[0];
          if (geom && geom.properties && geom.properties.name) p.dataset.name = geom.properties.name;
        }
      }
      if (p.getAttribute("d") !== d) p.setAttribute("d", d);
      var place = g.holder ? atlas.place(g.holder, iso) : null;
      var cls = !g.known ? "unknown" : !g.holder ? "none" : place.category || "unknown";
      if (p.getAttribute("class") !== cls) p.setAttribute("class", cls);
      var what = g.holder ? atlas.name(g.holder) + ": " + (labels[cls] || "") : (p.dataset.name ? p.dataset.name + ": " : "") + labels[cls];
      if (place && place.marks.length) what += "; " + place.marks.map(function (m) { return atlas.markLabel[m] || m; }).join("; ");
      p.setAttribute("aria-label", what);
      p.firstChild.textContent = what;
      this.markOverlay(g.key, d, place ? place.marks : [], seen);
    }
    for (var key in this.els) {
      if (!seen[key]) { this.els[key].remove(); delete this.els[key]; }
    }
    for (var mk in this.markEls) {
      if (!seen[mk]) { this.markEls[mk].remove(); delete this.markEls[mk]; }
    }
  };

  View.prototype.markOverlay = function (key, d, marks, seen) {
    for (var i = 0; i < marks.length; i++) {
      var k = key + "|" + marks[i];
      seen[k] = true;
      var m = this.markEls[k];
      if (!m) m = this.markEls[k] = el("path", { class: "mark mark-" + marks[i] }, this.marks);
      m.dataset.holder = key;
      if (m.getAttribute("d") !== d) m.setAttribute("d", d);
    }
  };

  /** The map in ``svg``: call ``paint(iso)`` for a date, ``select(code)``, ``dim(set or null)``. */
  function AtlasMap(svg, topology, atlas, labels) {
    this.svg = svg;
    this.atlas = atlas;
    this.labels = labels;
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
    svg.replaceChildren();
    var defs = el("defs", {}, svg);
    pattern(defs, "mark-ring1", function (p) {
      el("path", { d: "M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", class: "hatch" }, p);
    });
    pattern(defs, "mark-weu", function (p) {
      el("circle", { cx: 3, cy: 3, r: 1.1, class: "dot" }, p);
    });
    pattern(defs, "mark-rival", function (p) {
      el("path", { d: "M0,3 h6 M3,0 v6", class: "cross" }, p);
    });
    el("rect", { class: "sea", x: -5000, y: -5000, width: 11000, height: 11000 }, svg);
    var countries = topology.objects.countries;
    var byA3 = {};
    countries.geometries.forEach(function (g) {
      var a3 = g.properties && g.properties.a3;
      if (!a3 || a3 === "ATA") return;
      (byA3[a3] = byA3[a3] || []).push(g);
    });
    var all = Object.keys(byA3).sort();
    var main = all.filter(function (a) { return INSET.indexOf(a) < 0; });
    var frame = { type: "MultiPoint", coordinates: [[-25, 27], [-16, 71], [40, 72], [78, 50], [75, 34], [35, 22], [-17, 21]] };
    var projection = d3.geoConicConformal().rotate([-20, 0]).parallels([35, 65])
      .fitExtent([[6, 6], [WIDTH - 6, HEIGHT - 6]], frame).clipExtent([[-400, -400], [WIDTH + 400, HEIGHT + 400]]);
    this.projection = projection;
    var layer = el("g", { class: "main-view" }, svg);
    this.views = [new View("main", topology, byA3, main, projection, layer)];
    // North America: its own projection, in a box of its own.
    var inset = el("g", { class: "inset", "aria-label": "Inset: North America" }, svg);
    var b = INSET_BOX;
    el("rect", { class: "inset-frame", x: b[0][0], y: b[0][1], width: b[1][0] - b[0][0], height: b[1][1] - b[0][1] }, inset);
    var na = topojson.feature(topology, { type: "GeometryCollection", geometries: INSET.reduce(function (acc, a) { return acc.concat(byA3[a] || []); }, []) });
    var insetProjection = d3.geoConicConformal().rotate([100, 0]).parallels([35, 65])
      .fitExtent([[b[0][0] + 4, b[0][1] + 16], [b[1][0] - 4, b[1][1] - 4]], na)
      .clipExtent([[b[0][0], b[0][1]], [b[1][0], b[1][1]]]);
    var label = el("text", { class: "inset-label", x: b[0][0] + 6, y: b[0][1] + 13 }, inset);
    label.textContent = "North America";
    this.views.push(new View("inset", topology, byA3, INSET.filter(function (a) { return byA3[a]; }), insetProjection, inset));
    this.micro = el("g", { class: "micro" }, svg);
    this.markers = [];
    var self = this;
    MICRO.forEach(function (a3) {
      if (!byA3[a3]) return;
      var xy = projection(d3.geoCentroid(topojson.merge(topology, byA3[a3])));
      if (!xy) return;
      var g = el("g", { class: "marker" }, self.micro);
      var hit = el("circle", { class: "hit", cx: xy[0], cy: xy[1], r: 10 }, g);
      var dot = el("circle", { class: "dot", cx: xy[0], cy: xy[1], r: 4 }, g);
      el("title", {}, g);
      self.markers.push({ a3: a3, g: g, hit: hit, dot: dot });
    });
    this.selection = el("g", { class: "selection", "aria-hidden": "true" }, svg);
    this.selected = null;
    this.dimSet = null;
    this.iso = null;
  }

  AtlasMap.prototype.paint = function (iso) {
    this.iso = iso;
    for (var i = 0; i < this.views.length; i++) this.views[i].paint(this.atlas, iso, this.labels);
    for (var j = 0; j < this.markers.length; j++) {
      var m = this.markers[j];
      var holder = this.atlas.holder(m.a3, iso);
      var cls = holder ? this.atlas.place(holder, iso).category || "unknown" : holder === null ? "none" : "unknown";
      m.g.setAttribute("class", "marker " + cls);
      if (holder) { m.g.dataset.code = holder; } else { delete m.g.dataset.code; }
      m.g.lastChild.textContent = holder ? this.atlas.name(holder) + ": " + (this.labels[cls] || "") : this.labels[cls];
    }
    this.applyDim();
    this.drawSelection();
    this.svg.dataset.date = iso;
  };

  /** Every outline (merged or single) the atlas will ever need, computed when the browser is idle. */
  AtlasMap.prototype.warm = function (days) {
    var self = this;
    var queue = days.slice();
    var idle = window.requestIdleCallback || function (f) { return setTimeout(function () { f({ timeRemaining: function () { return 8; } }); }, 50); };
    function step(deadline) {
      while (queue.length && deadline.timeRemaining() > 2) {
        var iso = queue.shift();
        self.views.forEach(function (v) { v.groups(self.atlas, iso).forEach(function (g) { v.outline(g.a3s); }); });
      }
      if (queue.length) idle(step);
    }
    idle(step);
  };

  /** The radius (in viewBox units) of the markers' hit areas: 22 CSS px on touch screens, 12 with a mouse. */
  AtlasMap.prototype.resizeMarkers = function (unitsPerPx) {
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    for (var i = 0; i < this.markers.length; i++) {
      this.markers[i].hit.setAttribute("r", String((coarse ? 22 : 12) * unitsPerPx));
      this.markers[i].dot.setAttribute("r", String(5 * unitsPerPx));
    }
  };

  /**
   * The state of the marker nearest to the SVG point (x, y) among those whose hit area holds it:
   * where the 44 px areas of neighbours (San Marino, the Vatican) overlap, the nearer one wins.
   */
  AtlasMap.prototype.markerAt = function (x, y) {
    var best = null;
    var bestD = Infinity;
    for (var i = 0; i < this.markers.length; i++) {
      var m = this.markers[i];
      var dx = Number(m.hit.getAttribute("cx")) - x;
      var dy = Number(m.hit.getAttribute("cy")) - y;
      var d = Math.hypot(dx, dy);
      if (m.g.dataset.code && d <= Number(m.hit.getAttribute("r")) && d < bestD) { best = m.g.dataset.code; bestD = d; }
    }
    return best;
  };

  AtlasMap.prototype.select = function (code) {
    this.selected = code;
    this.drawSelection();
  };

  AtlasMap.prototype.drawSelection = function () {
    this.selection.replaceChildren();
    var code = this.selected;
    if (!code) return;
    var self = this;
    this.views.forEach(function (v) {
      var p = v.els[code];
      if (!p) return;
      el("path", { class: "halo", d: p.getAttribute("d") }, self.selection);
      el("path", { class: "outline", d: p.getAttribute("d") }, self.selection);
    });
    this.markers.forEach(function (m) {
      if (m.g.dataset.code === code) {
        el("circle", { class: "halo", cx: m.dot.getAttribute("cx"), cy: m.dot.getAttribute("cy"), r: m.dot.getAttribute("r") }, self.selection);
        el("circle", { class: "outline", cx: m.dot.getAttribute("cx"), cy: m.dot.getAttribute("cy"), r: m.dot.getAttribute("r") }, self.selection);
      }
    });
  };

  /** Dims everything outside ``set`` (a members() object), or nothing when ``set`` is null. */
  AtlasMap.prototype.dim = function (set) {
    this.dimSet = set;
    this.applyDim();
  };

  AtlasMap.prototype.applyDim = function () {
    var set = this.dimSet;
    var atlas = this.atlas;
    function apply(node, code) {
      if (set && !(code && atlas.inSet(set, code))) { node.setAttribute("data-dim", "true"); } else { node.removeAttribute("data-dim"); }
    }
    this.views.forEach(function (v) {
      for (var k in v.els) apply(v.els[k], v.els[k].dataset.code);
      for (var mk in v.markEls) { var h = v.markEls[mk].dataset.holder; apply(v.markEls[mk], h && h.indexOf(":") < 0 ? h : null); }
    });
    this.markers.forEach(function (m) { apply(m.g, m.g.dataset.code); });
  };

  coopsec.AtlasMap = AtlasMap;
  coopsec.AtlasMap.SIZE = [WIDTH, HEIGHT];
  coopsec.AtlasMap.INSET_BOX = INSET_BOX;
})();
