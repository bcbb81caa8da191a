// quality.test.mjs - the quality checks of lib.mjs fail on known-bad pages,
// pass on a known-good one, and pass on the real server's pages.
// SPDX-License-Identifier: MIT
//
// A checker that cannot fail proves nothing, so each one is first shown a
// page with planted problems and must name them. Fixtures are served with
// page.route under http://fixture.test/ (real URLs, real response headers,
// so the good one runs under a strict CSP like the app's pages).
//   node --test --test-reporter=tap tests/browser/quality.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  startServer, launchBrowser, watchConsole, checkAxe, assertAxeClean,
  checkHtml, assertHtmlValid, checkKeyboard, assertKeyboard,
  screenshots, assertCleanExit,
} from './lib.mjs';

const FIX = 'http://fixture.test';
const CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// Every problem here is planted on purpose; the tests below name each one.
const BAD = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>bad</title></head>
<body>
<div>
<img id="bad-img" src="/pixel.png">
<p id="bad-contrast" style="color:#bbb;background:#fff">Pale grey on white</p>
<input id="bad-input" type="text" name="q">
<p id="dup">one</p><p id="dup">two</p>
<span id="bad-span"><div>a block in a span</div></span>
</div>
</body>
</html>
`;

const GOOD = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>good</title>
<link rel="stylesheet" href="/good.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Site"><a href="/a">Practices</a> <a href="/b">Networks</a></nav></header>
<main id="main" tabindex="-1">
<h1>A good page</h1>
<form action="/search"><label for="q">Search</label> <input id="q" name="q" type="search">
<button type="submit">Go</button></form>
</main>
<footer><p>Footer</p></footer>
</body>
</html>
`;
const GOOD_CSS = `body { font: 16px/1.5 sans-serif; color: #222; background: #fff; margin: 1rem; }
a { color: #0645ad; }
.skip { position: absolute; left: -10000px; }
.skip:focus { position: static; }
:focus-visible { outline: 3px solid #0645ad; outline-offset: 2px; }
`;

// A skip link's target must be <main>; here it is a <div>.
const KB_WRONG_TARGET = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>kb</title></head>
<body><a href="#content">Skip</a><nav><a href="/a">A</a></nav>
<div id="content"><main><h1>x</h1><a href="/b">B</a></main></div></body></html>`;

// No skip link, a link whose focus ring is removed, a link off screen.
const KB_BAD = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>kb</title>
<style>.ring-off:focus { outline: none; } .away { position: absolute; left: -9999px; }</style></head>
<body><nav><a href="/a">Home</a></nav>
<main><h1>x</h1><a class="ring-off" href="/b">No ring</a> <a class="away" href="/c">Far away</a></main></body></html>`;

let srv;
let br;
let nu; // the Nu checker's errors for every document, from one JVM run

// 1x1 transparent PNG, so the bad page's <img> loads without a 404.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

// A page that answers http://fixture.test/<name> with the fixtures above.
async function fixturePage(path, { width = 1280, height = 800 } = {}) {
  const page = await br.newPage();
  await page.setViewportSize({ width, height });
  await page.route(`${FIX}/**`, (route) => {
    const p = new URL(route.request().url()).pathname;
    const html = { '/bad': BAD, '/good': GOOD, '/kb-target': KB_WRONG_TARGET, '/kb-bad': KB_BAD }[p];
    if (html !== undefined)
      return route.fulfill({ status: 200, body: html,
        headers: { 'content-type': 'text/html; charset=utf-8',
          // The good page lives under the app's CSP; the bad ones use inline style.
          ...(p === '/good' ? { 'content-security-policy': CSP } : {}) } });
    if (p === '/good.css')
      return route.fulfill({ status: 200, body: GOOD_CSS, headers: { 'content-type': 'text/css' } });
    if (p === '/pixel.png')
      return route.fulfill({ status: 200, body: PIXEL, headers: { 'content-type': 'image/png' } });
    return route.fulfill({ status: 404, body: 'not found', headers: { 'content-type': 'text/plain' } });
  });
  await page.goto(`${FIX}${path}`, { waitUntil: 'load', timeout: 10_000 });
  return page;
}

