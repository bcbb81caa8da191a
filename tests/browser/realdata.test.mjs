// realdata.test.mjs - the networks, cities, projects and cooperation pages
// with the demo data plus both real datasets imported (the whole twin-town
// list, 25,917 pairs, and the Eurocities members): axe and the Nu checker
// in two languages, screenshots at 1280 and 390 px, labels readable on a
// phone, and issue 5's journey in all five languages by clicking real
// links, once more by keyboard alone.
// SPDX-License-Identifier: MIT
//
// One store imported once (demo, then tests/data/twinning's whole list,
// then tests/data/eurocities), one server, one Chromium, one Nu checker run
// in the background; every page is opened once per check.
//   node --test --test-reporter=tap tests/browser/realdata.test.mjs
// Screenshots: test-results/screenshots/realdata/<page>-<width>.png.
// Tests stay top-level so each prints one unindented TAP line (tests/run.sh
// counts those).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  ROOT, startServer, launchBrowser, watchConsole, checkAxe, assertAxeClean,
  checkHtml, assertHtmlValid, screenshots, assertCleanExit, VIEWPORTS,
} from './lib.mjs';

const LANGS = ['ca', 'es', 'en', 'fr', 'it'];
const SHOTS = join(ROOT, 'test-results', 'screenshots', 'realdata');
const TWINNING = join(ROOT, 'tests/data/twinning/twin_cities_geocoded.csv.gz');
const EUROCITIES = join(ROOT, 'tests/data/eurocities/members-wikidata-enriched.json');
const RCN = 'rainbow-cities-network';
const PROJECT = 'intersectionality-metropolitan-lgbti-policies';
// Smallest rendered size, in CSS pixels, of a chart or graph label at
// 390 px (what a phone shows before any zoom).
const MIN_LABEL_PX = 10;

let srv;
let br;
let nuP; // the Nu checker's errors for PAGES, a promise
let dir; // the unzipped twin-town list
const S = {}; // what the store holds, from the command line

// ---- helpers ---------------------------------------------------------------

