// Checks atlas.topo.json after a build (run by build.sh): the topology is whole, every geometry has
// a3 and name and draws with d3-geo, the microstates are real polygons, and Germany's three regions
// share arcs with each other and with the neighbours, merging into one Germany.
import { readFileSync } from "node:fs";
import { feature, merge, mesh, neighbors } from "topojson-client";
import { geoArea, geoConicConformal, geoPath } from "d3-geo";

const topo = JSON.parse(readFileSync(process.argv[2], "utf8"));
const geoms = topo.objects.countries.geometries;
const fail = (msg) => { console.error(`check failed: ${msg}`); process.exitCode = 1; };
const used = new Set();
for (const g of geoms) {
  if (!g.properties?.a3 || !g.properties?.name) fail(`geometry without a3/name: ${JSON.stringify(g.properties)}`);
  if (g.type !== "Polygon" && g.type !== "MultiPolygon") fail(`${g.properties.a3} has type ${g.type}`);
  for (const ring of (g.type === "Polygon" ? [g.arcs] : g.arcs).flat(1)) {
    for (const a of ring) {
      const i = a < 0 ? ~a : a;
      if (!(i < topo.arcs.length)) fail(`${g.properties.a3} uses missing arc ${i}`);
      used.add(i);
    }
  }
}
topo.arcs.forEach((arc, i) => { if (arc.length < 2) fail(`arc ${i} has ${arc.length} points`); });
if (used.size !== topo.arcs.length) fail(`${topo.arcs.length - used.size} arcs unused`);

const europe = { type: "Feature", geometry: { type: "MultiPoint", coordinates: [[-25, 34], [45, 34], [-10, 71], [45, 71]] } };
const path = geoPath(geoConicConformal().rotate([-15, 0]).parallels([35, 65]).fitSize([960, 640], europe));
const byA3 = {};
for (const f of feature(topo, topo.objects.countries).features) {
  byA3[f.properties.a3] = f;
  const area = geoArea(f);
  if (!(area > 0 && area < 2 * Math.PI)) fail(`${f.properties.a3} has spherical area ${area} (empty or inverted)`);
  if (!path(f)) fail(`${f.properties.a3} draws no path`);
}
for (const a3 of ["AND", "MCO", "SMR", "LIE", "VAT", "MLT", "DEU", "DDR", "XSA", "USA", "CAN"]) {
  if (!byA3[a3]) fail(`${a3} missing`);
}
const index = Object.fromEntries(geoms.map((g, i) => [g.properties.a3, i]));
const nb = neighbors(geoms);
const around = (a3) => new Set(nb[index[a3]].map((i) => geoms[i].properties.a3));
const expect = { DEU: ["DDR", "XSA", "FRA", "NLD", "BEL", "LUX", "DNK", "CHE", "AUT", "CZE"], DDR: ["DEU", "POL", "CZE"], XSA: ["DEU", "FRA", "LUX"] };
for (const [a3, want] of Object.entries(expect)) {
  const got = around(a3);
  for (const w of want) if (!got.has(w)) fail(`${a3} shares no arc with ${w} (has ${[...got]})`);
}
const three = ["DEU", "DDR", "XSA"].map((a3) => geoms[index[a3]]);
const germany = merge(topo, three);
const main = germany.coordinates.reduce((a, b) => (geoArea({ type: "Polygon", coordinates: a }) > geoArea({ type: "Polygon", coordinates: b }) ? a : b));
if (main.length !== 1) fail(`merged Germany's mainland has ${main.length - 1} holes`);
const inner = mesh(topo, { type: "GeometryCollection", geometries: three }, (a, b) => a !== b);
console.log(`checked ${geoms.length} geometries, ${topo.arcs.length} arcs; Germany's inner lines: ${inner.coordinates.length}; ` +
  `DEU neighbours: ${[...around("DEU")].join(",")}; DDR: ${[...around("DDR")].join(",")}`);