async function withPage(path, fn, opts) {
  const page = await fixturePage(path, opts);
  try {
    return await fn(page);
  } finally {
    await page.close();
  }
}

before(async () => {
  srv = await startServer();
  br = await launchBrowser();
  // One JVM for the whole file: the fixtures and the server's pages.
  nu = await checkHtml([
    { name: 'bad', html: BAD },
    { name: 'good', html: GOOD },
    { name: 'home', url: `${srv.url}/` },
    { name: '404', url: `${srv.url}/nope` },
  ]);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

const ids = (res) => res.violations.map((v) => v.id).sort();
const targets = (res, id) => res.violations.find((v) => v.id === id)?.nodes.flatMap((n) => n.target) ?? [];

// ---- the checkers catch what was planted -----------------------------------

test('axe reports the missing alt, low contrast, unlabelled field, missing lang and landmarks', { timeout: 20_000 }, async () => {
  const res = await withPage('/bad', (page) => checkAxe(page, 'bad fixture'));
  for (const id of ['image-alt', 'color-contrast', 'label', 'html-has-lang',
    'landmark-one-main', 'page-has-heading-one', 'region'])
    assert.ok(ids(res).includes(id), `axe misses ${id}; it found ${ids(res).join(', ')}`);
  assert.deepEqual(targets(res, 'image-alt'), ['#bad-img']);
  assert.deepEqual(targets(res, 'color-contrast'), ['#bad-contrast']);
  assert.deepEqual(targets(res, 'label'), ['#bad-input']);
});

test('assertAxeClean fails with rule, impact, help, selector and HTML', { timeout: 20_000 }, async () => {
  const res = await withPage('/bad', (page) => checkAxe(page, 'bad fixture'));
  assert.throws(() => assertAxeClean(res), (e) => {
    assert.match(e.message, /bad fixture \(http:\/\/fixture\.test\/bad\)/);
    assert.match(e.message, /^image-alt \(critical\): Images must have alternative text/m);
    assert.match(e.message, /at #bad-img: <img id="bad-img" src="\/pixel\.png">/);
    assert.match(e.message, /^color-contrast \(serious\):/m);
    return true;
  });
});

test('the Nu checker reports the missing alt, duplicate id and div in span', () => {
  const bad = nu.filter((e) => e.name === 'bad');
  const has = (re) => bad.some((e) => re.test(e.message));
  assert.ok(has(/“img” element must have an “alt” attribute/), 'img without alt');
  assert.ok(has(/Duplicate ID “dup”/), 'duplicate id');
  assert.ok(has(/Element “div” not allowed as child of element “span”/), 'div in span');
  const dup = bad.find((e) => /Duplicate ID/.test(e.message));
  assert.equal(dup.line, 9, 'line of the second id="dup"');
  assert.ok(dup.column > 0);
  assert.match(dup.extract, /id="dup">two/);
  assert.throws(() => assertHtmlValid(nu, 'bad'),
    /Nu HTML checker: 3 error\(s\):$[^]*^bad:9:20: Duplicate ID “dup”\.\n {4}p">one<\/p><p id="dup">two/m);
});

test('checkKeyboard reports a missing skip link, a removed focus ring and an off-screen stop', { timeout: 20_000 }, async () => {
  const kb = await withPage('/kb-bad', (page) => checkKeyboard(page));
  assert.deepEqual(kb.stops.map((s) => s.name), ['Home', 'No ring', 'Far away']);
  assert.equal(kb.skipLink, null);
  const p = kb.problems.join('\n');
  assert.match(p, /first stop is <a> "Home", not a skip link/);
  assert.match(p, /stop 2 <a> "No ring": no visible focus indicator/);
  assert.match(p, /stop 3 <a> "Far away": focused but not visible/);
  assert.doesNotMatch(p, /stop 1 /, 'the default focus ring counts as an indicator');
  assert.throws(() => assertKeyboard(kb), /keyboard: 3 problem\(s\)[^]*focus order:\n1\. <a> "Home" -> \/a/);
});

test('checkKeyboard reports a skip link that does not point to <main>', { timeout: 20_000 }, async () => {
  const kb = await withPage('/kb-target', (page) => checkKeyboard(page));
  assert.deepEqual(kb.skipLink, { href: '#content', target: 'div#content', targetIsMain: false, works: true });
  assert.deepEqual(kb.problems, ['skip link #content points to <div#content>, not <main>']);
});

// ---- and stay quiet on a good page -----------------------------------------

test('a good page under a strict CSP passes axe, the Nu checker and the keyboard check', { timeout: 30_000 }, async () => {
  await withPage('/good', async (page) => {
    const problems = watchConsole(page);
    // The CSP is on: an inline script is refused, yet axe still runs.
    await assert.rejects(page.addScriptTag({ content: 'window.inlineRan = 1' }));
    assert.equal(await page.evaluate(() => window.inlineRan), undefined);
    assertAxeClean(await checkAxe(page, 'good fixture'));

    const kb = await checkKeyboard(page);
    assertKeyboard(kb);
    assert.deepEqual(kb.stops.map((s) => s.name),
      ['Skip to content', 'Practices', 'Networks', 'Search', 'Go']);
    assert.deepEqual(kb.skipLink, { href: '#main', target: 'main#main', targetIsMain: true, works: true });
    assert.ok(kb.stops.every((s) => s.changed.some((c) => c.startsWith('outline'))));
    // CSP console reports come from the addScriptTag probe above.
    assert.deepEqual(problems.filter((m) => !/Content Security Policy/.test(m)), []);
  });
  assertHtmlValid(nu, 'good');
});

test('screenshots are saved at 1280 and 390 pixels wide', { timeout: 20_000 }, async () => {
  const shots = await withPage('/good', (page) => screenshots(page, 'fixture-good'));
  assert.deepEqual(shots.map((s) => s.width), [1280, 390]);
  for (const s of shots) {
    assert.match(s.path, new RegExp(`build/test-output/screenshots/fixture-good-${s.width}\\.png$`));
    const png = readFileSync(s.path);
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.equal(png.readUInt32BE(16), s.width, 'PNG width');
    assert.ok(s.scrollWidth <= s.width, `scrolls sideways at ${s.width}px`);
  }
});

// ---- the real server's pages -----------------------------------------------

test('home page passes axe (WCAG 2.1 AA) and the keyboard check', { timeout: 30_000 }, async (t) => {
  const page = await br.newPage();
  try {
    const problems = watchConsole(page);
    const res = await page.goto(`${srv.url}/`, { waitUntil: 'load', timeout: 10_000 });
    assert.equal(res.status(), 200);
    for (const vp of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(vp);
      assertAxeClean(await checkAxe(page, `home at ${vp.width}px`));
    }
    // The placeholder page has no links or fields yet, hence no skip link;
    // what it has (nothing) must still pass.
    const kb = await checkKeyboard(page, { skipLink: false });
    t.diagnostic(`home focus stops: ${kb.stops.length}`);
    assertKeyboard(kb);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('home page passes the Nu HTML checker', () => {
  assertHtmlValid(nu, 'home');
});

test('404 page passes axe and the Nu HTML checker', { timeout: 30_000 }, async (t) => {
  const r = await fetch(`${srv.url}/nope`, { signal: AbortSignal.timeout(5000) });
  assert.equal(r.status, 404);
  const type = r.headers.get('content-type');
  if (!/^text\/html/.test(type)) {
    // Not an HTML page yet; the checks switch on when it becomes one.
    t.skip(`the 404 is ${type}, not an HTML page`);
    return;
  }
  const page = await br.newPage();
  try {
    await page.goto(`${srv.url}/nope`, { waitUntil: 'load', timeout: 10_000 });
    assertAxeClean(await checkAxe(page, '404'));
  } finally {
    await page.close();
  }
  assertHtmlValid(nu, '404');
});

test('server stops cleanly after the checks', { timeout: 10_000 }, async () => {
  assertCleanExit(await srv.stop());
});