// The response's bytes as sent (fetch would undo the gzip).
const get = (url, headers = {}) => new Promise((ok, fail) => {
  const req = httpGet(url, { headers, timeout: 20_000 }, (r) => {
    const chunks = [];
    r.on('data', (c) => chunks.push(c));
    r.on('end', () => ok({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks) }));
    r.on('error', fail);
  });
  req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within 20 s`)));
  req.on('error', fail);
});

// A page with its console watched.
async function open(path, { width = 1280, height = 800 } = {}) {
  const page = await br.newPage();
  await page.setViewportSize({ width, height });
  const problems = watchConsole(page);
  const res = await page.goto(`${srv.url}${path}`, { waitUntil: 'load', timeout: 20_000 });
  return { page, res, problems };
}

// Clicks a link (a locator that must match exactly one element) and waits
// for the page it leads to. Resolves to the new address's path and query.
async function follow(page, link, what) {
  assert.equal(await link.count(), 1, `${what}: exactly one such link on ${page.url()}`);
  const want = new URL(await link.getAttribute('href'), page.url());
  await Promise.all([
    page.waitForURL((u) => u.pathname === want.pathname && u.search === want.search,
      { timeout: 20_000, waitUntil: 'load' }),
    link.click(),
  ]);
  const u = new URL(page.url());
  return `${u.pathname}${u.search}`;
}

// Presses Tab until the focused element is the link href (at most max
// times), checks it shows a focus indicator, presses Enter and waits for
// the page it leads to.
async function tabAndEnter(page, href, { max = 250 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a.tagName !== 'A')
        return null;
      const cs = getComputedStyle(a);
      const r = a.getBoundingClientRect();
      return {
        href: a.getAttribute('href'),
        ring: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none',
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
      };
    });
    if (at?.href !== href)
      continue;
    assert.ok(at.ring, `${href}: focused without a visible focus ring`);
    assert.ok(at.onScreen, `${href}: focused but scrolled out of view`);
    const want = new URL(href, page.url());
    await Promise.all([
      page.waitForURL((u) => u.pathname === want.pathname && u.search === want.search,
        { timeout: 20_000, waitUntil: 'load' }),
      page.keyboard.press('Enter'),
    ]);
    return i + 1;
  }
  assert.fail(`${max} Tabs on ${page.url()} never reached the link ${href}`);
}

// The growth chart's dated mark and where it sits on the axes, in the
// chart's own units: the value and date the axes give at its centre.
const chartMark = (page, date) => page.evaluate((d) => {
  const svg = document.querySelector('section.growth svg.chart');
  if (!svg)
    return null;
  const marks = [...svg.querySelectorAll('.mark[data-date]')].filter((m) => m.dataset.date === d);
  if (marks.length !== 1)
    return { count: marks.length };
  const m = marks[0];
  const bb = m.getBBox();
  const cx = bb.x + bb.width / 2;
  const cy = bb.y + bb.height / 2;
  // y: each gridline is followed by its value; x: years under the axis.
  const grid = [];
  let lineY = null;
  for (const el of svg.querySelectorAll('g.axis > *')) {
    if (el.tagName === 'line')
      lineY = parseFloat(el.getAttribute('y1'));
    else if (el.getAttribute('text-anchor') === 'end' && lineY !== null)
      grid.push([lineY, Number(el.textContent.replace(/[^\d]/g, ''))]);
  }
  const years = [...svg.querySelectorAll('g.axis text[text-anchor="middle"]')]
    .map((t) => [parseFloat(t.getAttribute('x')), Number(t.textContent)]);
  const lerp = (pts, v) => {
    const [[a0, b0], [a1, b1]] = [pts[0], pts[pts.length - 1]];
    return b0 + (v - a0) * (b1 - b0) / (a1 - a0);
  };
  const tableRow = [...document.querySelectorAll('section.growth table tr')]
    .find((tr) => tr.querySelector(`time[datetime="${d}"]`));
  return {
    count: 1,
    value: m.dataset.value,
    title: m.querySelector('title')?.textContent ?? '',
    label: m.nextElementSibling?.classList.contains('mark-label') ? m.nextElementSibling.textContent : null,
    axisValue: grid.length >= 2 ? lerp(grid, cy) : NaN,
    axisYear: years.length >= 2 ? lerp(years, cx) : NaN,
    svgLabelled: (svg.getAttribute('aria-labelledby') || '').split(/\s+/)
      .every((id) => document.getElementById(id)?.textContent.trim()),
    table: tableRow ? {
      date: tableRow.querySelector('time').textContent.trim(),
      value: tableRow.querySelector('td.n')?.textContent.trim(),
    } : null,
  };
}, date);

// The cooperation map's arc between two cities and the dots at its ends.
const mapArc = (page, a, b) => page.evaluate(([x, y]) => {
  const svg = document.querySelector('figure.map svg.map');
  if (!svg)
    return null;
  const arcs = [...svg.querySelectorAll('path.arc')].filter((p) =>
    (p.dataset.from === x && p.dataset.to === y) || (p.dataset.from === y && p.dataset.to === x));
  const dot = (slug) => {
    const c = svg.querySelector(`circle[data-city="${CSS.escape(slug)}"]`);
    return c ? { x: +c.getAttribute('cx'), y: +c.getAttribute('cy'),
      title: c.querySelector('title')?.textContent ?? '' } : null;
  };
  const ends = arcs.map((p) => {
    const len = p.getTotalLength();
    const s = p.getPointAtLength(0);
    const e = p.getPointAtLength(len);
    return { from: p.dataset.from, to: p.dataset.to, start: [s.x, s.y], end: [e.x, e.y] };
  });
  const link = (slug) => document.querySelector(`table.data a[href$="/cities/${CSS.escape(slug)}"]`)
    ?.textContent.trim() ?? null;
  return { arcs: ends, dots: { [x]: dot(x), [y]: dot(y) }, links: { [x]: link(x), [y]: link(y) },
    arcCount: svg.querySelectorAll('path.arc').length };
}, [a, b]);

// Fails unless the map draws the a–b arc from one city's dot to the other's
// and names the dots as the table does.
function assertArc(m, a, b, where) {
  assert.ok(m, `${where}: no map`);
  assert.ok(m.arcs.length >= 1, `${where}: no ${a}–${b} arc among the ${m.arcCount} drawn`);
  for (const s of [a, b]) {
    assert.ok(m.dots[s], `${where}: no dot for ${s}`);
    assert.ok(m.dots[s].title, `${where}: the dot of ${s} has no name`);
  }
  const near = (p, d) => Math.hypot(p[0] - d.x, p[1] - d.y) < 1.5;
  for (const arc of m.arcs) {
    assert.ok(near(arc.start, m.dots[arc.from]), `${where}: the ${arc.from}–${arc.to} arc does not start at ${arc.from}'s dot`);
    assert.ok(near(arc.end, m.dots[arc.to]), `${where}: the ${arc.from}–${arc.to} arc does not end at ${arc.to}'s dot`);
  }
}

