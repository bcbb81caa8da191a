// make-countries.mjs - generate data/countries.json for intercity.
// SPDX-License-Identifier: MIT
//
// Writes data/countries.json in the intercity import format (docs/FORMAT.md):
// every ISO 3166-1 alpha-2 code known to the npm package i18n-iso-countries,
// sorted by code, each with its name in ca, en, es, fr and it. The name is the
// package's "official" form (the first name when a locale lists several).
// If any locale lacks a name for a code, the script fails and writes nothing:
// names are never invented or borrowed from another language.
//
// Source: i18n-iso-countries (https://github.com/michaelwittig/node-i18n-iso-countries),
// MIT licence, Copyright (c) 2016 widdix GmbH. The exact version is pinned in
// package.json and package-lock.json next to this script.
//
// To rerun (from the repository root, or adjust the paths):
//
//   (cd tools/countries && npm ci)
//   node tools/countries/make-countries.mjs
//
// The output is deterministic: running it twice gives identical bytes. The
// script writes only data/countries.json.

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const LANGS = ["ca", "en", "es", "fr", "it"]; // sorted: keys are written in this order
const MAX_NAME = 200; // docs/FORMAT.md: countries.names is i18n <= 200

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const outPath = join(repoRoot, "data", "countries.json");

const require = createRequire(join(here, "package.json"));
const countries = require("i18n-iso-countries/index.js");
const pkg = require("i18n-iso-countries/package.json");

for (const lang of LANGS) {
  countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
}

function fail(msg) {
  console.error(`make-countries: ${msg}`);
  process.exit(1);
}

const codes = Object.keys(countries.getAlpha2Codes()).sort();
if (codes.length === 0) fail("i18n-iso-countries lists no alpha-2 codes");

const errors = [];
for (const code of codes) {
  if (!/^[A-Z]{2}$/.test(code)) errors.push(`${code}: not an upper-case alpha-2 code`);
}

// A locale naming a code the package does not list would be silently dropped.
for (const lang of LANGS) {
  for (const code of Object.keys(countries.getNames(lang, { select: "official" }))) {
    if (!codes.includes(code)) errors.push(`${code}: named in locale ${lang} but not a known alpha-2 code`);
  }
}

const records = [];
for (const code of codes) {
  const names = {};
  for (const lang of LANGS) {
    const name = countries.getName(code, lang, { select: "official" });
    if (typeof name !== "string" || name.trim() === "") {
      errors.push(`${code}: no ${lang} name`);
      continue;
    }
    if (name !== name.trim()) errors.push(`${code}: ${lang} name has surrounding spaces: ${JSON.stringify(name)}`);
    if (name.normalize("NFC") !== name) errors.push(`${code}: ${lang} name is not in Unicode NFC`);
    if ([...name].length > MAX_NAME) errors.push(`${code}: ${lang} name longer than ${MAX_NAME} characters`);
    names[lang] = name;
  }
  records.push({ code, names });
}

if (errors.length > 0) {
  fail(`i18n-iso-countries ${pkg.version}: ${errors.length} problem(s), nothing written:\n  ${errors.join("\n  ")}`);
}

const lines = records.map((r) => "    " + JSON.stringify(r));
const out =
  "{\n" +
  '  "format": "intercity",\n' +
  '  "version": 1,\n' +
  '  "countries": [\n' +
  lines.join(",\n") +
  "\n  ]\n" +
  "}\n";

writeFileSync(outPath, out, "utf8");
console.log(
  `make-countries: wrote ${relative(process.cwd(), outPath) || outPath}: ` +
    `${records.length} countries from i18n-iso-countries ${pkg.version}`
);
