/*
 * The atlas page, part 6a: highlight an organisation, or an intersection or difference of two.
 *
 * URL syntax of `org=` (also shown on the page): `NATO` one organisation's members; `EU*NATO` the
 * states in both (∩); `EU-NATO` those in the first and not in the second (∖). Any organisation code
 * of the atlas may be used. The sets are computed on the page from the atlas, for the chosen date.
 */
(function () {
  "use strict";
  var coopsec = (window.coopsec = window.coopsec || {});
  var SPEC = /^([A-Z0-9]+)(?:([*-])([A-Z0-9]+))?$/;
  var PAIRS = [["EU", "*", "NATO"], ["EU", "-", "NATO"], ["NATO", "-", "EU"]];

  /** {a, op, b} from "EU*NATO", or null for anything else (or an organisation the atlas lacks). */
  function parse(spec, atlas) {
    var m = SPEC.exec(spec || "");
    if (!m) return null;
    var orgs = atlas.data.organisations;
    if (!orgs[m[1]] || (m[3] && !orgs[m[3]])) return null;
    return { a: m[1], op: m[2] || null, b: m[3] || null, spec: m[0] };
  }

  function label(f, atlas) {
    if (!f.op) return atlas.data.organisations[f.a].name + " (" + f.a + ")";
    return f.a + (f.op === "*" ? " ∩ " : " ∖ ") + f.b + (f.op === "*" ? " (in both)" : " (in " + f.a + ", not in " + f.b + ")");
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /** The highlighted set on ``iso`` and a sentence with the count. */
  function evaluate(f, atlas, iso) {
    var a = atlas.members(f.a, iso);
    var codes = Object.keys(a).filter(function (c) { return atlas.exists(c, iso); });
    var noun = f.a + " " + (atlas.data.organisations[f.a].spells.some(function (s) { return s[1] === "member"; }) ? "members" : "partners");
    if (!f.op) {
      var set0 = {};
      codes.forEach(function (c) { set0[c] = true; });
      return { set: set0, text: codes.length ? plural(codes.length, noun.replace(/s$/, ""), noun) + " on this date." : "No " + noun + " on this date.", count: codes.length, total: codes.length };
    }
    var b = atlas.members(f.b, iso);
    var set = {};
    codes.forEach(function (c) { if (f.op === "*" ? b[c] : !b[c]) set[c] = true; });
    var n = Object.keys(set).length;
    var tail = f.op === "*" ? (n === 1 ? " is in " : " are in ") + f.b : (n === 1 ? " is not in " : " are not in ") + f.b;
    var text = codes.length ? n + " of the " + codes.length + " " + noun + tail + " on this date." : "No " + noun + " on this date.";
    return { set: set, text: text, count: n, total: codes.length };
  }

  /** Fills the <select>; ``onChange(spec)`` when the user picks one. Returns {set(spec), update(iso)}. */
  function Filter(atlas, map, onChange) {
    var select = document.getElementById("org-filter");
    var count = document.getElementById("org-count");
    var none = document.createElement("option");
    none.value = "";
    none.textContent = "No highlight (all states)";
    select.appendChild(none);
    var pairs = document.createElement("optgroup");
    pairs.label = "Intersections and differences";
    PAIRS.forEach(function (p) {
      var f = parse(p.join(""), atlas);
      if (!f) return;
      var o = document.createElement("option");
      o.value = f.spec;
      o.textContent = label(f, atlas);
      pairs.appendChild(o);
    });
    var single = document.createElement("optgroup");
    single.label = "Organisations";
    Object.keys(atlas.data.organisations).forEach(function (code) {
      var o = document.createElement("option");
      o.value = code;
      o.textContent = label({ a: code }, atlas);
      single.appendChild(o);
    });
    if (pairs.children.length) select.appendChild(pairs);
    select.appendChild(single);
    var current = null;
    var iso = null;

    function update(day) {
      iso = day || iso;
      if (!current) { map.dim(null); count.textContent = ""; count.hidden = true; return; }
      var r = evaluate(current, atlas, iso);
      map.dim(r.set);
      count.textContent = r.text;
      count.hidden = false;
      count.dataset.count = String(r.count);
      count.dataset.total = String(r.total);
    }

    function set(spec) {
      current = parse(spec, atlas);
      var value = current ? current.spec : "";
      if (current && !select.querySelector('option[value="' + value + '"]')) {
        var o = document.createElement("option");
        o.value = value;
        o.textContent = label(current, atlas);
        select.appendChild(o);
      }
      select.value = value;
      update();
    }

    select.addEventListener("change", function () { set(select.value); onChange(current ? current.spec : ""); });
    return { set: set, update: update, spec: function () { return current ? current.spec : ""; } };
  }

  coopsec.AtlasFilter = Filter;
})();
