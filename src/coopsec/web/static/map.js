// The map page: draws the world shapes (shipped with the package), colours each state by its place in
// the system on the chosen date (from /api/v1/rings), and shows a state's details on selection.
(function () {
  "use strict";
  const START = new Date(Date.UTC(1949, 0, 1));
  const DAY = 86400000;
  const codes = JSON.parse(document.getElementById("codes").textContent);
  const slider = document.getElementById("date-slider");
  const input = document.getElementById("date-input");
  const label = document.getElementById("date-label");
  const details = document.getElementById("details");
  const svg = document.getElementById("map");
  const NS = "http://www.w3.org/2000/svg";
  let current = input.value;
  let categories = {};
  let pending = null;

  function toDate(days) { return new Date(START.getTime() + days * DAY).toISOString().slice(0, 10); }
  function toDays(iso) { return Math.round((Date.parse(iso + "T00:00:00Z") - START.getTime()) / DAY); }

  slider.max = String(toDays(input.max));
  slider.value = String(toDays(current));

  function draw(topology) {
    const countries = topojson.feature(topology, topology.objects.countries);
    // Europe and its neighbourhood: fit these corners, and clip whatever lies beyond the frame.
    const frame = { type: "MultiPoint", coordinates: [[-24, 14], [60, 14], [-10, 71], [48, 71], [15, 12], [15, 71]] };
    const projection = d3.geoConicConformal().rotate([-15, 0]).parallels([35, 65])
      .fitExtent([[5, 5], [955, 635]], frame).clipExtent([[0, 0], [960, 640]]);
    const path = d3.geoPath(projection);
    for (const feature of countries.features) {
      const a3 = feature.properties && feature.properties.a3;
      if (a3 === "ATA") { continue; }  // Antarctica would wrap the conic projection
      const d = path(feature);
      if (!d) { continue; }
      const el = document.createElementNS(NS, "path");
      el.setAttribute("d", d);
      const code = codes[a3];
      el.setAttribute("class", "unknown");
      if (code) {
        el.dataset.code = code;
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "button");
        el.setAttribute("aria-label", code);
        el.addEventListener("click", () => select(code));
        el.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(code); } });
      }
      svg.appendChild(el);
    }
    svg.dataset.ready = "true";
    colour();
  }

  function colour() {
    const day = current;
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch("/api/v1/rings?on=" + day, { signal: pending.signal, credentials: "same-origin" })
      .then((r) => r.json())
      .then((body) => {
        categories = {};
        for (const s of body.states || []) { categories[s.state] = s; }
        for (const el of svg.querySelectorAll("path[data-code]")) {
          const s = categories[el.dataset.code];
          el.setAttribute("class", s ? s.category : "unknown");
          el.setAttribute("aria-label", s ? s.name + ": " + s.category.replace(/-/g, " ") : el.dataset.code);
        }
        svg.dataset.date = day;
      })
      .catch((e) => { if (e.name !== "AbortError") { details.textContent = "Could not load the system for " + day; } });
  }

  function setDate(iso) {
    if (!iso || iso === current) { return; }
    current = iso;
    input.value = iso;
    slider.value = String(toDays(iso));
    label.textContent = iso;
    colour();
  }

  function select(code) {
    for (const el of svg.querySelectorAll("path.selected")) { el.classList.remove("selected"); }
    for (const el of svg.querySelectorAll('path[data-code="' + code + '"]')) { el.classList.add("selected"); }
    fetch("/api/v1/states/" + code + "?on=" + current, { credentials: "same-origin" })
      .then((r) => r.json())
      .then(render);
  }

  // "V-Dem v15, 1954: 3 (met)", or the reason there is no data: never shown as "below the criterion".
  function criterion(reading, rule) {
    if (!reading) { return "not read"; }
    const what = rule ? rule.text + " — " : "";
    if (reading.no_data) { return what + (reading.note || "no data"); }
    return what + reading.dataset + ", " + reading.year + ": " + reading.value + (reading.met ? " (met)" : " (not met)");
  }

  function text(tag, content) { const el = document.createElement(tag); el.textContent = content; return el; }

  function render(report) {
    details.replaceChildren();
    const p = report.placement;
    details.appendChild(text("h2", report.state.name + " (" + report.state.code + ") on " + report.on));
    details.appendChild(text("p", "Place: " + p.category.replace(/-/g, " ")));
    details.appendChild(text("p", "Value criterion: " + criterion(p.core.criterion, report.criterion)));
    details.appendChild(text("h3", "Guarantees"));
    const g = document.createElement("ul");
    for (const x of p.ring2.guarantees) { g.appendChild(text("li", x.citation + " from " + x.from.length + " parties (" + x.scope + ")")); }
    if (!p.ring2.guarantees.length) { g.appendChild(text("li", "none")); }
    details.appendChild(g);
    details.appendChild(text("h3", "Memberships"));
    const m = document.createElement("ul");
    for (const s of report.memberships) {
      m.appendChild(text("li", s.organisation + " — " + s.status + " since " + s.start + " (" + s.start_basis.replace(/_/g, " ") + "); source: " + s.source.title));
    }
    details.appendChild(m);
    details.appendChild(text("h3", "Reasons"));
    const r = document.createElement("ul");
    for (const x of p.reasons) { r.appendChild(text("li", x.text + (x.source ? " — " + x.source.title : ""))); }
    details.appendChild(r);
  }

  slider.addEventListener("input", () => setDate(toDate(Number(slider.value))));
  input.addEventListener("change", () => setDate(input.value));
  fetch("/static/map/world-50m.topojson.json").then((r) => r.json()).then(draw);
})();