// Rendered size (CSS px) of the smallest label of each chart and graph.
const smallestLabels = (page) => page.evaluate(() =>
  [...document.querySelectorAll('svg.chart, svg.graph')].map((svg) => {
    let min = Infinity;
    let text = '';
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 0);
      if (px < min) {
        min = px;
        text = t.textContent;
      }
    }
    return { svg: svg.getAttribute('class'), px: Math.round(min * 10) / 10, text };
  }));

// ---- set-up ----------------------------------------------------------------

// name, path, shot: saved as screenshots (English only).
const PAGES = (() => {
  const out = [];
  for (const l of ['en', 'ca']) {
    const shot = (s) => (l === 'en' ? s : null);
    out.push(
      { name: `networks ${l}`, path: `/${l}/networks`, shot: shot('networks') },
      { name: `network ${l}`, path: `/${l}/networks/eurocities`, shot: shot('network-eurocities') },
      { name: `network rcn ${l}`, path: `/${l}/networks/${RCN}`, shot: shot('network-rcn') },
      { name: `city ${l}`, path: `/${l}/cities/barcelona`, shot: shot('city-barcelona') },
      { name: `cooperation ${l}`, path: `/${l}/cooperation`, shot: shot('cooperation-world') },
      { name: `cooperation city ${l}`, path: `/${l}/cooperation?city=barcelona`, shot: shot('cooperation-barcelona') },
      { name: `project ${l}`, path: `/${l}/projects/${PROJECT}`, shot: shot('project') },
    );
  }
  return out;
})();

before(async () => {
  dir = mkdtempSync(join(process.env.TEST_TMP || tmpdir(), 'realdata-'));
  const twin = join(dir, 'twin_cities_geocoded.csv');
  writeFileSync(twin, gunzipSync(readFileSync(TWINNING)));
  const up = await Promise.allSettled([
    startServer({ data: 'demo', imports: [['--format', 'twinning', twin], ['--format', 'eurocities', EUROCITIES]] })
      .then((x) => { srv = x; }),
    launchBrowser().then((x) => { br = x; }),
  ]);
  for (const u of up)
    if (u.status === 'rejected')
      throw u.reason;
  const bin = resolve(ROOT, process.env.INTERCITY_BIN || 'build/asan/intercity');
  Object.assign(S, JSON.parse(execFileSync(bin, ['--db', srv.db, 'stats', '--json'], { encoding: 'utf8' })));
  nuP = checkHtml(PAGES.map((p) => ({ name: p.name, url: `${srv.url}${p.path}` })));
  nuP.catch(() => {}); // awaited by the tests
});

after(async () => {
  await br?.close();
  await srv?.stop();
  if (dir)
    rmSync(dir, { recursive: true, force: true });
});

// ---- 0. the real data is there ---------------------------------------------

