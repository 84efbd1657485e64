/*
 * The atlas page, part 5 of 6: the details of the selected state, in words, for the chosen date.
 *
 * Asked again at every date change (/api/v1/states/CODE?on=DATE) through window.coopsec.api, which
 * says when the session has ended; any failure is told in words, never as an empty panel. A state
 * that does not exist on the date is said not to, with the state(s) holding its territory then.
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var C = coopsec.atlasCore;
  var SHOWN_GIVERS = 5;
  var BASIS = {
    deposit: "deposit of the instrument", entry_into_force: "entry into force", effective: "date of effect",
    signature: "signature", ratification: "ratification", accession: "accession", decision: "decision",
  };

  var STATUS = { applies: "applies", may_apply: "may apply", does_not_apply: "does not apply" };
  var EU_STATUS = {
    part: "part of the EU", outermost: "an outermost region (part of the EU)",
    oct: "an overseas country or territory (associated, outside the EU)", outside: "outside the EU",
  };

  /** window.coopsec.api, or (until session.js is there) fetch with the same promise contract. */
  function api(url) {
    if (coopsec.api) return coopsec.api(url);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (r.status === 401) {
        var e = new Error("Your session has ended — log in again");
        e.name = "SessionEnded";
        throw e;
      }
      return r.json().then(function (body) {
        if (!r.ok) { var err = new Error(body && body.error ? body.error : "the service answered " + r.status); err.name = "ApiError"; throw err; }
        return body;
      });
    }, function () { var e = new Error("no answer from the service"); e.name = "NetworkError"; throw e; });
  }

  function node(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  /** A source as a link: its own address, else its entry on the sources page. */
  function sourceLink(source) {
    var a = node("a", source.title + (source.reference ? " (" + source.reference + ")" : ""), "source");
    a.href = source.href || (source.id ? "/sources#" + encodeURIComponent(source.id) : "/sources");
    if (source.href) a.rel = "noopener";
    return a;
  }

  function withSource(text, source) {
    var li = node("li", text);
    if (source) { li.appendChild(document.createTextNode(" — source: ")); li.appendChild(sourceLink(source)); }
    return li;
  }

  function criterion(reading, rule) {
    if (!reading) return "not read on this date";
    var what = rule && rule.text ? rule.text + ". Reading: " : "";
    if (reading.no_data) return what + "no data (" + (reading.note || "the dataset has no value for this state and year") + "); this is not a finding below the criterion";
    return what + reading.dataset + ", " + reading.year + ": " + reading.value + (reading.met ? " (met)" : " (not met)");
  }

  function Panel(root, atlas, onSelect) {
    this.root = root;
    this.atlas = atlas;
    this.onSelect = onSelect;
    this.pending = 0;
  }

  Panel.prototype.empty = function () {
    this.root.replaceChildren(node("p", "Select a state on the map (click or tap it, or Tab to it and press Enter) for its place in the system, its guarantees, memberships and sources on the chosen date."));
  };

  Panel.prototype.show = function (code, iso) {
    var atlas = this.atlas;
    var ticket = ++this.pending;
    var self = this;
    var name = atlas.name(code);
    if (!atlas.data.states[code]) {
      this.root.replaceChildren(node("h2", code), node("p", "This code is not in the knowledge base."));
      return;
    }
    if (!atlas.exists(code, iso)) {
      this.notThen(code, iso);
      return;
    }
    this.root.setAttribute("aria-busy", "true");
    var loading = node("p", "Loading " + name + " on " + C.words(iso) + "…", "loading");
    this.root.replaceChildren(loading);
    var territory = Boolean(atlas.data.states[code].territory_of);
    var url = (territory ? "/api/v1/territories/" : "/api/v1/states/") + encodeURIComponent(code) + "?on=" + iso;
    api(url).then(function (report) {
      if (ticket !== self.pending) return;
      self.root.removeAttribute("aria-busy");
      if (territory) { self.renderTerritory(report, code, iso); } else { self.render(report, iso); }
    }, function (error) {
      if (ticket !== self.pending) return;
      self.root.removeAttribute("aria-busy");
      var text = error && error.name === "SessionEnded"
        ? "Your session has ended, so the details of " + name + " cannot be shown. Log in again to come back to this view."
        : "The details of " + name + " on " + C.words(iso) + " could not be loaded: " + (error && error.message ? error.message : "unknown error") + ". Try again, or choose another date.";
      self.root.replaceChildren(node("h2", name), node("p", text, "error"));
    });
  };

  /** A shape no state of the knowledge base held on the date, or one the knowledge base does not cover. */
  Panel.prototype.nobody = function (name, cls, iso) {
    ++this.pending;
    var text = cls === "none"
      ? "Not a state on " + C.words(iso) + ": no state of the knowledge base held this territory then."
      : "Not in the knowledge base: the system's data does not cover this territory.";
    this.root.replaceChildren(node("h2", name), node("p", text, "not-then"));
    delete this.root.dataset.state;
  };

  Panel.prototype.notThen = function (code, iso) {
    var atlas = this.atlas;
    var s = atlas.data.states[code];
    var name = atlas.name(code);
    var when = s.start && iso < s.start ? "did not yet exist on " + C.words(iso) + " (it exists from " + C.words(s.start) + ")"
      : "no longer existed on " + C.words(iso) + (s.end ? " (it ended on " + C.words(s.end) + ")" : "");
    var p = node("p", name + " " + when + ".", "not-then");
    this.root.replaceChildren(node("h2", name), p);
    var heirs = atlas.heirs(code, iso);
    if (!heirs.length) { this.root.appendChild(node("p", "No state of the knowledge base held its territory then.")); return; }
    this.root.appendChild(node("p", "Its territory was then held by:"));
    var ul = node("ul", null, "heirs");
    var self = this;
    heirs.forEach(function (h) {
      var b = node("button", "Show " + atlas.name(h));
      b.type = "button";
      b.addEventListener("click", function () { self.onSelect(h); });
      var li = node("li");
      li.appendChild(b);
      ul.appendChild(li);
    });
    this.root.appendChild(ul);
  };

  Panel.prototype.render = function (report, iso) {
    var atlas = this.atlas;
    var p = report.placement;
    var root = this.root;
    var names = function (codes) { return codes.map(function (c) { return atlas.name(c); }); };
    root.replaceChildren(node("h2", report.state.name), node("p", "on " + C.words(report.on || iso), "on"));
    var place = node("p");
    place.appendChild(node("strong", "Place: "));
    place.appendChild(document.createTextNode(atlas.categoryLabel[p.category] || p.category));
    root.appendChild(place);
    var marks = atlas.place(report.state.code, iso).marks;
    if (marks.length) {
      var ml = node("ul", null, "marks");
      marks.forEach(function (m) { ml.appendChild(node("li", atlas.markLabel[m] || m)); });
      root.appendChild(ml);
    }
    root.appendChild(node("p", "Value criterion: " + criterion(p.core && p.core.criterion, report.criterion)));

    root.appendChild(node("h3", "Why"));
    var r = node("ul");
    (p.reasons || []).forEach(function (x) { r.appendChild(withSource(x.text, x.source)); });
    root.appendChild(r);

    root.appendChild(node("h3", "Guarantees it holds"));
    var g = node("ul");
    (p.ring2 && p.ring2.guarantees || []).forEach(function (x) {
      var li = withSource(x.citation + (x.duty ? ": " + x.duty : ""), x.source);
      li.appendChild(givers(names(x.from || [])));
      if (x.scope) {
        var where = node("details", null, "scope");
        where.appendChild(node("summary", "Where it applies"));
        where.appendChild(node("p", x.scope));
        li.appendChild(where);
      }
      g.appendChild(li);
    });
    if (!g.children.length) g.appendChild(node("li", "none on this date"));
    root.appendChild(g);

    root.appendChild(node("h3", "Memberships"));
    var m = node("ul");
    (report.memberships || []).forEach(function (s) {
      var text = (s.organisation_name || atlas.name(s.organisation)) + ": " + s.status.replace(/_/g, " ") +
        " since " + C.words(s.start) + " (" + (BASIS[s.start_basis] || String(s.start_basis || "").replace(/_/g, " ")) + ")" +
        (s.end ? ", until " + C.words(s.end) : "") + (s.note ? "; " + s.note : "");
      m.appendChild(withSource(text, s.source));
    });
    if (!m.children.length) m.appendChild(node("li", "none on this date"));
    root.appendChild(m);

    if (report.democracy_attribution) root.appendChild(node("p", report.democracy_attribution, "attribution"));
    root.dataset.state = report.state.code;
    root.dataset.on = report.on || iso;
  };

  /** A special territory (Greenland, the Faroes, Åland...): its holder, EU status and the guarantees there. */
  Panel.prototype.renderTerritory = function (report, code, iso) {
    var atlas = this.atlas;
    var root = this.root;
    root.replaceChildren(node("h2", report.territory.name), node("p", "on " + C.words(report.on || iso), "on"));
    root.appendChild(node("p", "A special territory of " + atlas.name(report.territory.sovereign) +
      (report.holder && report.holder.code !== report.territory.sovereign ? ", held on this date by " + report.holder.name : "") + "."));
    var place = node("p");
    place.appendChild(node("strong", "Place: "));
    var here = atlas.place(code, iso);
    place.appendChild(document.createTextNode(atlas.categoryLabel[here.category] || "not in the system on this date"));
    root.appendChild(place);
    if (report.eu_status) {
      var eu = node("ul");
      eu.appendChild(withSource("EU status: " + (EU_STATUS[report.eu_status.status] || report.eu_status.status.replace(/_/g, " ")) +
        (report.eu_status.since ? " since " + C.words(report.eu_status.since) : ""), report.eu_status.source));
      root.appendChild(eu);
    }
    root.appendChild(node("h3", "Guarantees for an armed attack there"));
    var g = node("ul");
    (report.guarantees || []).forEach(function (x) {
      var li = withSource(x.title + ": " + (STATUS[x.status] || x.status.replace(/_/g, " ")), x.citation);
      if (x.reasons && x.reasons.length) li.appendChild(node("div", x.reasons.join("; "), "givers"));
      g.appendChild(li);
    });
    if (!g.children.length) g.appendChild(node("li", "none on this date"));
    root.appendChild(g);
    if (report.note) root.appendChild(node("p", report.note));
    if (report.source) { var src = node("p", "Source: "); src.appendChild(sourceLink(report.source)); root.appendChild(src); }
    root.dataset.state = code;
    root.dataset.on = report.on || iso;
  };

  /** "from Belgium, Canada, … and 10 more" with the rest in a <details>. */
  function givers(list) {
    var span = node("div", null, "givers");
    if (!list.length) return span;
    span.appendChild(document.createTextNode("Given by " + list.slice(0, SHOWN_GIVERS).join(", ")));
    if (list.length > SHOWN_GIVERS) {
      var d = node("details");
      d.appendChild(node("summary", "and " + (list.length - SHOWN_GIVERS) + " more"));
      d.appendChild(node("p", list.slice(SHOWN_GIVERS).join(", ")));
      span.appendChild(d);
    }
    return span;
  }

  coopsec.AtlasPanel = Panel;
  coopsec.atlasApi = api;
})();
