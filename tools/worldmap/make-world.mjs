// make-world.mjs - writes data/world.json, the country shapes for the
// server-made SVG maps, from Natural Earth 1:110m (npm world-atlas).
// SPDX-License-Identifier: MIT
//
//   cd tools/worldmap && npm ci && node make-world.mjs [--out FILE]
//
// Steps, in order:
// 1. Decode the TopoJSON arcs of countries-110m.json to lon/lat and simplify
//    each arc with Douglas-Peucker (TOLERANCE degrees). Arcs are shared by
//    neighbouring countries, so simplifying arcs rather than rings keeps
//    borders identical on both sides (no slivers, no gaps).
// 2. Turn the topology into GeoJSON features with topojson-client.
// 3. Per country: the ISO 3166-1 numeric id becomes the alpha-2 code through
//    i18n-iso-countries; the three shapes without an id get the code listed
//    in NAMED (Kosovo -> XK) or none (drawn, but not addressable).
// 4. Round every point to 1/SCALE degree, drop repeated points and rings
//    that collapse (< 3 points), and drop polygons smaller than MIN_AREA
//    square degrees unless they are the country's largest.
// 5. Write {"source", "scale", "countries": [{"id", "name", "rings"}]} where
//    each ring is a flat array of integers lon*SCALE, lat*SCALE, … without
//    the closing point. Rings of one country are drawn as one path with the
//    even-odd rule, so holes (Lesotho in South Africa) stay holes.
// The script fails, writing nothing, if a ring jumps across the antimeridian
// other than along the south pole (the C renderer does not cut country rings) or two shapes share a code.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";
import countries from "i18n-iso-countries";

const require = createRequire(import.meta.url);
const TOLERANCE = 0.12;	// degrees, Douglas-Peucker
const SCALE = 10;	// points are stored in tenths of a degree
const MIN_AREA = 0.5;	// square degrees (~ 6,000 km² at the equator)
const NAMED = { "Kosovo": "XK" };

const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? process.argv[outArg + 1]
    : new URL("../../data/world.json", import.meta.url).pathname;

const atlasPkg = require("world-atlas/package.json");
const topo = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));

// ---- 1. decode and simplify the arcs --------------------------------------
function decodeArc(arc, tf) {
	let x = 0, y = 0;
	return arc.map(([dx, dy]) => {
		x += dx; y += dy;
		return [x * tf.scale[0] + tf.translate[0], y * tf.scale[1] + tf.translate[1]];
	});
}

function segDist(p, a, b) {
	const dx = b[0] - a[0], dy = b[1] - a[1];
	const l2 = dx * dx + dy * dy;
	let t = l2 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2 : 0;
	t = Math.max(0, Math.min(1, t));
	return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

function douglasPeucker(pts, tol) {
	if (pts.length < 3)
		return pts;
	const keep = new Uint8Array(pts.length);
	keep[0] = keep[pts.length - 1] = 1;
	const stack = [[0, pts.length - 1]];
	while (stack.length) {
		const [i, j] = stack.pop();
		let best = -1, bi = -1;
		for (let k = i + 1; k < j; k++) {
			const d = segDist(pts[k], pts[i], pts[j]);
			if (d > best) { best = d; bi = k; }
		}
		if (best > tol) {
			keep[bi] = 1;
			stack.push([i, bi], [bi, j]);
		}
	}
	return pts.filter((_, k) => keep[k]);
}

// A closed arc (an island: first point == last) has no baseline, so it is
// split at the point farthest from its start and each half simplified.
function simplifyArc(pts, tol) {
	const a = pts[0], z = pts[pts.length - 1];
	if (pts.length < 4 || a[0] !== z[0] || a[1] !== z[1])
		return douglasPeucker(pts, tol);
	let f = 1;
	for (let k = 2; k < pts.length - 1; k++)
		if (Math.hypot(pts[k][0] - a[0], pts[k][1] - a[1]) >
		    Math.hypot(pts[f][0] - a[0], pts[f][1] - a[1]))
			f = k;
	const h1 = douglasPeucker(pts.slice(0, f + 1), tol);
	const h2 = douglasPeucker(pts.slice(f), tol);
	return h1.concat(h2.slice(1));
}

topo.arcs = topo.arcs.map((arc) => simplifyArc(decodeArc(arc, topo.transform), TOLERANCE));
delete topo.transform;

// ---- 2-4. features, codes, rounding ----------------------------------------
const fc = feature(topo, topo.objects.countries);

function ringArea(r) {	// shoelace, square degrees, sign dropped
	let a = 0;
	for (let i = 0, j = r.length - 1; i < r.length; j = i++)
		a += (r[j][0] + r[i][0]) * (r[j][1] - r[i][1]);
	return Math.abs(a / 2);
}

function roundRing(ring) {
	const r = [];
	for (const [lon, lat] of ring) {
		const p = [Math.round(lon * SCALE), Math.round(lat * SCALE)];
		const q = r[r.length - 1];
		if (!q || q[0] !== p[0] || q[1] !== p[1])
			r.push(p);
	}
	while (r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1])
		r.pop();
	return r;
}