test('the store holds the demo data and both real datasets', { timeout: 20_000 }, async (t) => {
  t.diagnostic(JSON.stringify(S));
  // The twinning import makes ~11,800 cities and ~17,000 partnerships of
  // the 25,917 pairs; Eurocities ~200 memberships.
  assert.ok(S.cities > 10_000, `${S.cities} cities`);
  assert.ok(S.partnerships > 15_000, `${S.partnerships} partnerships`);
  assert.ok(S.memberships > 200, `${S.memberships} memberships`);
  // The pages read the same store: the cooperation page counts every
  // partnership, the Eurocities page its members.
  const coop = (await get(`${srv.url}/en/cooperation`)).body.toString();
  const total = Number(coop.match(/<h2 id="results-h"[^>]*>([\d,]+) /)[1].replace(/,/g, ''));
  assert.equal(total, S.partnerships, 'the cooperation page\'s total');
  const euro = (await get(`${srv.url}/en/networks/eurocities`)).body.toString();
  const rows = euro.match(/<table class="data members"[^]*?<\/table>/)[0].match(/<tr><td>/g).length;
  assert.ok(rows > 200, `${rows} rows in Eurocities' members table`);
});

// ---- 1. every page type: axe, Nu, screenshots, phone -----------------------

for (const p of PAGES) {
  test(`${p.name}: 200, axe at 1280${p.shot ? ' and 390 px, screenshots, no sideways scroll, readable labels' : ''}, Nu checker, no console error`, { timeout: 60_000 }, async (t) => {
    t.diagnostic(p.path);
    const { page, res, problems } = await open(p.path);
    try {
      assert.equal(res.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), p.path.slice(1, 3));
      assert.equal(await page.locator('h1').count(), 1, 'one h1');
      assertAxeClean(await checkAxe(page, `${p.name} at 1280px`));
      if (p.shot) {
        // Each width loaded at that width, as a phone would (site.js
        // folds the filters and scrolls the graph on load).
        for (const vp of VIEWPORTS) {
          await page.setViewportSize(vp);
          await page.reload({ waitUntil: 'load', timeout: 20_000 });
          const [s] = await screenshots(page, p.shot, { dir: SHOTS, viewports: [vp] });
          assert.ok(s.scrollWidth <= s.width, `${p.name} scrolls sideways at ${s.width}px (${s.scrollWidth}px wide)`);
        }
        // The phone layout.
        assertAxeClean(await checkAxe(page, `${p.name} at 390px`));
        for (const l of await smallestLabels(page))
          assert.ok(l.px >= MIN_LABEL_PX, `${p.name} at 390px: ${l.svg} label "${l.text}" is ${l.px}px, under ${MIN_LABEL_PX}px`);
      }
      assert.deepEqual(problems, [], 'console errors');
    } finally {
      await page.close();
    }
    assertHtmlValid((await nuP).filter((e) => e.name === p.name));
  });
}

