// make-countries.mjs - generate data/countries.json for intercity.
// SPDX-License-Identifier: MIT
//
// Writes data/countries.json in the intercity import format (docs/FORMAT.md):
// every ISO 3166-1 alpha-2 code known to the npm package i18n-iso-countries,
// sorted by code, each with its name in ca, en, es, fr and it.
//
// Which name. The package gives, per code and language, an "official" name
// and sometimes aliases (getName(code, lang, {select: "all"}) lists them,
// official first). Some official names are in index order ("Salvador, El",
// "Moldova, Republic of"), some are formal long forms ("Islamic Republic of
// Iran"), some are plain-ASCII spellings ("Cote d'Ivoire"). The script picks
// the form an editor would put in a list or a sentence, by this rule:
//
//   1. A name is *inverted* if it is "X, Y" where Y (the text after the last
//      ", ") is a prefix phrase listed in PREFIXES below or contains no word
//      of AND below, or if it is "X (Y)" with Y listed in PREFIXES. So
//      "Åland, illes" and "Virgin Islands, British" are inverted, while the
//      enumerations "Bonaire, Sint Eustatius and Saba" and "Santa Helena,
//      Ascensión y Tristán de Acuña" are not, and neither is a qualifier
//      such as "Saint Martin (French part)".
//   2. A name is a *candidate* if it is not inverted, contains a lower-case
//      letter (this drops abbreviations: "UK", "USA", "UAE"), is not also a
//      name of another code in the same language (English "Congo" is an
//      alias of both CD and CG), and is not another of the code's names with
//      its accents removed ("Cote d'Ivoire" beside "Côte d'Ivoire").
//   3. Take the official name if it is a candidate, else the first candidate
//      alias in the package's order. If a shorter candidate occurs in it as
//      whole words, the longer one is the formal form of that short name:
//      take the shortest such ("Islamic Republic of Iran" -> "Iran",
//      "United States of America" -> "United States").
//   4. If there is no candidate, un-invert the official name (or failing
//      that the first alias that can be): "X, Y" or "X (Y)" becomes "P X",
//      where P is the display form that PREFIXES gives for Y (Catalan
//      "Salvador, El" -> "El Salvador", "Åland, illes" -> "Illes Åland").
//      A name coordinated with AND whose every part is so inverted is
//      un-inverted part by part ("Heard, illa i McDonald, illes" -> "Illa
//      Heard i Illes McDonald"). X must not itself contain ", ".
//   5. If nothing applies, keep the official name; if it is inverted it is
//      listed in the report on stderr.
//   6. OVERRIDES below replaces the result for a few codes; each entry is one
//      of the names the package itself lists for that code and language (the
//      script fails if not).
//
// No name is invented: every name is one the package lists for that code and
// language, or one derived from such a name by the un-inversion in step 4.
// If any locale lacks a name for a code, or two codes end up with the same
// name in one language, the script fails and writes nothing; names are never
// borrowed from another language.
//
// The script prints a short report on stderr: how many names differ from the
// package's official name, the overrides applied, inverted names it had to
// keep, names that still contain ", " (enumerations) and names with a double
// or non-ASCII space (kept as they are). With --changes it also lists every
// name that differs from the official one, and why.
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

// The word "and" per language, used to tell an enumeration ("A, B and C")
// from an inverted name, and to split coordinated names in step 4.
const AND = {
  ca: ["i"],
  en: ["and"],
  es: ["y", "e"],
  fr: ["et"],
  it: ["e", "ed"],
};