// Natural Earth cuts shapes at the antimeridian, but a ring may still run
// along it from one side to the other (a jump from lon 180 to -180 at the
// same latitude). Two jumps: Fiji's and Russia's rings straddle the line;
// they become two rings, one per side, each closed along the meridian. One
// jump: Antarctica's ring goes round the pole; it is closed through the
// south pole (lat -90, which Equal Earth draws as a line) instead of across
// the map. More jumps are not expected and fail.
function cutRing(ring) {
	const jumps = [];
	for (let i = 1; i < ring.length; i++)
		if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180)
			jumps.push(i);
	if (jumps.length === 0)
		return [ring];
	if (jumps.length === 1) {
		const i = jumps[0], a = ring[i - 1], b = ring[i];
		if (a[1] > -60)
			throw new Error("a ring jumps the antimeridian once, away from the south pole");
		return [[...ring.slice(0, i), [a[0], -90], [b[0], -90], ...ring.slice(i)]];
	}
	if (jumps.length === 2) {
		const [i, j] = jumps;
		const open = ring.slice(0, -1);	// drop the closing point
		return [open.slice(i, j), [...open.slice(j), ...open.slice(0, i)]]
		    .map((r) => [...r, r[0]]);
	}
	throw new Error(`a ring jumps the antimeridian ${jumps.length} times`);
}

const seen = new Map();
const result = [];
let dropped = 0;
for (const f of fc.features) {
	const name = f.properties.name;
	let id = f.id !== undefined ? countries.numericToAlpha2(f.id) : NAMED[name];
	if (f.id !== undefined && !id)
		throw new Error(`${name}: numeric id ${f.id} has no alpha-2 code`);
	id = id ?? null;
	if (id && seen.has(id))
		throw new Error(`${name} and ${seen.get(id)} share the code ${id}`);
	if (id)
		seen.set(id, name);
	const polys = (f.geometry.type === "Polygon" ? [f.geometry.coordinates]
	    : f.geometry.coordinates)
	    .flatMap((p) => {	// a cut outer ring gives one polygon per side
		const outer = cutRing(p[0]);
		return outer.map((o, k) => k === 0 ? [o, ...p.slice(1).flatMap(cutRing)] : [o]);
	    });
	const rounded = polys.map((p) => p.map(roundRing).filter((r) => r.length >= 3))
	    .filter((p) => p.length > 0);
	const areas = rounded.map((p) => ringArea(p[0]));
	const largest = Math.max(...areas);
	const rings = [];
	rounded.forEach((p, k) => {
		if (areas[k] < MIN_AREA && areas[k] !== largest) {
			dropped++;
			return;
		}
		for (const r of p) {
			for (let i = 1; i < r.length; i++)
				if (Math.abs(r[i][0] - r[i - 1][0]) > 180 * SCALE &&
				    !(r[i][1] === -90 * SCALE && r[i - 1][1] === -90 * SCALE))
					throw new Error(`${name}: a ring crosses the antimeridian`);
			rings.push(r.flat());
		}
	});
	result.push({ id, name, rings });
}
// By code; the shapes without one last, by name.
result.sort((a, b) => (!a.id - !b.id) || (a.id ?? a.name).localeCompare(b.id ?? b.name));

// One country per line: small diffs when the data changes.
const head = {
	source: `Natural Earth 1:110m Cultural Vectors (public domain) via npm world-atlas ${atlasPkg.version}`,
	simplify: `Douglas-Peucker ${TOLERANCE} deg on shared arcs; polygons under ${MIN_AREA} sq deg dropped`,
	scale: SCALE,
};
let text = JSON.stringify(head).slice(0, -1) + ',"countries":[\n';
text += result.map((c) => JSON.stringify(c)).join(",\n") + "\n]}\n";
writeFileSync(out, text);
const pts = result.reduce((n, c) => n + c.rings.reduce((m, r) => m + r.length / 2, 0), 0);
process.stderr.write(`${out}: ${result.length} shapes (${result.filter((c) => !c.id).map((c) => c.name).join(", ")} without a code), ` +
    `${pts} points, ${dropped} small polygons dropped, ${Buffer.byteLength(text)} bytes\n`);
