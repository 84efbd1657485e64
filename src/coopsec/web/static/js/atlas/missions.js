/*
 * The atlas page, part 7: missions on the map, a marker per host state, filtered by kind.
 *
 * The missions (CSDP civilian missions, CSDP military operations, OSCE field operations) are fetched
 * once, the first time a kind is ticked (`/api/v1/missions/map`): a first view that shows none does
 * not pay for them on a slow link. On each date the page keeps those deployed then and of the kinds ticked, and groups them
 * by place: the shapes their host holds on that date (the atlas says which), the ISO country of a
 * host outside the knowledge base, or the point of a sea area. Each place gets one marker, with one
 * glyph per kind present (square civilian, diamond military, triangle OSCE: shapes, not only colours;
 * the round markers are the microstates'). A place mostly beyond the map's frame (the Sahel, the Horn
 * of Africa), or behind the North America inset, is pinned to the nearest free edge with an arrow
 * towards it, and says so. The list under the map gives the same missions in words, for keyboards and
 * screen readers; with no kind ticked it says so rather than showing an empty list.
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var C = coopsec.atlasCore;
  var NS = "http://www.w3.org/2000/svg";
  var EDGE = 16;
  /** A shape less visible than this share of its whole area counts as beyond the frame. */
  var VISIBLE_SHARE = 0.25;
  var GLYPHS = {
    civilian: "M-5.5,-5.5 H5.5 V5.5 H-5.5 Z",
    military: "M0,-7.5 L7.5,0 L0,7.5 L-7.5,0 Z",
    osce: "M0,-7.5 L7,5.5 L-7,5.5 Z",
  };
  var STEP = 15;

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function active(m, iso) {
    return m.start <= iso && (m.end === null || iso <= m.end);
  }

  /** ``map``: the AtlasMap; ``controls``: the fieldset (``data-source``: the URL of the missions); ``onChange``: the filter changed. */
  function AtlasMissions(map, atlas, controls, onChange) {
    this.map = map;
    this.atlas = atlas;
    this.url = controls ? controls.dataset.source : null;
    this.data = null;
    this.loading = null;
    this.onChange = onChange;
    this.kinds = {};
    this.labels = {};
    var self = this;
    var main = map.views[0];
    this.view = main;
    var p = map.projection;
    var size = coopsec.AtlasMap.SIZE;
    this.size = size;
    function same() { return d3.geoConicConformal().rotate(p.rotate()).parallels(p.parallels()).scale(p.scale()).translate(p.translate()); }
    // The same projection clipped to the frame: a centroid of what is visible (Russia's lies in Siberia).
    this.visible = d3.geoPath(same().clipExtent([[0, 0], size]));
    this.whole = d3.geoPath(same());
    this.places = {};
    this.layer = el("g", { class: "missions" }, null);
    map.svg.insertBefore(this.layer, map.selection);
    this.scale = 1;
    this.boxes = document.querySelectorAll("input[data-mission-kind]");
    this.boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        self.kinds[box.dataset.missionKind] = box.checked;
        self.update(self.iso);
        self.onChange();
      });
    });
    this.list = document.getElementById("missions-list");
    this.summary = document.getElementById("missions-count");
  }

  /** The kinds ticked, as the URL keeps them (``civilian,osce``, in the order of the boxes), or "". */
  AtlasMissions.prototype.spec = function () {
    var self = this;
    return Array.prototype.map.call(this.boxes, function (b) { return b.dataset.missionKind; })
      .filter(function (k) { return self.kinds[k]; }).join(",");
  };

  /** Fetches the missions once; says in words that they are loading, or why they could not be. */
  AtlasMissions.prototype.load = function () {
    if (this.loading) return;
    var self = this;
    this.summary.textContent = "Loading the missions…";
    if (!this.url || !coopsec.atlasApi) { this.failed("the page came without the missions' address"); return; }
    this.loading = coopsec.atlasApi(this.url).then(function (data) {
      if (!data || !data.missions || !data.kinds) throw new Error("the service sent no missions");
      data.kinds.forEach(function (k) { self.labels[k.id] = k.label; });
      self.data = data;
      self.update(self.iso);
    }).catch(function (e) {
      self.loading = null;
      self.failed(e && e.message ? e.message : "no answer from the service");
    });
  };

  AtlasMissions.prototype.failed = function (why) {
    this.layer.replaceChildren();
    this.list.replaceChildren();
    this.summary.textContent = "The missions could not be loaded: " + why + ". Untick and tick a kind to try again.";
    this.summary.dataset.state = "failed";
  };

  AtlasMissions.prototype.set = function (spec) {
    var wanted = (spec || "").split(",");
    var self = this;
    this.boxes.forEach(function (box) {
      box.checked = wanted.indexOf(box.dataset.missionKind) >= 0;
      self.kinds[box.dataset.missionKind] = box.checked;
    });
  };

  /** Where a set of shapes (or a point) sits on the map: [x, y, off-frame?]. */
  AtlasMissions.prototype.where = function (a3s, position) {
    var key = a3s.join(",") + (position ? "@" + position.join(",") : "");
    if (key in this.places) return this.places[key];
    var v = this.view;
    var xy = null;
    var whole = null;
    var geoms = [];
    a3s.forEach(function (a3) { geoms = geoms.concat(v.byA3[a3] || []); });
    if (!geoms.length) {
      // No shape on the map (a country outside its frame, a sea area): the data's point, if it gives one.
      if (!position) return (this.places[key] = null);
      whole = position;
    } else {
      var feature = topojson.merge(v.topology, geoms);
      var c = this.visible.centroid(feature);
      var shown = this.visible.area(feature) / (this.whole.area(feature) || 1);
      if (c && isFinite(c[0]) && isFinite(c[1]) && shown >= VISIBLE_SHARE && !this.inInset(c[0], c[1])) xy = c;
      whole = d3.geoCentroid(feature);
    }
    if (!xy) xy = this.map.projection(whole);
    if (!xy) return (this.places[key] = null);
    var w = this.size[0], h = this.size[1];
    var x = Math.min(Math.max(xy[0], EDGE), w - EDGE);
    var y = Math.min(Math.max(xy[1], EDGE), h - EDGE);
    if (this.inInset(x, y)) x = coopsec.AtlasMap.INSET_BOX[1][0] + EDGE;
    var off = x !== xy[0] || y !== xy[1];
    this.places[key] = [x, y, off, Math.atan2(xy[1] - y, xy[0] - x)];
    return this.places[key];
  };

  AtlasMissions.prototype.inInset = function (x, y) {
    var b = coopsec.AtlasMap.INSET_BOX;
    return x >= b[0][0] - EDGE && x <= b[1][0] + EDGE && y >= b[0][1] - EDGE && y <= b[1][1] + EDGE;
  };

  /** The shapes ``host`` holds on ``iso`` (today's shapes of its territory then). */
  AtlasMissions.prototype.shapesOf = function (host, iso) {
    var atlas = this.atlas;
    return this.view.a3s.filter(function (a3) { return atlas.holder(a3, iso) === host; });
  };

  /** The deployed missions of the ticked kinds on ``iso``, grouped by place. */
  AtlasMissions.prototype.groups = function (iso) {
    var self = this;
    var by = {};
    var out = [];
    this.data.missions.forEach(function (m) {
      if (!self.kinds[m.kind] || !active(m, iso)) return;
      var places = [];
      m.hosts.forEach(function (h) { places.push({ key: h, code: h, name: self.atlas.name(h), a3s: self.shapesOf(h, iso) }); });
      if (!m.hosts.length && m.shapes.length) places.push({ key: m.shapes.join(","), code: null, name: m.area, a3s: m.shapes, position: m.position });
      if (!m.hosts.length && !m.shapes.length && m.position) places.push({ key: "@" + m.id, code: null, name: m.area, a3s: [], position: m.position });
      places.forEach(function (p) {
        if (!by[p.key]) { by[p.key] = { place: p, missions: [] }; out.push(by[p.key]); }
        by[p.key].missions.push(m);
      });
    });
    return out;
  };

  AtlasMissions.prototype.update = function (iso) {
    this.iso = iso;
    var self = this;
    this.layer.replaceChildren();
    delete this.summary.dataset.state;
    if (!this.spec()) { this.describe(iso, []); return; }
    if (!this.data) { this.load(); return; }
    var groups = this.groups(iso);
    var pinned = [];
    this.undrawn = {};
    groups.forEach(function (g) {
      var at = self.where(g.place.a3s, g.place.position);
      if (!at) { g.missions.forEach(function (m) { self.undrawn[m.id] = true; }); return; }
      var kinds = self.data.kinds.map(function (k) { return k.id; }).filter(function (k) {
        return g.missions.some(function (m) { return m.kind === k; });
      });
      if (at[2]) at = self.free(at, kinds.length, pinned);
      var marker = el("g", { class: "mission" + (at[2] ? " off-frame" : ""), transform: "translate(" + at[0] + "," + at[1] + ")" }, self.layer);
      if (g.place.code) marker.dataset.code = g.place.code;
      marker.dataset.place = g.place.key;
      marker.dataset.kinds = kinds.join(" ");
      var inner = el("g", { class: "glyphs", transform: "scale(" + self.scale + ")" }, marker);
      kinds.forEach(function (k, i) {
        el("path", { class: "glyph glyph-" + k, d: GLYPHS[k], transform: "translate(" + (i - (kinds.length - 1) / 2) * STEP + ",0)" }, inner);
      });
      if (at[2]) {
        var a = at[3] * 180 / Math.PI;
        el("path", { class: "arrow", d: "M10,-4 L17,0 L10,4 Z", transform: "rotate(" + a + ") translate(" + (kinds.length - 1) * STEP / 2 + ",0)" }, inner);
      }
      var title = el("title", {}, marker);
      title.textContent = (g.place.name || "") + (at[2] ? " (beyond the map's edge, in this direction)" : "") + ": " +
        g.missions.map(function (m) { return m.name + " (" + self.labels[m.kind] + ")"; }).join("; ");
    });
    this.describe(iso, groups);
  };

  /** A pinned marker moved along the edge until it overlaps no other pinned one (they are approximate). */
  AtlasMissions.prototype.free = function (at, width, pinned) {
    var self = this;
    var half = (width * STEP) / 2 * this.scale;
    var x = at[0];
    var clash = function (p) { return Math.abs(p[1] - at[1]) < STEP * self.scale && Math.abs(p[0] - x) < p[2] + half + 4; };
    for (var tries = 0; tries < 40 && pinned.some(clash); tries++) x -= STEP * this.scale;
    pinned.push([x, at[1], half]);
    return [x, at[1], true, at[3]];
  };

  /** The list under the map: every mission shown, in words, or why none is. */
  AtlasMissions.prototype.describe = function (iso, groups) {
    if (!this.list) return;
    this.list.replaceChildren();
    var spec = this.spec();
    var seen = {};
    var shown = [];
    groups.forEach(function (g) { g.missions.forEach(function (m) { if (!seen[m.id]) { seen[m.id] = true; shown.push(m); } }); });
    if (!spec) {
      this.summary.textContent = "Tick a kind of mission above to show its missions on the map and here.";
      return;
    }
    if (!shown.length) {
      this.summary.textContent = "No mission of the kinds ticked was deployed on " + C.words(iso) + ".";
      return;
    }
    this.summary.textContent = shown.length + (shown.length === 1 ? " mission" : " missions") + " deployed on " + C.words(iso) + ":";
    var self = this;
    shown.forEach(function (m) {
      var li = document.createElement("li");
      li.dataset.mission = m.id;
      var name = document.createElement("strong");
      name.textContent = m.name;
      li.appendChild(name);
      var where = m.hosts.map(function (h) { return self.atlas.name(h); }).join(", ") || m.area || "";
      var dates = "since " + C.words(m.start) + (m.end ? ", until " + C.words(m.end) : "");
      li.appendChild(document.createTextNode(" — " + self.labels[m.kind] + "; " + where + "; " + dates + ". " + m.mandate + " "));
      if (self.undrawn[m.id]) {
        var note = document.createElement("em");
        note.className = "undrawn";
        note.textContent = "Not on the map: it has no shape or point for this place. ";
        li.appendChild(note);
      }
      var src = document.createElement(m.href ? "a" : "span");
      if (m.href) src.href = m.href;
      src.textContent = "Source: " + m.source;
      li.appendChild(src);
      self.list.appendChild(li);
    });
  };

  /** Glyphs keep their size on screen whatever the zoom (``unitsPerPx`` viewBox units a CSS pixel). */
  AtlasMissions.prototype.resize = function (unitsPerPx) {
    this.scale = Math.max(0.35, Math.min(1.6, unitsPerPx * 1.1));
    this.layer.querySelectorAll(".glyphs").forEach(function (g) { g.setAttribute("transform", "scale(" + this.scale + ")"); }, this);
  };

  coopsec.AtlasMissions = AtlasMissions;
})();
