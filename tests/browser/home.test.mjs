// home.test.mjs - the home page in Chromium at desktop and phone widths.
// SPDX-License-Identifier: MIT
//
// Starts its own server on a demo store and drives Debian's Chromium, both
// through lib.mjs; screenshots go to build/test-output/screenshots/.
// The shared quality bars (axe, Nu checker, keyboard) are in quality.test.mjs.
//   node --test --test-reporter=tap tests/browser/home.test.mjs
// Tests stay top-level so each prints one unindented TAP "ok" line, which is
// what tests/run.sh counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchConsole, screenshots, assertCleanExit } from './lib.mjs';

let srv;
let br;

before(async () => {
  srv = await startServer({ data: 'demo' });
  br = await launchBrowser();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

// Opens / at the given size and checks what every width must show.
async function checkHome(width, height) {
  const page = await br.newPage();
  const problems = watchConsole(page);
  try {
    await page.setViewportSize({ width, height });
    const res = await page.goto(`${srv.url}/`, { waitUntil: 'networkidle', timeout: 10_000 });
    assert.equal(res.status(), 200);
    assert.equal(await page.title(), 'intercity');

    const h1 = page.locator('h1');
    assert.equal(await h1.count(), 1);
    assert.ok(await h1.isVisible(), 'h1 is visible');

    const row = page.locator('table tr', {
      has: page.locator('td', { hasText: /^practices$/ }),
    });
    assert.equal(await row.count(), 1, 'one "practices" row');
    assert.equal((await row.locator('td').nth(1).innerText()).trim(), '43');

    // Nothing wider than the screen.
    const [shot] = await screenshots(page, 'home', { viewports: [{ width, height }] });
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

// Every browser requests /favicon.ico, so a 404 there is a console error on
// every first visit.
test('/favicon.ico is not a 404', { timeout: 5_000 }, async () => {
  const r = await fetch(`${srv.url}/favicon.ico`, { signal: AbortSignal.timeout(3000) });
  assert.notEqual(r.status, 404, 'GET /favicon.ico is 404 (Chromium logs it as a console error)');
});

test('server stops on SIGTERM with status 0 and no sanitizer report', { timeout: 10_000 }, async () => {
  assertCleanExit(await srv.stop());
});
