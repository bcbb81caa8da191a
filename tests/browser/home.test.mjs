// home.test.mjs - the home page in Chromium at desktop and phone widths.
// SPDX-License-Identifier: MIT
//
// Starts its own server on a demo store, drives Debian's Chromium through
// playwright-core and saves screenshots to test-results/screenshots/.
//   node --test --test-reporter=tap tests/browser/home.test.mjs
// Tests stay top-level so each prints one unindented TAP "ok" line, which is
// what tests/run.sh counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = resolve(root, process.env.INTERCITY_BIN || 'build/asan/intercity');
const shots = join(root, 'test-results', 'screenshots');
const env = {
  ...process.env,
  ASAN_OPTIONS: process.env.ASAN_OPTIONS ||
    'detect_leaks=1:abort_on_error=0:halt_on_error=1',
  UBSAN_OPTIONS: process.env.UBSAN_OPTIONS ||
    'print_stacktrace=1:halt_on_error=1',
};

let tmp;
let server;         // the intercity child process
let serverErr = ''; // its stderr
let serverExit;     // resolves to { code, signal }
let base;
let context;        // persistent Chromium context with a fresh profile

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitHealthy(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(`server exited early:\n${serverErr}`);
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (r.ok && (await r.text()).trim() === 'ok')
        return;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`server did not answer ${url}/healthz within ${ms} ms:\n${serverErr}`);
}

async function stopServer(ms) {
  if (!server || server.exitCode !== null || server.signalCode !== null)
    return serverExit;
  server.kill('SIGTERM');
  const timer = new Promise((ok) => setTimeout(() => ok(null), ms));
  const res = await Promise.race([serverExit, timer]);
  if (res === null) {
    server.kill('SIGKILL');
    await serverExit;
    return null;
  }
  return res;
}

before(async () => {
  tmp = mkdtempSync(join(process.env.TEST_TMP || tmpdir(), 'browser-home-'));
  const db = join(tmp, 'x.db');
  execFileSync(bin, ['--db', db, 'init', '--demo'], { env, stdio: 'pipe' });

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (d) => { serverErr += d; });
  serverExit = new Promise((ok) => {
    server.on('exit', (code, signal) => ok({ code, signal }));
  });
  await waitHealthy(base, 10_000);

  mkdirSync(shots, { recursive: true });
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 15_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (context)
    await context.close().catch(() => {});
  await stopServer(5_000);
  if (tmp)
    rmSync(tmp, { recursive: true, force: true });
});

// Opens / at the given size and checks what every width must show.
async function checkHome(width, height, shot) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error')
      return;
    // Chromium asks for /favicon.ico by itself; the test below covers it.
    if (new URL(m.location().url || base, base).pathname === '/favicon.ico')
      return;
    problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  try {
    await page.setViewportSize({ width, height });
    const res = await page.goto(`${base}/`, { waitUntil: 'networkidle', timeout: 10_000 });
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
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= width, `page is ${scrollWidth}px wide at ${width}px`);

    await page.screenshot({ path: join(shots, shot), fullPage: true });
    assert.deepEqual(problems, [], 'no console errors');
  } finally {
    await page.close();
  }
}

test('home page at desktop width (1280x800)', { timeout: 20_000 }, async () => {
  await checkHome(1280, 800, 'home-desktop.png');
});

test('home page at phone width (390x844)', { timeout: 20_000 }, async () => {
  await checkHome(390, 844, 'home-phone.png');
});

// Every browser requests /favicon.ico, so a 404 there is a console error on
// every first visit.
test('/favicon.ico is not a 404', { timeout: 5_000 }, async () => {
  const r = await fetch(`${base}/favicon.ico`, { signal: AbortSignal.timeout(3000) });
  assert.notEqual(r.status, 404, 'GET /favicon.ico is 404 (Chromium logs it as a console error)');
});

test('server stops on SIGTERM with status 0 and no sanitizer report', { timeout: 10_000 }, async () => {
  const res = await stopServer(5_000);
  assert.ok(res, `server still running 5 s after SIGTERM:\n${serverErr}`);
  assert.equal(res.code, 0, `exit status ${res.code} (signal ${res.signal}):\n${serverErr}`);
  assert.doesNotMatch(serverErr, /AddressSanitizer|LeakSanitizer|runtime error/);
});
