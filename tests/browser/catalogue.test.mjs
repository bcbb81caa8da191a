// catalogue.test.mjs - every page type in Chromium against a real server:
// the quality bars (axe, Nu checker, <html lang>, hreflang, console),
// keyboard use, the reader's journey through the catalogue with and without
// JavaScript, hostile data and malformed addresses, screenshots.
// SPDX-License-Identifier: MIT
//
// One demo server, one server whose store holds an extra practice made of
// an HTML-injection string, one Chromium with JavaScript and one without,
// and one Nu checker run for every page of the file (it runs in the
// background while the browser tests go on).
//   node --test --test-reporter=tap tests/browser/catalogue.test.mjs
// Numbers are never guessed: what a live update shows is compared with what
// the server renders for the same address, so the demo data may grow.
// Tests stay top-level so each prints one unindented TAP line (tests/run.sh
// counts those).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, startServer, launchBrowser, watchConsole, checkAxe, assertAxeClean,
  checkHtml, assertHtmlValid, checkKeyboard, assertKeyboard, screenshots,
  assertCleanExit,
} from './lib.mjs';

const LANGS = ['ca', 'es', 'en', 'fr', 'it'];
const EVIL = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>';

let srv; // demo store
let bad; // demo store + the hostile practice
let br; // Chromium with JavaScript
let nojs; // Chromium without
let nuP; // the Nu checker's errors, a promise
let dir; // the hostile import file lives here
const D = {}; // what the demo data holds: discovered, never assumed

// ---- helpers ---------------------------------------------------------------

const get = async (url) => {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
};

// A page with its console and dialogs watched. ignore: paths whose failed
// load is expected (a 404 or 400 document logs one console error).
async function open(url, { b = br, ignore = [], status } = {}) {
  const page = await b.newPage();
  const problems = watchConsole(page, { ignorePaths: ['/favicon.ico', ...ignore] });
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  const res = await page.goto(url, { waitUntil: 'load', timeout: 10_000 });
  if (status !== undefined)
    assert.equal(res.status(), status, `GET ${url}`);
  return { page, res, problems, dialogs };
}

// What a reader sees of the catalogue: total, every facet count, the ticked
// boxes, the hits, the search box.
const state = (page) => page.evaluate(() => ({
  total: document.querySelector('#results-h')?.textContent.trim(),
  counts: Object.fromEntries([...document.querySelectorAll('fieldset.facet li')]
    .map((li) => [li.querySelector('input').id, li.querySelector('.count').textContent.trim()])),
  checked: [...document.querySelectorAll('fieldset.facet input:checked')].map((i) => i.id).sort(),
  hits: [...document.querySelectorAll('ol.hits > li h3 a')].map((a) => new URL(a.href).pathname),
  q: document.querySelector('#q')?.value,
}));

// The same, as the server renders the address (a fresh load, no clicks).
async function serverState(url) {
  const page = await br.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 10_000 });
    return await state(page);
  } finally {
    await page.close();
  }
}

// Fails unless the live page shows what the server renders for its address,
// including facet values the live panel must add (a city entering the top
// 15 after filtering); strict: false compares only the counts shown.
async function assertLikeServer(page, what, { strict = true } = {}) {
  const url = page.url();
  const live = await state(page);
  const srvd = await serverState(url);
  const diff = [];
  for (const k of ['total', 'q'])
    if (live[k] !== srvd[k])
      diff.push(`${k}: page shows ${JSON.stringify(live[k])}, server renders ${JSON.stringify(srvd[k])}`);
  if (live.checked.join() !== srvd.checked.join())
    diff.push(`ticked: page [${live.checked}], server [${srvd.checked}]`);
  if (live.hits.join() !== srvd.hits.join())
    diff.push(`hits: page [${live.hits}], server [${srvd.hits}]`);
  for (const [id, n] of Object.entries(live.counts))
    if (n !== (srvd.counts[id] ?? '0'))
      diff.push(`count of ${id}: page ${n}, server ${srvd.counts[id] ?? '(not listed)'}`);
  const missing = Object.keys(srvd.counts).filter((id) => !(id in live.counts));
  if (missing.length && strict)
    diff.push(`the server lists values the page does not: ${missing.join(', ')}`);
  assert.deepEqual(diff, [], `${what}: ${url}`);
  return live;
}

