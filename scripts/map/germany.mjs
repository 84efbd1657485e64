// Cuts the 1:50m Germany into the regions DEU, DDR and XSA along the Natural Earth 1:10m Länder.
//
// Only the lines *inside* Germany come from the Länder: every region is a part of the 1:50m
// Germany, so its outer border is the neighbours' own border (shared arcs) and the three regions
// tile Germany exactly. The two sources differ by up to a kilometre or so along the outer border;
// the thin "slivers" of the 1:50m Germany outside every Land are cut where an inner line meets the
// outer border (prolonging the inner line's last stretch) and each piece joins the region it touches.

const EAST = new Set(["Mecklenburg-Vorpommern", "Brandenburg", "Berlin", "Sachsen", "Sachsen-Anhalt", "Thüringen"]);
export const REGIONS = {
  DEU: "Germany (western Länder)",
  DDR: "German Democratic Republic (eastern Länder and Berlin)",
  XSA: "Saar (Saarland)",
};
const KNIFE = 0.1; // half-size, in degrees, of the box around each junction where slivers are cut

const regionOf = (land) => (land === "Saarland" ? "XSA" : EAST.has(land) ? "DDR" : "DEU");
const polygonsOf = (g) => (g.type === "Polygon" ? [g.coordinates] : g.coordinates);
// polygon-clipping fails on near-coincident vertices of the raw Länder: snap them to 1e-6°.
const round6 = (v) => Math.round(v * 1e6) / 1e6;
const snap = (polys) => polys.map((poly) => poly.map((ring) => ring.map(([x, y]) => [round6(x), round6(y)])));
const key = (p) => `${p[0]},${p[1]}`;

/** The two ends of the line between region `a` and region `b`, each with its outward direction. */
function junctions(union, a, b) {
  const ring = union[a].reduce((m, p) => (p[0].length > m[0].length ? p : m))[0].slice(0, -1);
  const other = new Set(union[b].flat(2).map(key));
  const on = ring.map((p) => other.has(key(p)));
  const n = ring.length;
  const start = on.findIndex((x, i) => x && !on[(i - 1 + n) % n]); // first vertex of a run
  let best = null;
  for (let i = 0; i < n; i++) {
    const s = (start + i) % n;
    if (!on[s] || on[(s - 1 + n) % n]) continue;
    let len = 0;
    while (on[(s + len) % n] && len < n) len++;
    if (!best || len > best.len) best = { s, len };
  }
  const end = (from, step) => {
    const j = ring[(from + n) % n];
    let k = 1;
    let p = ring[(from - step * k + n) % n];
    while (Math.hypot(j[0] - p[0], j[1] - p[1]) < 0.03 && k < best.len - 1) p = ring[(from - step * ++k + n) % n];
    const d = Math.hypot(j[0] - p[0], j[1] - p[1]);
    return { at: j, dir: [(j[0] - p[0]) / d, (j[1] - p[1]) / d] };
  };
  return [end(best.s, -1), end(best.s + best.len - 1, 1)];
}

/** The box around a junction, halved along the prolonged inner line. */
function knife(clip, { at, dir }) {
  const [x, y] = at;
  const box = [[[x - KNIFE, y - KNIFE], [x + KNIFE, y - KNIFE], [x + KNIFE, y + KNIFE], [x - KNIFE, y + KNIFE], [x - KNIFE, y - KNIFE]]];
  const far = 10 * KNIFE;
  const [u, v] = [dir[0] * far, dir[1] * far];
  const side = [[[x - u, y - v], [x + u, y + v], [x + u - v, y + v + u], [x - u - v, y - v + u], [x - u, y - v]]];
  return { box, halves: [clip.intersection(box, side), clip.difference(box, side)] };
}

/** Germany's regions as MultiPolygon coordinates, wound clockwise as d3-geo wants. */
export function splitGermany(clip, germany, lander) {
  const names = Object.keys(REGIONS);
  const union = {};
  for (const a3 of names) {
    union[a3] = clip.union(...lander.features.filter((f) => regionOf(f.properties.name) === a3).map((f) => snap(polygonsOf(f.geometry))));
  }
  const cores = Object.fromEntries(names.map((a3) => [a3, clip.intersection(germany, union[a3])]));
  const knives = [...junctions(union, "DDR", "DEU"), ...junctions(union, "XSA", "DEU")].map((j) => knife(clip, j));
  const slivers = clip.difference(germany, ...Object.values(union));
  const pieces = [
    ...clip.difference(slivers, ...knives.map((k) => k.box)),
    ...knives.flatMap((k) => k.halves.flatMap((half) => clip.intersection(slivers, half))),
  ];
  const coreVertices = Object.fromEntries(names.map((a3) => [a3, new Set(cores[a3].flat(2).map(key))]));
  const extra = Object.fromEntries(names.map((a3) => [a3, []]));
  for (const piece of pieces) {
    const pts = piece.flat(1);
    const score = (a3) => pts.filter((p) => coreVertices[a3].has(key(p))).length;
    let best = names.reduce((a, b) => (score(a) >= score(b) ? a : b));
    if (score(best) === 0) {
      // Touches no region's vertex (an island, or a piece cut off by a knife): the nearest region.
      const d2 = (a3) => Math.min(...cores[a3].flat(2).map((q) => Math.min(...pts.map((p) => (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2))));
      best = names.reduce((a, b) => (d2(a) <= d2(b) ? a : b));
    }
    extra[best].push(piece);
  }
  const regions = Object.fromEntries(names.map((a3) => [a3, clip.union(cores[a3], ...extra[a3].map((p) => [p]))]));
  // Where a Land's edge crossed the 1:50m border, clipping left a new vertex on the neighbour's edge;
  // it would stop topojson from sharing that edge with the neighbour. Keep only the source vertices
  // and the points where two regions meet.
  const source = new Set([...germany.flat(2).map(key), ...Object.values(union).flat(3).map(key)]);
  const owners = new Map();
  for (const [a3, mp] of Object.entries(regions)) for (const p of mp.flat(2)) owners.set(key(p), (owners.get(key(p)) ?? new Set()).add(a3));
  const kept = (p) => source.has(key(p)) || owners.get(key(p)).size > 1;
  const clean = (ring) => {
    const out = ring.slice(0, -1).filter(kept);
    return [...out, out[0]];
  };
  // polygon-clipping winds exterior rings anticlockwise; d3-geo (like the 1:50m input) wants them
  // clockwise, else a region is read as the whole sphere minus it.
  const clockwise = (mp) => mp.map((poly) => poly.map((ring) => clean(ring).reverse()));
  return Object.fromEntries(names.map((a3) => [a3, clockwise(regions[a3])]));
}

/** `outer` with a hole where `inner` lies (Italy around the Vatican), wound as d3-geo wants. */
export function cutOut(clip, outer, inner) {
  return clip.difference(outer, inner).map((poly) => poly.map((ring) => ring.slice().reverse()));
}