// Prefix phrases that index-order names move behind a comma: the key is the
// phrase as it appears after ", " (or inside the final parentheses), the
// value is how it is written when moved back in front of the name. Only
// these are un-inverted. Some entries are not needed by the pinned package
// version; they are the same kind of phrase and keep a newer version from
// silently keeping an index form. English "Province of China" is
// deliberately absent: "Taiwan, Province of China" is not un-inverted (the
// package has the alias "Taiwan").
const PREFIXES = {
  ca: {
    "illes": "Illes",
    "illa": "Illa",
    "illa de la": "Illa de la",
    "El": "El",
    "República": "República",
    "República del": "República del",
    "República Democràtica del": "República Democràtica del",
    "Estats Federats de": "Estats Federats de",
    "Ciutat del": "Ciutat del",
  },
  en: {
    "British": "British",
    "U.S.": "U.S.",
    "Republic of": "Republic of",
    "Federated States of": "Federated States of",
    "Islamic Republic of": "Islamic Republic of",
    "United Republic of": "United Republic of",
    "Bolivarian Republic of": "Bolivarian Republic of",
    "Plurinational State of": "Plurinational State of",
    "Democratic People's Republic of": "Democratic People's Republic of",
    "Democratic Republic of the": "Democratic Republic of the",
    "The Democratic Republic of the": "The Democratic Republic of the",
    "Republic of the": "Republic of the",
    "State of": "State of",
  },
  es: {
    "República Democrática del": "República Democrática del",
    "República del": "República del",
    "República": "República",
    "Islas": "Islas",
    "Isla": "Isla",
    "El": "El",
  },
  fr: {
    "République démocratique du": "République démocratique du",
    "République du": "République du",
    "République": "République",
    "Îles": "Îles",
    "Île": "Île",
  },
  it: {
    "Repubblica Democratica del": "Repubblica Democratica del",
    "Repubblica del": "Repubblica del",
    "Repubblica": "Repubblica",
    "Isole": "Isole",
    "Isola": "Isola",
  },
};

// Deliberate exceptions to the rule. Each value is one of the package's own
// names for that code and language (its official name or an alias, see
// getName(code, lang, {select: "all"})); the script checks this.
const OVERRIDES = {
  CZ: { en: "Czechia" }, // alias; the official "Czech Republic" is the long form, ISO 3166 short name is "Czechia"
  RU: { en: "Russia" }, // alias; the official "Russian Federation" is the long form, as in the other four languages
  TW: { it: "Taiwan" }, // alias; the official "Repubblica di Cina" is not the name in common Italian use
};

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const outPath = join(repoRoot, "data", "countries.json");
const listChanges = process.argv.includes("--changes");

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
for (const [code, byLang] of Object.entries(OVERRIDES)) {
  if (!codes.includes(code)) errors.push(`${code}: override for a code the package does not list`);
  for (const lang of Object.keys(byLang)) {
    if (!LANGS.includes(lang)) errors.push(`${code}: override for language ${lang}, not one of ${LANGS.join(", ")}`);
  }
}

