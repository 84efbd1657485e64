/*
 * The atlas page, part 1 of 6: the data and the dates (no drawing here).
 *
 * The page embeds the whole atlas (every state's place and every shape's holder for every date,
 * see rings/atlas.py) so that moving through the years needs no request. This file reads it and
 * answers "what on day D" by binary search; the other files (draw, slider, panel, filter, main)
 * share it through window.coopsec.atlas.
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var DAY = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

  /** Days since 1970-01-01 of an ISO date, or NaN for anything that is not a real calendar day. */
  function toDays(iso) {
    var m = ISO.exec(iso || "");
    if (!m) return NaN;
    var t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    var back = new Date(t);
    if (back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) return NaN;
    return Math.round(t / DAY);
  }

  function fromDays(days) {
    return new Date(days * DAY).toISOString().slice(0, 10);
  }

  /** "3 October 1990": what the slider announces and the panel says. */
  function words(iso) {
    var m = ISO.exec(iso || "");
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : String(iso);
  }

  /** The same day ``months`` months later (or earlier), kept within the shorter month (31 Jan + 1 = 28/29 Feb). */
  function addMonths(iso, months) {
    var m = ISO.exec(iso);
    var total = Number(m[1]) * 12 + Number(m[2]) - 1 + months;
    var year = Math.floor(total / 12);
    var month = total - year * 12;
    var last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    var day = Math.min(Number(m[3]), last);
    return String(year).padStart(4, "0") + "-" + String(month + 1).padStart(2, "0") + "-" + String(day).padStart(2, "0");
  }

  /** The entry of a dated list ([[date, ...], ...], sorted) in force on ``iso``, or null before the first. */
  function at(entries, iso) {
    if (!entries) return null;
    var lo = 0;
    var hi = entries.length - 1;
    var found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (entries[mid][0] <= iso) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found < 0 ? null : entries[found];
  }

  /** Reads the embedded atlas; throws with words if it is missing or not the atlas. */
  function load() {
    var el = document.getElementById("atlas-data");
    var data = JSON.parse(el ? el.textContent : "null");
    if (!data || !data.shapes || !data.places || !data.states || !data.categories) {
      throw new Error("the page came without the atlas data");
    }
    return data;
  }

  function Atlas(data) {
    this.data = data;
    this.from = data.from;
    this.to = data.to;
    this.categoryLabel = {};
    this.markLabel = {};
    var self = this;
    data.categories.forEach(function (c) { self.categoryLabel[c.id] = c.label; });
    (data.marks || []).forEach(function (m) { self.markLabel[m.id] = m.label; });
  }

  Atlas.prototype.name = function (code) {
    var s = this.data.states[code];
    return s ? s.name : code;
  };

  /** Who holds the shape ``a3`` on ``iso``: a state code, null (no state then), or undefined (not in the knowledge base). */
  Atlas.prototype.holder = function (a3, iso) {
    var entries = this.data.shapes[a3];
    if (!entries) return undefined;
    var e = at(entries, iso);
    return e ? e[1] : null;
  };

  /** {category, marks} of ``code`` on ``iso``; category null when the state does not exist then. */
  Atlas.prototype.place = function (code, iso) {
    var e = at(this.data.places[code], iso);
    return e ? { category: e[1], marks: e[2] || [] } : { category: null, marks: [] };
  };

  Atlas.prototype.exists = function (code, iso) {
    var s = this.data.states[code];
    if (!s) return false;
    if (s.territory_of) return this.exists(s.territory_of, iso);
    return (!s.start || s.start <= iso) && (!s.end || iso < s.end);
  };

  /** The states holding, on ``iso``, any shape that ``code`` ever held (the territory's holder then). */
  Atlas.prototype.heirs = function (code, iso) {
    var found = [];
    var shapes = this.data.shapes;
    for (var a3 in shapes) {
      if (shapes[a3].some(function (e) { return e[1] === code; })) {
        var now = this.holder(a3, iso);
        if (now && now !== code && found.indexOf(now) < 0) found.push(now);
      }
    }
    return found;
  };

  /**
   * The set an organisation stands for on ``iso``: its members (or, for a partnership without
   * members such as the ENP, its partners). Special territories count with their state.
   */
  Atlas.prototype.members = function (org, iso) {
    var o = this.data.organisations[org];
    if (!o) return null;
    var hasMembers = o.spells.some(function (s) { return s[1] === "member"; });
    var status = hasMembers ? "member" : "partner";
    var set = {};
    o.spells.forEach(function (s) {
      if (s[1] === status && s[2] <= iso && (!s[3] || iso < s[3])) set[s[0]] = true;
    });
    return set;
  };

  /** Whether ``code`` (a state or a special territory) is in ``set`` (a members() object). */
  Atlas.prototype.inSet = function (set, code) {
    if (set[code]) return true;
    var s = this.data.states[code];
    return Boolean(s && s.territory_of && set[s.territory_of]);
  };

  coopsec.atlasCore = {
    toDays: toDays,
    fromDays: fromDays,
    words: words,
    addMonths: addMonths,
    at: at,
    load: load,
    Atlas: Atlas,
  };
})();
