// home.test.mjs - the way in: / sends the reader to the home page in their
// language, and the home page at desktop and phone widths shows what the
// site is, a working search box, the latest practices and the counts.
// SPDX-License-Identifier: MIT
//
// Starts its own server on a demo store and drives Debian's Chromium, both
// through lib.mjs; screenshots go to build/test-output/screenshots/.
// axe, the Nu checker and the keyboard check of every page type, the home
// page in five languages included, are in catalogue.test.mjs.
//   node --test --test-reporter=tap tests/browser/home.test.mjs
// Tests stay top-level so each prints one unindented TAP "ok" line, which is
// what tests/run.sh counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchConsole, screenshots, assertCleanExit } from './lib.mjs';

let srv;
let br;

before(async () => {
  const up = await Promise.allSettled([
    startServer({ data: 'demo' }).then((x) => { srv = x; }),
    launchBrowser().then((x) => { br = x; }),
  ]);
  for (const u of up)
    if (u.status === 'rejected')
      throw u.reason;
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

// The number in a string as the page writes it ("1,234", "1.234", "1 234").
const num = (s) => Number(String(s).replace(/[^\d]/g, ''));

test('/ redirects to the reader\'s language by Accept-Language, English by default', { timeout: 10_000 }, async () => {
  for (const [accept, want] of [['ca', '/ca/'], ['ca-ES,ca;q=0.9', '/ca/'], ['fr-FR,fr;q=0.9,en;q=0.5', '/fr/'],
    ['de-DE,it;q=0.8', '/it/'], ['es-ES', '/es/'], ['ja', '/en/'], ['', '/en/'], ['*', '/en/']]) {
    const r = await fetch(`${srv.url}/`, { redirect: 'manual', headers: accept ? { 'accept-language': accept } : {} });
    assert.ok([302, 303, 307].includes(r.status), `/ with "${accept}": status ${r.status}, not a temporary redirect`);
    assert.equal(new URL(r.headers.get('location'), srv.url).pathname, want, `/ with Accept-Language "${accept}"`);
    assert.match(r.headers.get('vary') || '', /accept-language/i, 'Vary: Accept-Language (caches keep one answer per language)');
  }
});

test('Chromium opening / lands on the home page in its language', { timeout: 20_000 }, async () => {
  const page = await br.newPage();
  try {
    await page.setExtraHTTPHeaders({ 'accept-language': 'ca-ES,ca;q=0.9,en;q=0.5' });
    const res = await page.goto(`${srv.url}/`, { waitUntil: 'load', timeout: 10_000 });
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/ca/');
    assert.equal(await page.getAttribute('html', 'lang'), 'ca');
  } finally {
    await page.close();
  }
});

// Opens /en/ at the given size and checks what every width must show.
async function checkHome(width, height) {
  const page = await br.newPage();
  const problems = watchConsole(page);
  try {
    await page.setViewportSize({ width, height });
    const res = await page.goto(`${srv.url}/en/`, { waitUntil: 'load', timeout: 10_000 });
    assert.equal(res.status(), 200);
    assert.match(await page.title(), /intercity/);
    const h1 = page.locator('h1');
    assert.equal(await h1.count(), 1);
    assert.ok(await h1.isVisible(), 'h1 is visible');
    assert.ok(await page.isVisible('form[role=search] input[type=search]'), 'search box is visible');

    // The practice count is the catalogue's total, from the API.
    const api = await (await fetch(`${srv.url}/api/v1/search?lang=en`)).json();
    const stats = await page.locator('.stats li').allInnerTexts();
    const practices = stats.find((s) => /practice/.test(s));
    assert.ok(practices, `a practice count among ${JSON.stringify(stats)}`);
    assert.equal(num(practices), api.total, `home says "${practices}", the API ${api.total}`);

    // The latest practices are cards linking to practice pages.
    const cards = await page.$$eval('ol.hits li h3 a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(cards.length > 0 && cards.length <= 6, `${cards.length} latest practices`);
    for (const href of cards)
      assert.match(href, /^\/en\/practices\/[a-z0-9-]+$/);

    // Nothing wider than the screen.
    const [shot] = await screenshots(page, `home-en-own`, { viewports: [{ width, height }] });
    assert.ok(shot.scrollWidth <= width, `page is ${shot.scrollWidth}px wide at ${width}px`);
    assert.deepEqual(problems, [], 'no console errors');
  } finally {
    await page.close();
  }
}

test('home page at desktop width (1280x800)', { timeout: 20_000 }, async () => {
  await checkHome(1280, 800);
});

test('home page at phone width (390x844)', { timeout: 20_000 }, async () => {
  await checkHome(390, 844);
});

test('the home search box leads to the catalogue with the words searched', { timeout: 20_000 }, async () => {
  const page = await br.newPage();
  const problems = watchConsole(page);
  try {
    await page.goto(`${srv.url}/fr/`, { waitUntil: 'load', timeout: 10_000 });
    await page.fill('form[role=search] input[type=search]', 'Barcelona');
    await Promise.all([page.waitForURL(/\/fr\/practices\?q=Barcelona/), page.press('form[role=search] input[type=search]', 'Enter')]);
    assert.equal(await page.inputValue('#q'), 'Barcelona');
    assert.ok(await page.locator('ol.hits li').count() > 0, 'Barcelona is found');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('every link of the home page answers (no 404 from the first page)', { timeout: 30_000 }, async () => {
  const page = await br.newPage();
  try {
    await page.goto(`${srv.url}/es/`, { waitUntil: 'load', timeout: 10_000 });
    const hrefs = [...new Set(await page.$$eval('a[href]', (as) => as.map((a) => a.href)))]
      .filter((h) => h.startsWith(srv.url));
    const bad = [];
    await Promise.all(hrefs.map(async (h) => {
      const r = await fetch(h, { signal: AbortSignal.timeout(10_000) });
      await r.arrayBuffer();
      if (r.status !== 200)
        bad.push(`${h}: ${r.status}`);
    }));
    assert.deepEqual(bad, [], `links from /es/ (${hrefs.length} checked)`);
  } finally {
    await page.close();
  }
});

// Browsers and feed readers ask for /favicon.ico whatever the page links.
test('/favicon.ico is not a 404', { timeout: 5_000 }, async () => {
  const r = await fetch(`${srv.url}/favicon.ico`, { signal: AbortSignal.timeout(3000) });
  assert.notEqual(r.status, 404, 'GET /favicon.ico is 404');
});

test('server stops on SIGTERM with status 0 and no sanitizer report', { timeout: 10_000 }, async () => {
  assertCleanExit(await srv.stop());
});