// All names of a code in a language, official first; [] if none.
function allNames(code, lang) {
  const v = countries.getName(code, lang, { select: "all" });
  if (Array.isArray(v)) return v;
  return typeof v === "string" ? [v] : [];
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const hasWord = (text, word) => new RegExp(`(^|\\s)${escapeRe(word)}(\\s|$)`, "u").test(text);
const stripAccents = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");

// "X, Y" or "X (Y)" with Y a listed prefix phrase, X without ", ": "P X".
function uninvertSimple(lang, name) {
  const prefixes = PREFIXES[lang];
  let m = /^(.+) \(([^()]+)\)$/u.exec(name);
  if (m && Object.hasOwn(prefixes, m[2]) && !m[1].includes(", ") && !m[1].includes("(")) {
    return `${prefixes[m[2]]} ${m[1]}`;
  }
  const i = name.lastIndexOf(", ");
  if (i > 0) {
    const x = name.slice(0, i);
    const y = name.slice(i + 2);
    if (Object.hasOwn(prefixes, y) && !x.includes(", ")) return `${prefixes[y]} ${x}`;
  }
  return null;
}

// Step 4: the un-inverted form of name, or null.
function uninvert(lang, name) {
  const whole = uninvertSimple(lang, name);
  if (whole !== null) return whole;
  for (const and of AND[lang]) {
    const parts = name.split(` ${and} `);
    if (parts.length < 2) continue;
    const un = parts.map((p) => uninvertSimple(lang, p));
    if (un.every((p) => p !== null)) return un.join(` ${and} `);
  }
  return null;
}

// Step 1.
function isInverted(lang, name) {
  if (uninvert(lang, name) !== null) return true;
  const i = name.lastIndexOf(", ");
  if (i < 0) return false;
  const y = name.slice(i + 2);
  return !AND[lang].some((and) => hasWord(y, and));
}

// Every name, official or alias, mapped to the codes that use it, per language.
const users = {};
for (const lang of LANGS) {
  users[lang] = new Map();
  for (const code of codes) {
    for (const n of allNames(code, lang)) {
      if (!users[lang].has(n)) users[lang].set(n, new Set());
      users[lang].get(n).add(code);
    }
  }
}

// Returns { name, why } where why is "official", "alias", "short form",
// "un-inverted", "override" or "kept inverted".
function choose(code, lang, names) {
  const official = names[0];
  const override = OVERRIDES[code]?.[lang];
  if (override !== undefined) {
    if (!names.includes(override)) {
      errors.push(`${code}: ${lang} override ${JSON.stringify(override)} is not one of the package's names ${JSON.stringify(names)}`);
    }
    return { name: override, why: "override" };
  }
  const candidates = names.filter(
    (n) =>
      !isInverted(lang, n) &&
      /\p{Ll}/u.test(n) &&
      users[lang].get(n).size === 1 &&
      !names.some((o) => o !== n && stripAccents(o) === n)
  );
  if (candidates.length > 0) {
    const start = candidates[0];
    let best = start;
    for (const c of candidates) {
      if (c.length < best.length && hasWord(start, c)) best = c;
    }
    if (best !== start) return { name: best, why: "short form" };
    return { name: start, why: start === official ? "official" : "alias" };
  }
  for (const n of names) {
    const un = uninvert(lang, n);
    if (un !== null) return { name: un, why: "un-inverted" };
  }
  return { name: official, why: isInverted(lang, official) ? "kept inverted" : "official" };
}

const records = [];
const changes = Object.fromEntries(LANGS.map((l) => [l, []]));
const keptInverted = [];
const usedOverrides = [];
for (const code of codes) {
  const names = {};
  for (const lang of LANGS) {
    const all = allNames(code, lang);
    if (all.length === 0 || all.some((n) => typeof n !== "string" || n.trim() === "")) {
      errors.push(`${code}: no ${lang} name`);
      continue;
    }
    const { name, why } = choose(code, lang, all);
    if (name !== name.trim()) errors.push(`${code}: ${lang} name has surrounding spaces: ${JSON.stringify(name)}`);
    if (name.normalize("NFC") !== name) errors.push(`${code}: ${lang} name is not in Unicode NFC`);
    if ([...name].length > MAX_NAME) errors.push(`${code}: ${lang} name longer than ${MAX_NAME} characters`);
    if (name !== all[0]) changes[lang].push(`${code} ${JSON.stringify(all[0])} -> ${JSON.stringify(name)} (${why})`);
    if (why === "kept inverted") keptInverted.push(`${lang} ${code} ${JSON.stringify(name)}`);
    if (why === "override") usedOverrides.push(`${lang} ${code} ${JSON.stringify(all[0])} -> ${JSON.stringify(name)}`);
    names[lang] = name;
  }
  records.push({ code, names });
}

// Two codes with the same name in one language could not be told apart.
for (const lang of LANGS) {
  const seen = new Map();
  for (const r of records) {
    const n = r.names[lang];
    if (n === undefined) continue;
    if (seen.has(n)) errors.push(`${r.code}: ${lang} name ${JSON.stringify(n)} is also the name of ${seen.get(n)}`);
    else seen.set(n, r.code);
  }
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

// Report on stderr.
const report = [];
const list = (title, items, indent = "") => {
  report.push(`${indent}${title}:${items.length === 0 ? " none" : ""}`);
  for (const it of items) report.push(`${indent}  ${it}`);
};
report.push(
  "names differing from the package's official name: " + LANGS.map((l) => `${l} ${changes[l].length}`).join(", ")
);
if (listChanges) {
  for (const lang of LANGS) list(`${lang} changes`, changes[lang], "  ");
}
list("overrides applied", usedOverrides);
list("inverted names kept (no candidate alias, no listed prefix phrase)", keptInverted);
const commas = [];
const spacing = [];
for (const lang of LANGS) {
  for (const r of records) {
    const n = r.names[lang];
    if (n.includes(", ")) commas.push(`${lang} ${r.code} ${JSON.stringify(n)}`);
    if (/\s\s|[^\S ]/u.test(n)) {
      const shown = JSON.stringify(n).replace(/[^\S ]/gu, (c) => `\\u${c.codePointAt(0).toString(16).padStart(4, "0")}`);
      spacing.push(`${lang} ${r.code} ${shown}`);
    }
  }
}
list('names still containing ", " (enumerations, and any inverted name kept)', commas);
list("names with a double space or a space other than U+0020 (kept as the package has them)", spacing);
console.error(report.map((l) => `make-countries: ${l}`).join("\n"));

console.log(
  `make-countries: wrote ${relative(process.cwd(), outPath) || outPath}: ` +
    `${records.length} countries from i18n-iso-countries ${pkg.version}`
);