// Runs action, then waits until a live update has put an address matching
// want (a function of URLSearchParams) in the bar. Polled from here:
// Playwright's waitForFunction compiles its predicate with eval, which the
// pages' CSP rightly refuses.
// Back and forward change the address first and redraw when the API has
// answered: for those, popstate: true waits for that answer as well.
async function live(page, action, want, { timeout = 5_000, popstate = false } = {}) {
  const answered = popstate &&
    page.waitForResponse((r) => r.url().includes('/api/v1/search'), { timeout });
  await action();
  if (answered) {
    await answered;
    await page.evaluate(() => new Promise((ok) => setTimeout(ok, 50)));
  }
  const end = Date.now() + timeout;
  while (!want(new URL(page.url()).searchParams)) {
    if (Date.now() > end)
      assert.fail(`no live update to the expected address within ${timeout} ms; the address is ${page.url()}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
  // The address changes right after the redraw; let the frame finish.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
}

const params = (url) => [...new URL(url).searchParams].map(([k, v]) => `${k}=${v}`).sort();
const box = (facet, value) => `#f-${facet}-${value}`;

// First word of at least five letters in s: a search that finds it.
const wordOf = (s) => (s.match(/\p{L}{5,}/u) || [s])[0];

// ---- set-up ----------------------------------------------------------------

before(async () => {
  dir = mkdtempSync(join(process.env.TEST_TMP || tmpdir(), 'catalogue-'));
  const hostile = join(dir, 'hostile.json');
  const i18n = (s) => ({ ca: s, en: s });
  writeFileSync(hostile, JSON.stringify({
    format: 'intercity',
    version: 1,
    topics: [{ slug: 'hostile-topic', label: i18n(EVIL) }],
    cities: [{ slug: 'hostile-city', name: EVIL, country: 'ES' }],
    organisations: [{ slug: 'hostile-network', kind: 'network', name: i18n(EVIL) }],
    practices: [{
      slug: 'hostile-practice',
      city: 'hostile-city',
      year: 2020,
      topics: ['hostile-topic'],
      organisations: ['hostile-network'],
      title: i18n(EVIL),
      summary: i18n(`alert summary ${EVIL}`),
      body: i18n(`alert body ${EVIL}\n\n<b>raw</b> ${EVIL}`),
      context: i18n(EVIL),
      source_url: 'https://example.org/?a=1&b=%3Cscript%3E',
    }],
    collections: [{ slug: 'hostile-collection', title: i18n(EVIL), description: i18n(EVIL),
      practices: ['hostile-practice'] }],
  }));
  // In parallel, each kept as soon as it is up so that after() can stop it
  // even when another one failed.
  const up = await Promise.allSettled([
    startServer({ data: 'demo' }).then((x) => { srv = x; }),
    startServer({ data: [join(ROOT, 'data/demo/demo.json'), hostile] }).then((x) => { bad = x; }),
    launchBrowser().then((x) => { br = x; }),
    launchBrowser({ contextOptions: { javaScriptEnabled: false } }).then((x) => { nojs = x; }),
  ]);
  for (const u of up)
    if (u.status === 'rejected')
      throw u.reason;

  // What is in the demo store.
  const cat = (await get(`${srv.url}/en/practices`)).text;
  D.practice = cat.match(/<li class="hit">[^]*?href="\/en\/practices\/([a-z0-9-]+)/)[1];
  D.topics = [...cat.matchAll(/id="f-topic-([a-z0-9-]+)"[^>]*><label[^>]*>[^<]*<span class="count">([\d.,\s]+)</g)]
    .filter((m) => m[2].trim() !== '0').map((m) => m[1]);
  D.topic = D.topics[0];
  D.country = cat.match(/id="f-country-([A-Z]{2})"/)[1];
  D.collection = (await get(`${srv.url}/en/collections`)).text.match(/href="\/en\/collections\/([a-z0-9-]+)"/)[1];
  D.word = {};
  for (const l of ['ca', 'en']) {
    const h = (await get(`${srv.url}/${l}/practices`)).text;
    D.word[l] = wordOf(h.match(/<li class="hit">[^]*?<h3[^>]*><a [^>]*>([^<]+)</)[1]);
  }

  // The Nu checker starts now and runs while the browser tests go on.
  nuP = checkHtml([
    ...PAGES.map((p) => ({ name: p.name, url: `${srv.url}${p.path()}` })),
    ...HOSTILE().map((p) => ({ name: `hostile ${p.name}`, url: `${bad.url}${p.path}` })),
  ]);
  nuP.catch(() => {}); // awaited by the tests; no unhandled rejection meanwhile
});

after(async () => {
  await br?.close();
  await nojs?.close();
  await srv?.stop();
  await bad?.stop();
  if (dir)
    rmSync(dir, { recursive: true, force: true });
});

// ---- 1. every page type: axe, Nu, lang, hreflang, console, screenshots ----

// name, path (a function: the demo's slugs are known only in before()),
// status, lang, shot: saved as screenshots at 1280 and 390 (the English
// pages and every home page).
const PAGES = (() => {
  const out = [];
  for (const l of LANGS)
    out.push({ name: `home ${l}`, path: () => `/${l}/`, status: 200, lang: l, shot: `home-${l}` });
  for (const l of ['ca', 'en']) {
    const shot = (s) => (l === 'en' ? s : null);
    out.push(
      { name: `catalogue ${l}`, path: () => `/${l}/practices`, status: 200, lang: l, shot: shot('catalogue') },
      { name: `catalogue ${l} with a query`, path: () => `/${l}/practices?q=${encodeURIComponent(D.word[l])}`,
        status: 200, lang: l, shot: shot('catalogue-query') },
      { name: `catalogue ${l} with filters`, path: () => `/${l}/practices?topic=${D.topic}&country=${D.country}`,
        status: 200, lang: l, shot: shot('catalogue-filters') },
      { name: `catalogue ${l} with no result`, path: () => `/${l}/practices?q=zzqxjvwkpq`, status: 200, lang: l,
        shot: shot('catalogue-empty') },
      { name: `practice ${l}`, path: () => `/${l}/practices/${D.practice}`, status: 200, lang: l,
        shot: shot('practice') },
      { name: `topics ${l}`, path: () => `/${l}/topics`, status: 200, lang: l, shot: shot('topics') },
      { name: `topic ${l}`, path: () => `/${l}/topics/${D.topic}`, status: 200, lang: l, shot: shot('topic') },
      { name: `collections ${l}`, path: () => `/${l}/collections`, status: 200, lang: l, shot: shot('collections') },
      { name: `collection ${l}`, path: () => `/${l}/collections/${D.collection}`, status: 200, lang: l,
        shot: shot('collection') },
      { name: `networks ${l}`, path: () => `/${l}/networks`, status: 200, lang: l, shot: shot('networks') },
      { name: `network ${l}`, path: () => `/${l}/networks/rainbow-cities-network`, status: 200, lang: l,
        shot: shot('network') },
      { name: `project ${l}`, path: () => `/${l}/projects/intersectionality-metropolitan-lgbti-policies`,
        status: 200, lang: l, shot: shot('project') },
      { name: `city ${l}`, path: () => `/${l}/cities/barcelona`, status: 200, lang: l, shot: shot('city') },
      { name: `cooperation ${l}`, path: () => `/${l}/cooperation`, status: 200, lang: l, shot: shot('cooperation') },
      { name: `404 ${l}`, path: () => `/${l}/nope`, status: 404, lang: l, shot: shot('404') },
      { name: `400 ${l}`, path: () => `/${l}/practices?page=-1`, status: 400, lang: l, shot: shot('400') },
    );
  }
  return out;
})();

// Known product bugs, if any, are listed here with their rule and left out
// of the page-type tests, which then still catch anything new.
const KNOWN_NU = { 'heading-order': /The heading “h3” \(with computed level 3\) follows the heading “h1”/ };
const withoutKnown = (res, known = []) => ({ ...res, violations: res.violations.filter((v) => !known.includes(v.id)) });
const nuErrors = async (name, known = []) =>
  (await nuP).filter((e) => e.name === name && !known.some((k) => KNOWN_NU[k]?.test(e.message)));

for (const p of PAGES) {
  test(`${p.name}: status ${p.status}, <html lang>, hreflang, axe, Nu checker, no console error${p.shot ? ', screenshots' : ''}`, { timeout: 30_000 }, async (t) => {
    const path = p.path();
    t.diagnostic(path);
    const pathOnly = path.split('?')[0];
    const { page, problems } = await open(`${srv.url}${path}`, { status: p.status, ignore: p.status >= 400 ? [pathOnly] : [] });
    try {
      assert.equal(await page.getAttribute('html', 'lang'), p.lang, `${p.name}: <html lang>`);
      assert.equal(await page.locator('h1').count(), 1, `${p.name}: one h1`);

      // hreflang: one alternate per language and x-default, to this page.
      const rest = pathOnly.slice(3);
      const alts = await page.$$eval('link[rel=alternate][hreflang]',
        (ls) => ls.map((l) => [l.hreflang, new URL(l.href).pathname]));
      assert.deepEqual(alts.sort(), [...LANGS.map((l) => [l, `/${l}${rest}`]), ['x-default', `/en${rest}`]].sort(),
        `${p.name}: hreflang alternates`);
      // The visible switcher names the current language.
      assert.equal(await page.getAttribute('nav.langs a[aria-current]', 'hreflang'), p.lang);

      assertAxeClean(withoutKnown(await checkAxe(page, `${p.name} at 1280px`), p.known));
      if (p.shot) {
        for (const s of await screenshots(page, p.shot))
          assert.ok(s.scrollWidth <= s.width, `${p.name} scrolls sideways at ${s.width}px (${s.scrollWidth}px wide)`);
        // screenshots() leaves the page at 390px: the phone layout too.
        assertAxeClean(withoutKnown(await checkAxe(page, `${p.name} at 390px`), p.known));
      }
      assert.deepEqual(problems, [], `${p.name}: console errors`);
    } finally {
      await page.close();
    }
    assertHtmlValid(await nuErrors(p.name, p.known));
  });
}

test('practice page: the text size buttons\' accessible names contain their visible text (WCAG 2.5.3)', {
  timeout: 20_000,
}, async () => {
  const { page } = await open(`${srv.url}/en/practices/${D.practice}`);
  try {
    const res = await checkAxe(page, 'practice en', { rules: ['label-content-name-mismatch'], tags: ['no-such-tag'] });
    assertAxeClean(res);
  } finally {
    await page.close();
  }
});

test('topic and collection pages: headings do not skip a level (h1 then h3)', {
  timeout: 20_000,
}, async () => {
  for (const path of [`/en/topics/${D.topic}`, `/en/collections/${D.collection}`]) {
    const { page } = await open(`${srv.url}${path}`);
    try {
      assertAxeClean(await checkAxe(page, path, { rules: ['heading-order'], tags: ['no-such-tag'] }));
    } finally {
      await page.close();
    }
  }
  assertHtmlValid((await nuP).filter((e) => /^(topic|collection) /.test(e.name)));
});

// / and its Accept-Language redirect: home.test.mjs.

// ---- 2. keyboard -----------------------------------------------------------

test('keyboard: skip link first and working, focus visible on every stop (home, catalogue, practice, topic, collection, 404)', { timeout: 60_000 }, async (t) => {
  for (const path of ['/en/', `/en/practices?topic=${D.topic}`, `/ca/practices/${D.practice}`,
    `/en/topics/${D.topic}`, `/en/collections/${D.collection}`, '/en/nope']) {
    const { page, problems } = await open(`${srv.url}${path}`, { ignore: ['/en/nope'] });
    try {
      const kb = await checkKeyboard(page);
      t.diagnostic(`${path}: ${kb.stops.length} focus stops`);
      assert.equal(kb.stops[0].href, '#main', `${path}: the first stop is the skip link`);
      assertKeyboard(kb);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  }
});

test('keyboard: a facet checkbox is reached by Tab, Space ticks it and the results follow', { timeout: 30_000 }, async () => {
  const { page, problems } = await open(`${srv.url}/en/practices`);
  try {
    const id = `f-topic-${D.topic}`;
    let reached = false;
    for (let i = 0; i < 120 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((want) => document.activeElement?.id === want, id);
    }
    assert.ok(reached, `#${id} not reached within 120 Tabs`);
    // The focus ring is visible on the box itself.
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
    await live(page, () => page.keyboard.press('Space'), (p) => p.getAll('topic').includes(D.topic));
    assert.ok(await page.isChecked(`#${id}`), 'Space ticked the box');
    assert.equal(await page.evaluate(() => document.activeElement.id), id, 'focus stays on the box after the update');
    await assertLikeServer(page, 'after Space on a topic');
    await live(page, () => page.keyboard.press('Space'), (p) => !p.has('topic'));
    assert.ok(!(await page.isChecked(`#${id}`)), 'Space again unticks it');
    await assertLikeServer(page, 'after Space again');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

// ---- 3. the reader's journey ----------------------------------------------

test('journey: search, tick two topics and a country, counts follow the server, remove a chip, Reset', { timeout: 60_000 }, async (t) => {
  const { page, problems } = await open(`${srv.url}/en/practices`);
  try {
    const start = await state(page);
    // Search: typed words update the list, Enter too.
    await live(page, async () => {
      await page.fill('#q', D.word.en);
      await page.press('#q', 'Enter');
    }, (p) => p.get('q') === D.word.en);
    await page.waitForLoadState('networkidle');
    const s1 = await assertLikeServer(page, `after searching "${D.word.en}"`);
    assert.ok(s1.hits.length > 0, `"${D.word.en}" (from a title) finds something`);

    // Two topics and a country that the search left something in, the
    // largest first, so each step changes what is shown.
    const nonzero = (st, facet) => Object.entries(st.counts)
      .filter(([id, n]) => id.startsWith(`f-${facet}-`) && n !== '0' && !st.checked.includes(id))
      .sort((x, y) => Number(y[1].replace(/\D/g, '')) - Number(x[1].replace(/\D/g, '')))
      .map(([id]) => id.slice(`f-${facet}-`.length));
    const [a, b = D.topics.find((x) => x !== a)] = nonzero(s1, 'topic');
    const seen = [start, s1];
    for (const [f, v] of [['topic', a], ['topic', b], ['country', null]]) {
      const val = v ?? nonzero(seen.at(-1), f)[0];
      const shown = seen.at(-1).counts[`f-${f}-${val}`];
      await live(page, () => page.check(box(f, val)), (p) => p.getAll(f).includes(val));
      const now = await assertLikeServer(page, `after ticking ${f} ${val}`);
      // The first value ticked in a facet: its count was the new total.
      if (f === 'country' || val === a)
        assert.match(now.total, new RegExp(`^${shown} `), `${f} ${val} showed ${shown} before it was ticked`);
      seen.push(now);
    }
    const country = new URL(page.url()).searchParams.get('country');
    t.diagnostic(`totals: ${seen.map((s) => s.total).join(' → ')}`);
    assert.deepEqual(params(page.url()), [`country=${country}`, `q=${D.word.en}`, `topic=${a}`, `topic=${b}`].sort());
    // The reader sees the numbers move: the search and each topic changed the
    // total or a count (a country may narrow nothing further).
    for (let i = 1; i < 4; i++)
      assert.ok(seen[i].total !== seen[i - 1].total ||
        JSON.stringify(seen[i].counts) !== JSON.stringify(seen[i - 1].counts), `step ${i} changed nothing on screen`);
    assert.notEqual(seen.at(-1).total, '0 practices', 'filters chosen from non-zero counts leave something');
    // The API, which the page calls, gives the same total.
    const api = await fetch(`${srv.url}/api/v1/search?${new URL(page.url()).searchParams}&lang=en`);
    assert.equal(api.status, 200, 'GET /api/v1/search');
    const json = await api.json();
    assert.match(seen.at(-1).total, new RegExp(`^${json.total}\\b`), 'the total is the API\'s');

    // One chip per filter; removing the country's.
    const chips = page.locator('ul.chips button.chip, ul.chips a:not(.reset)');
    assert.equal(await chips.count(), 3, 'a chip per filter');
    await live(page, () => chips.filter({ hasText: /Country/ }).click(), (p) => !p.has('country'));
    assert.equal(await chips.count(), 2);
    await assertLikeServer(page, 'after removing the country chip');

    // Reset: back to everything.
    await Promise.all([page.waitForURL(`${srv.url}/en/practices`), page.click('ul.chips a.reset')]);
    const reset = await state(page);
    assert.deepEqual(reset.checked, []);
    assert.equal(reset.q, '');
    assert.equal(reset.total, start.total);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('live updates: the facet panel lists the same values as the server renders', {
  timeout: 30_000,
}, async () => {
  const { page } = await open(`${srv.url}/en/practices`);
  try {
    for (const t of D.topics.slice(0, 4)) {
      await live(page, () => page.check(box('topic', t)), (p) => p.getAll('topic').includes(t));
      await assertLikeServer(page, `after ticking topic ${t}`, { strict: true });
      await live(page, () => page.uncheck(box('topic', t)), (p) => !p.has('topic'));
    }
  } finally {
    await page.close();
  }
});

test('journey: open a practice from a filtered list; its Back link returns to the same list', { timeout: 30_000 }, async () => {
  const { page, problems } = await open(`${srv.url}/en/practices`);
  try {
    await live(page, () => page.check(box('topic', D.topic)), (p) => p.has('topic'));
    await live(page, () => page.check(box('country', D.country)), (p) => p.has('country'));
    const listUrl = page.url();
    const before = await state(page);
    await Promise.all([page.waitForURL(/\/en\/practices\/[a-z0-9-]+/), page.click('ol.hits li h3 a >> nth=0')]);
    assert.equal(await page.locator('h1').count(), 1);
    await Promise.all([page.waitForURL(/\/en\/practices(\?|$)/), page.click('nav.tools a.back')]);
    assert.deepEqual(params(page.url()), params(listUrl), 'Back keeps the filters in the address');
    const back = await state(page);
    assert.deepEqual(back.checked, before.checked, 'the same boxes are ticked');
    assert.equal(back.total, before.total);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('journey: the browser\'s back and forward buttons restore each state after live updates', { timeout: 30_000 }, async () => {
  const { page, problems } = await open(`${srv.url}/en/practices`);
  try {
    const s0 = await state(page);
    await live(page, () => page.check(box('topic', D.topic)), (p) => p.has('topic'));
    const u1 = page.url();
    const s1 = await state(page);
    await live(page, () => page.check(box('country', D.country)), (p) => p.has('country'));
    await live(page, () => page.goBack(), (p) => p.has('topic') && !p.has('country'), { popstate: true });
    assert.equal(page.url(), u1);
    assert.deepEqual(await state(page), s1, 'one step back: the topic only');
    await assertLikeServer(page, 'after Back');
    await live(page, () => page.goBack(), (p) => !p.has('topic'), { popstate: true });
    assert.deepEqual((await state(page)).checked, s0.checked, 'two steps back: nothing ticked');
    assert.equal((await state(page)).total, s0.total);
    await live(page, () => page.goForward(), (p) => p.has('topic') && !p.has('country'), { popstate: true });
    assert.deepEqual(await state(page), s1, 'forward again: the topic');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('journey: text size + makes the text larger and is remembered after reload', { timeout: 30_000 }, async () => {
  const { page, problems } = await open(`${srv.url}/en/practices/${D.practice}`);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.body p, .summary')).fontSize));
  try {
    const base = await size();
    await page.click('button[data-textsize="1"]');
    const bigger = await size();
    assert.ok(bigger > base, `A+: ${base}px → ${bigger}px`);
    await page.reload({ waitUntil: 'load' });
    assert.equal(await size(), bigger, 'the size is remembered after reload');
    await page.goto(`${srv.url}/ca/practices/${D.practice}`, { waitUntil: 'load' });
    assert.equal(await size(), bigger, 'and on other pages');
    await page.click('button[data-textsize="-1"]');
    assert.equal(await size(), base, 'A− takes it back');
    assert.deepEqual(problems, []);
  } finally {
    await page.evaluate(() => localStorage.clear()).catch(() => {});
    await page.close();
  }
});

test('journey: the PDF is a PDF with the practice\'s title in it', { timeout: 30_000 }, async () => {
  const { page, problems } = await open(`${srv.url}/ca/practices/${D.practice}`);
  try {
    const title = (await page.locator('h1').innerText()).trim();
    const href = await page.getAttribute('nav.tools a[href$=".pdf"]', 'href');
    assert.equal(href, `/ca/practices/${D.practice}.pdf`);
    const r = await page.request.get(new URL(href, page.url()).href);
    assert.equal(r.status(), 200, `GET ${href}`);
    assert.match(r.headers()['content-type'], /^application\/pdf/);
    const pdf = await r.body();
    assert.equal(pdf.toString('latin1', 0, 5), '%PDF-');
    const file = join(dir, 'practice.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    assert.ok(text.replace(/\s+/g, ' ').includes(title), `the PDF's text has the title "${title}"`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('journey: the language switcher keeps the page and the filters', { timeout: 30_000 }, async () => {
  const qs = `topic=${D.topic}&country=${D.country}`;
  const { page, problems } = await open(`${srv.url}/en/practices?${qs}`);
  try {
    const before = await state(page);
    await Promise.all([page.waitForURL(/\/ca\/practices/), page.click('nav.langs a[hreflang=ca]')]);
    assert.equal(new URL(page.url()).pathname, '/ca/practices');
    assert.deepEqual(params(page.url()), params(`${srv.url}/?${qs}`));
    assert.equal(await page.getAttribute('html', 'lang'), 'ca');
    assert.deepEqual((await state(page)).checked, before.checked);
    // A practice page in another language is the same practice.
    await page.goto(`${srv.url}/en/practices/${D.practice}`);
    await Promise.all([page.waitForURL(/\/it\//), page.click('nav.langs a[hreflang=it]')]);
    assert.equal(new URL(page.url()).pathname, `/it/practices/${D.practice}`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('journey: after live updates the language switcher still keeps the filters', {
  timeout: 30_000,
}, async () => {
  const { page } = await open(`${srv.url}/en/practices`);
  try {
    await live(page, () => page.check(box('topic', D.topic)), (p) => p.has('topic'));
    await Promise.all([page.waitForURL(/\/ca\/practices/), page.click('nav.langs a[hreflang=ca]')]);
    assert.deepEqual(params(page.url()), [`topic=${D.topic}`]);
  } finally {
    await page.close();
  }
});

test('journey: from a practice reached through a filtered list, switching language keeps the way Back', {
  timeout: 30_000,
}, async () => {
  const { page } = await open(`${srv.url}/en/practices/${D.practice}?topic=${D.topic}`);
  try {
    assert.equal(await page.getAttribute('nav.tools a.back', 'href'), `/en/practices?topic=${D.topic}`);
    await Promise.all([page.waitForURL(/\/ca\//), page.click('nav.langs a[hreflang=ca]')]);
    assert.equal(await page.getAttribute('nav.tools a.back', 'href'), `/ca/practices?topic=${D.topic}`);
  } finally {
    await page.close();
  }
});

// ---- 4. without JavaScript -------------------------------------------------

test('without JavaScript: tick a topic, Apply filters, the address and the results change', { timeout: 30_000 }, async () => {
  const { page, problems } = await open(`${srv.url}/en/practices`, { b: nojs });
  try {
    const start = await state(page);
    // The count beside a value says how many the filter will leave.
    const predicted = start.counts[`f-topic-${D.topic}`];
    await page.check(box('topic', D.topic));
    assert.equal(page.url(), `${srv.url}/en/practices`, 'nothing happens before Apply');
    await Promise.all([page.waitForURL(/topic=/), page.click('.apply button[type=submit]')]);
    // sort=newest comes with the form; empty fields too.
    assert.deepEqual(params(page.url()).filter((p) => !/^(sort=.*|q=|from=|to=)$/.test(p)), [`topic=${D.topic}`]);
    const s1 = await state(page);
    assert.deepEqual(s1.checked, [`f-topic-${D.topic}`]);
    assert.match(s1.total, new RegExp(`^${predicted}\\b`), `the topic's count (${predicted}) is the new total`);
    // The chips are links that work without JavaScript too.
    await Promise.all([page.waitForURL((u) => !u.search.includes('topic=')), page.click('ul.chips a:not(.reset)')]);
    assert.deepEqual((await state(page)).checked, []);
    // The search box submits.
    await page.fill('#q', D.word.en);
    await Promise.all([page.waitForURL(/q=/), page.press('#q', 'Enter')]);
    assert.ok((await state(page)).hits.length > 0);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('without JavaScript: text size and print are hidden, the PDF link works', { timeout: 30_000 }, async () => {
  const { page, problems } = await open(`${srv.url}/en/practices/${D.practice}`, { b: nojs });
  try {
    for (const sel of ['button[data-textsize="1"]', 'button[data-textsize="-1"]', 'button[data-print]'])
      assert.equal(await page.isVisible(sel), false, `${sel} is hidden`);
    assert.ok(await page.isVisible('nav.tools a.back'));
    const href = await page.getAttribute('nav.tools a[href$=".pdf"]', 'href');
    const r = await page.request.get(new URL(href, page.url()).href);
    assert.equal(r.status(), 200, `GET ${href}`);
    assert.equal((await r.body()).toString('latin1', 0, 5), '%PDF-');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('without JavaScript: the catalogue passes the keyboard check and shows its Apply buttons', { timeout: 30_000 }, async () => {
  const { page } = await open(`${srv.url}/en/practices?topic=${D.topic}`, { b: nojs });
  try {
    assert.ok(await page.isVisible('.apply button[type=submit]'));
    assert.ok(await page.isVisible('.sort button[type=submit]'));
    assertKeyboard(await checkKeyboard(page));
  } finally {
    await page.close();
  }
});

// ---- 5. hostile input -------------------------------------------------------

function HOSTILE() {
  return [
    { name: 'home', path: '/en/' },
    { name: 'catalogue', path: '/en/practices' },
    { name: 'catalogue ca', path: '/ca/practices' },
    { name: 'catalogue filtered', path: '/en/practices?topic=hostile-topic&network=hostile-network&city=hostile-city' },
    { name: 'catalogue searched', path: '/en/practices?q=alert' },
    { name: 'practice', path: '/en/practices/hostile-practice' },
    { name: 'practice ca', path: '/ca/practices/hostile-practice' },
    { name: 'topics', path: '/en/topics' },
    { name: 'topic', path: '/en/topics/hostile-topic' },
    { name: 'collections', path: '/en/collections' },
    { name: 'collection', path: '/en/collections/hostile-collection' },
    { name: 'search for the string', path: `/en/practices?q=${encodeURIComponent(EVIL)}`, any: true },
    { name: '400 echoing the string', path: `/en/practices?year=${encodeURIComponent(EVIL)}`, status: 400 },
    { name: '404 at the string', path: `/en/practices/${encodeURIComponent(EVIL)}`, status: 404, absent: true },
  ];
}

// Fails when the page's DOM holds anything the string would have made had
// it not been escaped.
const injected = (page) => page.evaluate(() => [
  ...[...document.querySelectorAll('img')].filter((i) => i.getAttribute('src') === 'x').map((i) => i.outerHTML),
  ...[...document.querySelectorAll('[onerror]')].map((e) => e.outerHTML),
  ...[...document.scripts].filter((s) => /alert/.test(s.textContent) && s.type !== 'application/ld+json')
    .map((s) => s.outerHTML),
  ...[...document.querySelectorAll('b')].filter((e) => e.textContent === 'raw').map((e) => e.outerHTML),
]);

test('hostile input: the injection string shows literally on every page type, nothing runs', { timeout: 60_000 }, async (t) => {
  for (const p of HOSTILE()) {
    const { page, res, problems, dialogs } = await open(`${bad.url}${p.path}`,
      { ignore: [new URL(`${bad.url}${p.path}`).pathname] });
    try {
      if (!p.any)
        assert.equal(res.status(), p.status ?? 200, `${p.name}: ${p.path}`);
      t.diagnostic(`${p.name}: ${res.status()}`);
      assert.deepEqual(await injected(page), [], `${p.name}: markup from the string in the DOM`);
      if (!p.absent) {
        const text = await page.evaluate(() => document.body.innerText);
        assert.ok(text.includes(EVIL), `${p.name}: the string is not shown literally`);
      }
      assert.deepEqual(dialogs, [], `${p.name}: a dialog opened`);
      assert.deepEqual(problems.filter((m) => !/status of 40[04]/.test(m)), [], `${p.name}: console errors`);
      if (p.name === 'practice') {
        assert.equal((await page.locator('h1').innerText()).trim(), EVIL);
        assert.ok((await page.title()).startsWith(EVIL), 'the <title> too');
        await screenshots(page, 'hostile-practice');
        // The JSON-LD block holds the string and stays one valid JSON block.
        const ld = await page.$$eval('script[type="application/ld+json"]', (s) => s.map((e) => e.textContent));
        assert.equal(ld.length, 1);
        assert.equal(JSON.parse(ld[0]).headline, EVIL);
      }
    } finally {
      await page.close();
    }
  }
  assertHtmlValid((await nuP).filter((e) => e.name.startsWith('hostile ') && e.name !== 'hostile 404 at the string' &&
    !KNOWN_NU['heading-order'].test(e.message)));
});

test('a 404 at an address with <, " and spaces has valid links (hreflang, language switcher)', {
  timeout: 20_000,
}, async () => {
  assertHtmlValid((await nuP).filter((e) => e.name === 'hostile 404 at the string'));
});

test('hostile input: live search results and chips show the string literally', { timeout: 30_000 }, async () => {
  const { page, problems, dialogs } = await open(`${bad.url}/en/practices`);
  try {
    await live(page, () => page.check('#f-topic-hostile-topic'), (p) => p.has('topic'));
    await live(page, async () => {
      await page.fill('#q', 'alert');
      await page.press('#q', 'Enter');
    }, (p) => p.get('q') === 'alert');
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await injected(page), []);
    const hit = page.locator('ol.hits h3 a', { hasText: 'alert(1)' });
    assert.equal((await hit.first().innerText()).trim(), EVIL);
    assert.ok((await page.locator('ul.chips').innerText()).includes(EVIL), 'the chip names the topic literally');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('hostile input: the PDF of the hostile practice has the string as text', { timeout: 30_000 }, async () => {
  const r = await fetch(`${bad.url}/en/practices/hostile-practice.pdf`);
  assert.equal(r.status, 200);
  const file = join(dir, 'hostile.pdf');
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.ok(text.replace(/\s+/g, ' ').includes(EVIL), 'the title, as written');
});

test('malformed parameters get a 400 page that says what was wrong, in the page language', { timeout: 30_000 }, async () => {
  const cases = [
    ['/en/practices?year=abc', /year/, /abc/],
    ['/en/practices?page=-1', /page/, /-1/],
    ['/en/practices?page=abc', /page/, /abc/],
    ['/en/practices?from=2030&to=2010', /from|to/, /2030/],
    ['/en/practices?q=%ff', /UTF-8/, /./],
    ['/en/practices?topic=%ff', /UTF-8/, /./],
    ['/ca/practices?year=abc', /year/, /abc/],
  ];
  for (const [path, param, value] of cases) {
    const { page, problems } = await open(`${srv.url}${path}`, { status: 400, ignore: [path.split('?')[0]] });
    try {
      const lang = path.slice(1, 3);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      const msg = await page.locator('.error[role=alert]').innerText();
      assert.match(msg, param, `${path}: the message names the parameter ("${msg}")`);
      assert.match(msg, value, `${path}: and the value ("${msg}")`);
      assert.equal(await page.locator('main a[href$="/practices"]').count() > 0, true, 'a way back to the catalogue');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  }
  // Unknown parameters are ignored, not refused.
  assert.equal((await get(`${srv.url}/en/practices?utm_source=x&foo=bar`)).status, 200);
});

test('servers stop on SIGTERM with status 0 and no sanitizer report', { timeout: 15_000 }, async () => {
  const [a, b] = await Promise.all([srv.stop(), bad.stop()]);
  assertCleanExit(a);
  assertCleanExit(b);
});