test('the whole-world cooperation map stays light enough for a phone', { timeout: 30_000 }, async (t) => {
  const plain = await get(`${srv.url}/en/cooperation`);
  const gz = await get(`${srv.url}/en/cooperation`, { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  const html = plain.body.toString();
  const arcs = (html.match(/<path class="arc"/g) || []).length;
  const paths = (html.match(/<path[\s>]/g) || []).length;
  t.diagnostic(`/en/cooperation: ${plain.body.length} bytes, ${gz.body.length} gzipped, ${arcs} arcs, ${paths} paths`);
  assert.equal(gunzipSync(gz.body).toString(), html, 'the gzipped page is the page');
  assert.ok(arcs > 100 && arcs <= 300, `${arcs} arcs: the map draws at most 300 lines`);
  // A phone on a slow connection: under 100 kB on the wire, under 400 kB
  // of HTML to parse (the real data has 17,000 partnerships).
  assert.ok(gz.body.length < 100_000, `${gz.body.length} bytes gzipped`);
  assert.ok(plain.body.length < 400_000, `${plain.body.length} bytes of HTML`);
});

test('the whole-world map draws the described partnerships, then those between the best-connected cities', { timeout: 30_000 }, async (t) => {
  const html = (await get(`${srv.url}/en/cooperation`)).body.toString();
  const drawn = new Set();
  for (const m of html.matchAll(/<path class="arc"[^>]*data-from="([^"]+)" data-to="([^"]+)"/g))
    drawn.add([m[1], m[2]].sort().join(' '));
  const geo = JSON.parse((await get(`${srv.url}/en/partnerships.geojson`)).body.toString());
  const degree = new Map();
  const parts = geo.features.map((f) => ({ kind: f.properties.kind, cities: f.properties.city_slugs.split(';') }));
  for (const p of parts)
    for (const c of p.cities) degree.set(c, (degree.get(c) || 0) + 1);
  const pairKey = (p) => [p.cities[0], p.cities[1]].sort().join(' ');
  // Every described (non-twinning) partnership between two cities is drawn.
  const described = parts.filter((p) => p.kind !== 'twinning' && p.cities.length === 2);
  assert.ok(described.length >= 3, `${described.length} described partnerships`);
  for (const p of described)
    assert.ok(drawn.has(pairKey(p)), `described partnership ${pairKey(p)} is on the map`);
  // The twinnings drawn are those between the cities with the most partners:
  // none left out has a higher sum of partners than the least one drawn.
  const sum = (p) => p.cities.reduce((a, c) => a + degree.get(c), 0);
  const twins = parts.filter((p) => p.kind === 'twinning' && p.cities.length === 2);
  const inMap = twins.filter((p) => drawn.has(pairKey(p)));
  const least = Math.min(...inMap.map(sum));
  const better = twins.filter((p) => !drawn.has(pairKey(p)) && sum(p) > least);
  t.diagnostic(`${inMap.length} twinnings drawn, the least with ${least} partners between its cities`);
  assert.ok(inMap.length > 100, `${inMap.length} twinnings drawn`);
  assert.deepEqual(better.slice(0, 5).map(pairKey), [], 'twinnings left out with more partners than one drawn');
});

// ---- 2. the journey of issue 5, in every language --------------------------

// From Barcelona's profile to the Rainbow Cities Network's growth chart, to
// Havana on the cooperation map (narrowed to the network's members, then
// the whole world), to a practice from a member city: only the first
// address is typed, every other page is reached by clicking a link.
for (const l of LANGS) {
  test(`journey ${l}: Barcelona -> Rainbow Cities Network's growth chart -> Havana on the cooperation map -> a member city's practice`, { timeout: 90_000 }, async (t) => {
    const { page, problems } = await open(`/${l}/cities/barcelona`);
    try {
      // Barcelona's networks table names the network; its link leads there.
      let at = await follow(page, page.locator(`main table a[href="/${l}/networks/${RCN}"]`), 'Barcelona -> RCN');
      assert.equal(at, `/${l}/networks/${RCN}`);
      assert.match(await page.locator('h1').innerText(), /Rainbow Cities Network/);

      // The growth chart marks the sourced count of 32 on 2017-11-01 where
      // the axes put 32 and that date, and its table says the same.
      const m = await chartMark(page, '2017-11-01');
      assert.ok(m, 'no growth chart');
      assert.equal(m.count, 1, 'one mark for 2017-11-01');
      assert.equal(m.value, '32');
      assert.equal(m.label, '32', 'the mark is labelled 32');
      assert.ok(Math.abs(m.axisValue - 32) < 0.5, `the mark sits at ${m.axisValue.toFixed(2)} on the value axis, not 32`);
      assert.ok(Math.abs(m.axisYear - (2017 + 304 / 365)) < 0.05, `the mark sits at ${m.axisYear.toFixed(3)} on the time axis, not 1 Nov 2017`);
      assert.ok(m.svgLabelled, 'the chart has its title and description');
      assert.ok(m.table, 'the chart\'s table has no row for 2017-11-01');
      assert.equal(m.table.value, '32', 'the table\'s count for 2017-11-01');
      assert.ok(m.title.includes(m.table.date) && m.title.includes('32'),
        `the mark's title "${m.title}" gives the date as the table does ("${m.table.date}") and 32`);
      const members = await page.$$eval('table.members a[href*="/cities/"]',
        (as) => as.map((a) => a.getAttribute('href').split('/').pop()));
      assert.ok(members.includes('barcelona'), 'Barcelona is in the members table');

      // To the map of the members' partnerships.
      at = await follow(page, page.locator(`main a[href="/${l}/cooperation?network=${RCN}"]`), 'RCN -> cooperation');
      assert.equal(at, `/${l}/cooperation?network=${RCN}`);
      let map = await mapArc(page, 'barcelona', 'havana');
      assertArc(map, 'barcelona', 'havana', `cooperation narrowed to the network (${l})`);
      assert.equal(map.dots.havana.title, map.links.havana, 'Havana\'s dot is named as in the table');
      t.diagnostic(`narrowed: ${map.arcCount} arcs; Havana is "${map.dots.havana.title}"`);

      // The whole world: the arc is still drawn among the 300 of 17,000.
      at = await follow(page, page.locator(`main p.note a[href="/${l}/cooperation"]`), 'show all cities');
      assert.equal(at, `/${l}/cooperation`);
      map = await mapArc(page, 'barcelona', 'havana');
      assertArc(map, 'barcelona', 'havana', `whole-world cooperation (${l})`);
      assert.equal(map.dots.havana.title, map.links.havana);

      // Through the networks directory back to the network, then to a
      // practice from one of its member cities.
      at = await follow(page, page.locator(`header nav a[href="/${l}/networks"]`), 'menu -> networks');
      assert.equal(at, `/${l}/networks`);
      await follow(page, page.locator(`main a[href="/${l}/networks/${RCN}"]`), 'directory -> RCN');
      const practice = page.locator('section[aria-labelledby="mp-h"] ol.hits > li h3 a').first();
      at = await follow(page, practice, 'RCN -> a member city\'s practice');
      assert.match(at, new RegExp(`^/${l}/practices/[a-z0-9-]+$`));
      const city = new URL(await page.locator('dl.facts a[href*="city="]').first().getAttribute('href'), page.url())
        .searchParams.get('city');
      assert.ok(members.includes(city), `the practice's city ${city} is a member of the network (${members.join(', ')})`);
      assert.deepEqual(problems, [], 'console errors');
    } finally {
      await page.close();
    }
  });
}

test('journey by keyboard alone (es): Tab and Enter from Barcelona to the chart, the map and a practice', { timeout: 90_000 }, async (t) => {
  const l = 'es';
  const { page, problems } = await open(`/${l}/cities/barcelona`);
  try {
    const tabs = [];
    tabs.push(await tabAndEnter(page, `/${l}/networks/${RCN}`));
    // The chart and its table are there for a keyboard reader too.
    assert.equal((await chartMark(page, '2017-11-01'))?.value, '32');
    tabs.push(await tabAndEnter(page, `/${l}/cooperation?network=${RCN}`));
    assertArc(await mapArc(page, 'barcelona', 'havana'), 'barcelona', 'havana', 'keyboard: narrowed map');
    // The network's name in "Narrowed to" leads back to it.
    tabs.push(await tabAndEnter(page, `/${l}/networks/${RCN}`));
    const first = await page.locator('section[aria-labelledby="mp-h"] ol.hits > li h3 a').first().getAttribute('href');
    tabs.push(await tabAndEnter(page, first));
    assert.equal(new URL(page.url()).pathname, first);
    t.diagnostic(`Tabs per step: ${tabs.join(', ')}`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('server stops on SIGTERM with status 0 and no sanitizer report', { timeout: 15_000 }, async () => {
  assertCleanExit(await srv.stop());
});
