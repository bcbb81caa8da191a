// lib.mjs - shared quality checks for the browser tests: a real server on a
// loopback port, Debian's Chromium, axe-core, the Nu HTML checker, keyboard
// focus order and screenshots at desktop and phone widths.
// SPDX-License-Identifier: MIT
//
// Every page type is put through the same bars (issue 4):
//   const srv = await startServer();              // fresh demo store
//   const br = await launchBrowser();
//   const page = await br.newPage();
//   await page.goto(`${srv.url}/`);
//   assertAxeClean(await checkAxe(page, 'home'));
//   assertKeyboard(await checkKeyboard(page));
//   await screenshots(page, 'home');
//   assertHtmlValid(await checkHtml([{ name: 'home', url: `${srv.url}/` }]));
//   await br.close();
//   assertCleanExit(await srv.stop());
// Nothing here builds: the binary comes from INTERCITY_BIN (tests/run.sh sets
// the ASan build) or build/asan/intercity.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS_DIR = join(ROOT, 'build', 'test-output', 'screenshots');
/** The two widths every page is looked at. */
export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
/** WCAG 2.1 A and AA, the bar for every page. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** axe best-practice rules (not WCAG criteria) we hold pages to as well. */
export const AXE_EXTRA_RULES = [
  'region', 'landmark-one-main', 'page-has-heading-one',
  'landmark-no-duplicate-main', 'landmark-unique', 'heading-order',
  'skip-link', 'empty-heading',
];

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

const SANITIZER_RE = /AddressSanitizer|LeakSanitizer|runtime error/;

// Temp dirs and servers still alive when node exits (a test that threw
// before its after() ran) are cleaned up here, synchronously.
const live = new Set();
process.once('exit', () => {
  for (const f of live)
    f();
});

function testTmp(prefix) {
  const parent = process.env.TEST_TMP || tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, prefix));
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// ---- the server ------------------------------------------------------------

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

/**
 * Starts `intercity serve` on a free loopback port over a fresh store in a
 * temp dir (under TEST_TMP when set). data: 'demo' (init --demo, the
 * default), 'empty' (init only) or an array of JSON/CSV files to import
 * after a plain init. imports: more `intercity import` runs after that, one
 * array of arguments each (e.g. ['--format', 'twinning', file]; relative
 * paths are the caller's to resolve). Resolves once /healthz answers "ok" to
 *   { url, db, dir, stderr(), stop() }
 * where stop() sends SIGTERM (SIGKILL after 5 s), removes the temp dir and
 * resolves to { code, signal, stderr } (code null when it had to be killed).
 * Throws with the server's stderr when it does not come up within 10 s.
 */
export async function startServer({ data = 'demo', imports = [], bin, env: extraEnv } = {}) {
  bin = resolve(ROOT, bin || process.env.INTERCITY_BIN || 'build/asan/intercity');
  if (!existsSync(bin))
    throw new Error(`${bin} does not exist: run "make build/asan/intercity" (or set INTERCITY_BIN)`);
  const env = {
    ...process.env,
    ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:abort_on_error=0:halt_on_error=1',
    LSAN_OPTIONS: process.env.LSAN_OPTIONS ||
      `suppressions=${join(ROOT, 'tests/lsan.supp')}:print_suppressions=0`,
    UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1:halt_on_error=1',
    ...extraEnv,
  };
  const dir = testTmp('browser-srv-');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  live.add(removeDir);
  const db = join(dir, 'x.db');
  const run = (args) => {
    try {
      execFileSync(bin, ['--db', db, ...args], { env, stdio: 'pipe' });
    } catch (e) {
      throw new Error(`intercity ${args.join(' ')} failed (status ${e.status}):\n${e.stderr}`);
    }
  };
  if (data === 'demo') {
    run(['init', '--demo']);
  } else if (data === 'empty') {
    run(['init']);
  } else if (Array.isArray(data)) {
    run(['init']);
    if (data.length)
      run(['import', '--quiet', ...data.map((f) => resolve(ROOT, f))]);
  } else {
    throw new Error(`startServer: data must be 'demo', 'empty' or an array of files, not ${data}`);
  }
  for (const args of imports)
    run(['import', '--quiet', ...args]);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((ok) => {
    child.on('exit', (code, signal) => ok({ code, signal }));
  });
  const killNow = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
  live.add(killNow);
  const running = () => child.exitCode === null && child.signalCode === null;

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      let res;
      if (running()) {
        child.kill('SIGTERM');
        res = await Promise.race([exited, sleep(5_000).then(() => null)]);
        if (res === null) {
          child.kill('SIGKILL');
          res = { ...(await exited), code: null };
        }
      } else {
        res = await exited;
      }
      live.delete(killNow);
      removeDir();
      live.delete(removeDir);
      return { ...res, stderr: err };
    })();
    return stopped;
  };

  const end = Date.now() + 10_000;
  for (;;) {
    if (!running()) {
      await stop();
      throw new Error(`server exited before answering /healthz:\n${err}`);
    }
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (r.ok && (await r.text()).trim() === 'ok')
        break;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) {
      await stop();
      throw new Error(`server did not answer ${url}/healthz within 10 s:\n${err}`);
    }
    await sleep(100);
  }
  return { url, db, dir, stderr: () => err, stop };
}

/** Fails unless a stop() result is a clean exit: status 0, no sanitizer report. */
export function assertCleanExit(res) {
  assert.ok(res.code !== null, `server still running 5 s after SIGTERM (killed):\n${res.stderr}`);
  assert.equal(res.code, 0, `exit status ${res.code} (signal ${res.signal}):\n${res.stderr}`);
  assert.doesNotMatch(res.stderr, SANITIZER_RE, 'sanitizer report on stderr');
}

// ---- the browser -----------------------------------------------------------

/**
 * Launches Debian's Chromium headless through playwright-core with a fresh
 * profile in a temp dir. Resolves to { context, newPage(), close() };
 * close() shuts the browser and removes the profile. contextOptions go to
 * Playwright's context as they are (e.g. { javaScriptEnabled: false } for
 * the pages as a reader without JavaScript gets them).
 * The context does NOT bypass the pages' Content-Security-Policy: a page
 * that only works without its CSP must fail its tests (see checkAxe).
 */
export async function launchBrowser({ viewport = VIEWPORTS[0], contextOptions = {} } = {}) {
  const profile = testTmp('browser-profile-');
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  live.add(removeProfile);
  let context;
  try {
    // Playwright refuses --user-data-dir in args; this is how it is passed.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 15_000,
      args: CHROMIUM_ARGS,
      viewport,
      ...contextOptions,
    });
  } catch (e) {
    removeProfile();
    live.delete(removeProfile);
    throw e;
  }
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close().catch(() => {});
      removeProfile();
      live.delete(removeProfile);
    },
  };
}

/**
 * Collects console errors and uncaught page errors of page into the
 * returned array (assert it is empty at the end). Console errors for
 * ignorePaths (default: /favicon.ico, which Chromium asks for on its own)
 * are left out.
 */
export function watchConsole(page, { ignorePaths = ['/favicon.ico'] } = {}) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error')
      return;
    const at = m.location().url || '';
    try {
      if (at && ignorePaths.includes(new URL(at).pathname))
        return;
    } catch {
      // not a URL; keep it
    }
    problems.push(`console: ${m.text()}${at ? ` (${at})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

// ---- axe-core --------------------------------------------------------------

let axeSource;

/**
 * Runs axe-core on the page as it is now: WCAG 2.1 A/AA (AXE_TAGS) plus
 * AXE_EXTRA_RULES, or opts.tags / opts.rules instead. Resolves to
 *   { label, url, violations, incomplete }
 * with violations [{ id, impact, help, helpUrl,
 *                    nodes: [{ target, html, summary }] }]
 * and incomplete (needs a human look, e.g. contrast over an image) alike.
 * opts.context is axe's context (default the whole document).
 */
export async function checkAxe(page, label, opts = {}) {
  // Why evaluate and not addScriptTag: the pages send a strict CSP
  // (default-src 'self', no inline script), and addScriptTag inserts an
  // inline <script> that the CSP blocks. Evaluating axe's source goes
  // through the DevTools protocol, which the page's CSP does not govern, so
  // axe runs under the real policy. The other way out, the bypassCSP
  // context option, would switch the policy off for the page under test and
  // hide pages that only work without it. axe itself needs no eval().
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object')))
    await page.evaluate(`${axeSource}\n;void 0`);
  const res = await page.evaluate(async ({ tags, rules, context }) => {
    const ids = new Set(window.axe.getRules(tags).map((r) => r.ruleId));
    for (const r of rules)
      ids.add(r);
    const out = await window.axe.run(context || document, {
      runOnly: { type: 'rule', values: [...ids] },
      resultTypes: ['violations', 'incomplete'],
    });
    const slim = (list) => list.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)),
        html: n.html,
        summary: n.failureSummary,
      })),
    }));
    return { url: out.url, violations: slim(out.violations), incomplete: slim(out.incomplete) };
  }, { tags: opts.tags || AXE_TAGS, rules: opts.rules || AXE_EXTRA_RULES, context: opts.context });
  return { label, ...res };
}

const clip = (s, n) => {
  s = String(s ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
};

/** A readable list of an axe result's violations, one block per rule. */
export function formatAxe(result) {
  const lines = [];
  for (const v of result.violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help}  <${v.helpUrl}>`);
    for (const n of v.nodes.slice(0, 10))
      lines.push(`    at ${n.target.join(', ')}: ${clip(n.html, 160)}`);
    if (v.nodes.length > 10)
      lines.push(`    … and ${v.nodes.length - 10} more`);
  }
  return lines.join('\n');
}

/** Fails with formatAxe's list unless the axe result has no violations. */
export function assertAxeClean(result) {
  if (result.violations.length)
    assert.fail(`axe: ${result.violations.length} rule(s) violated on ${result.label} (${result.url}):\n${formatAxe(result)}`);
}

// ---- the Nu HTML checker ---------------------------------------------------

/**
 * Checks HTML documents with the Nu HTML checker (vnu.jar on the system
 * Java), starting one JVM for all of them: call it once per test file.
 * docs: [{ name, html }] or [{ name, url }] (fetched; a reply that is not
 * text/html is reported as an error instead of being checked).
 * Resolves to the errors (warnings are left out):
 *   [{ name, line, column, message, extract }]
 * Throws when the checker itself fails (no Java, unreadable output).
 */
export async function checkHtml(docs) {
  const dir = testTmp('nu-');
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  live.add(cleanup);
  const errors = [];
  const byFile = new Map();
  try {
    for (const [i, d] of docs.entries()) {
      let html = d.html;
      if (html === undefined) {
        const r = await fetch(d.url, { signal: AbortSignal.timeout(10_000) });
        html = await r.text();
        const type = r.headers.get('content-type') || '(none)';
        if (!/^text\/html\b/i.test(type)) {
          errors.push({ name: d.name, line: 0, column: 0, extract: clip(html, 80),
            message: `${d.url} is served as ${type}, not text/html (status ${r.status})` });
          continue;
        }
      }
      const file = `${String(i).padStart(3, '0')}-${String(d.name).replace(/[^A-Za-z0-9._-]+/g, '_')}.html`;
      writeFileSync(join(dir, file), html);
      byFile.set(file, d.name);
    }
    if (byFile.size === 0)
      return errors;
    const out = await new Promise((ok, fail) => {
      // C1 only and the serial GC halve the JVM's start-up; C1 frames are
      // bigger, so the checker's schema code needs the larger stack.
      execFile(process.env.JAVA || 'java',
        ['-Xss8m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
          '-jar', String(require('vnu-jar')),
          '--format', 'json', '--errors-only', '--skip-non-html', dir],
        { maxBuffer: 64 << 20, timeout: 120_000 },
        (e, stdout, stderr) => {
          // Exit status 1 just means "errors found"; the JSON decides.
          for (const s of [stderr, stdout]) {
            try {
              return ok(JSON.parse(s));
            } catch {
              // try the other stream
            }
          }
          fail(new Error(`the Nu checker failed${e ? ` (${e.message})` : ''}:\n${stderr}${stdout}`));
        });
    });
    for (const m of out.messages || []) {
      if (m.type === 'info')
        continue;
      const file = m.url ? basename(decodeURIComponent(new URL(m.url).pathname)) : '';
      errors.push({
        name: byFile.get(file) ?? (file || '(checker)'),
        line: m.lastLine ?? m.firstLine ?? 0,
        column: m.firstColumn ?? m.lastColumn ?? 0,
        message: m.message,
        extract: m.extract ?? '',
      });
    }
    return errors;
  } finally {
    cleanup();
    live.delete(cleanup);
  }
}

/** A readable list of Nu checker errors: "name:line:col: message" and the extract. */
export function formatHtmlErrors(errors) {
  return errors.map((e) => `${e.name}:${e.line}:${e.column}: ${e.message}` +
    (e.extract ? `\n    ${clip(e.extract, 160)}` : '')).join('\n');
}

/** Fails with the list unless there are no errors (for names, when given). */
export function assertHtmlValid(errors, names) {
  if (names !== undefined) {
    const want = new Set([names].flat());
    errors = errors.filter((e) => want.has(e.name));
  }
  if (errors.length)
    assert.fail(`Nu HTML checker: ${errors.length} error(s):\n${formatHtmlErrors(errors)}`);
}

// ---- keyboard --------------------------------------------------------------

/**
 * Tabs through the page from the top and reports the focus order:
 *   { stops: [{ tag, role, name, href, id, visible, indicator, changed }],
 *     skipLink: { href, target, targetIsMain, works } | null,
 *     problems: [string] }
 * indicator: the focused element's outline, box-shadow, border or
 * background differs from its unfocused style (changed lists which) and
 * would be seen (outline not none/0, shadow not none). visible: it has a
 * size, is not clipped away and is on screen. works: after Enter on the
 * skip link, the next Tab lands inside or after its target (null when no
 * stop follows). Problems are every stop without a visible indicator or
 * not visible, focus that does not cycle within maxTabs, and, unless
 * opts.skipLink is false, a first stop that is not a link to <main>.
 * Leaves the page as it found it except for focus and the URL fragment.
 */
export async function checkKeyboard(page, { skipLink: wantSkip = true, maxTabs = 200 } = {}) {
  // Unfocused styles of everything that could take focus, taken before any
  // focus moves, then a tabindex=-1 sentinel as the first thing in <body>
  // so the first Tab starts from the top whatever happened before.
  await page.evaluate(() => {
    const props = ['outline-style', 'outline-width', 'outline-color', 'outline-offset',
      'box-shadow', 'border-top-color', 'border-top-width', 'border-bottom-color',
      'border-bottom-width', 'background-color', 'color', 'text-decoration-line'];
    const snap = (el) => {
      const cs = getComputedStyle(el);
      return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    };
    if (document.activeElement && document.activeElement !== document.body)
      document.activeElement.blur();
    const base = new Map();
    for (const el of document.body.querySelectorAll('*'))
      base.set(el, snap(el));
    const s = document.createElement('span');
    s.tabIndex = -1;
    s.dataset.kbSentinel = '';
    document.body.prepend(s);
    s.focus();
    window.__kb = { base, snap, first: null };
  });

  const describe = () => page.evaluate(() => {
    document.querySelector('[data-kb-sentinel]')?.remove();
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement)
      return null;
    const kb = window.__kb;
    const repeat = kb.first === el;
    kb.first ??= el;
    const now = kb.snap(el);
    const before = kb.base.get(el) || now;
    const changed = Object.keys(now).filter((p) => now[p] !== before[p]);
    const px = (v) => parseFloat(v) || 0;
    const outline = now['outline-style'] !== 'none' && px(now['outline-width']) > 0 &&
      changed.some((p) => p.startsWith('outline'));
    const shadow = now['box-shadow'] !== 'none' && changed.includes('box-shadow');
    const other = changed.some((p) => /^(border|background)/.test(p));
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const visible = r.width > 1 && r.height > 1 && cs.visibility !== 'hidden' &&
      cs.opacity !== '0' && !/rect\(0px,? 0px,? 0px,? 0px\)/.test(cs.clip) &&
      cs.clipPath !== 'inset(50%)' &&
      r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    const text = (s) => (s || '').replace(/\s+/g, ' ').trim();
    const byId = (ids) => ids.split(/\s+/).map((i) => document.getElementById(i)?.textContent).join(' ');
    const name = text(el.getAttribute('aria-label')) ||
      text(el.getAttribute('aria-labelledby') && byId(el.getAttribute('aria-labelledby'))) ||
      text(el.labels?.[0]?.textContent) || text(el.innerText) ||
      text(el.querySelector?.('img[alt]')?.alt) || text(el.value) ||
      text(el.getAttribute('title')) || text(el.getAttribute('placeholder'));
    return {
      repeat,
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role') || '',
      name: name.slice(0, 80),
      href: el.getAttribute('href') || '',
      id: el.id || '',
      visible,
      indicator: outline || shadow || other,
      changed,
    };
  });

  const stops = [];
  const problems = [];
  let cycled = false;
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const d = await describe();
    if (!d || d.repeat) {
      cycled = true;
      break;
    }
    delete d.repeat;
    stops.push(d);
  }
  if (!cycled)
    problems.push(`focus did not leave or cycle the page within ${maxTabs} Tabs (a trap, or more stops than maxTabs)`);
  stops.forEach((s, i) => {
    const what = `stop ${i + 1} <${s.tag}>${s.name ? ` "${s.name}"` : ''}`;
    if (!s.indicator)
      problems.push(`${what}: no visible focus indicator (outline, box-shadow, border and background unchanged on focus)`);
    if (!s.visible)
      problems.push(`${what}: focused but not visible on screen`);
  });

  let skipLink = null;
  const first = stops[0];
  if (first && first.tag === 'a' && first.href.startsWith('#')) {
    skipLink = await page.evaluate((href) => {
      let target = null;
      try {
        target = document.getElementById(decodeURIComponent(href.slice(1)));
      } catch {
        // malformed fragment
      }
      const main = !!target && (target.tagName === 'MAIN' || target.getAttribute('role') === 'main');
      return {
        href,
        target: target ? target.tagName.toLowerCase() + (target.id ? `#${target.id}` : '') : null,
        targetIsMain: main,
        works: null,
      };
    }, first.href);
    if (skipLink.target) {
      // Follow it: Enter on the link, then Tab must not go back into what
      // the link skips.
      await page.evaluate((href) => document.querySelector(`a[href="${CSS.escape(href)}"]`)?.focus(), first.href);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      skipLink.works = await page.evaluate((id) => {
        const t = document.getElementById(id);
        const a = document.activeElement;
        if (!t || !a || a === document.body)
          return null;
        return t === a || t.contains(a) ||
          !!(t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
      }, decodeURIComponent(first.href.slice(1)));
    }
  }
  if (wantSkip) {
    if (!first)
      problems.push('no focusable element: expected a skip link to <main> first');
    else if (!skipLink)
      problems.push(`the first stop is <${first.tag}> "${first.name}", not a skip link (<a href="#…">)`);
    else if (!skipLink.target)
      problems.push(`skip link ${skipLink.href} points to no element`);
    else if (!skipLink.targetIsMain)
      problems.push(`skip link ${skipLink.href} points to <${skipLink.target}>, not <main>`);
    else if (skipLink.works === false)
      problems.push(`after following skip link ${skipLink.href}, Tab goes back before its target`);
  }
  await page.evaluate(() => { delete window.__kb; });
  return { stops, skipLink, problems };
}

/** The focus order as one line per stop, for messages and diagnostics. */
export function formatKeyboard(result) {
  return result.stops.map((s, i) => `${i + 1}. <${s.tag}${s.id ? `#${s.id}` : ''}>` +
    ` "${s.name}"${s.href ? ` -> ${s.href}` : ''}` +
    `${s.indicator ? '' : ' [no focus indicator]'}${s.visible ? '' : ' [not visible]'}`).join('\n');
}

/** Fails with the problems and the focus order unless there are no problems. */
export function assertKeyboard(result) {
  if (result.problems.length)
    assert.fail(`keyboard: ${result.problems.length} problem(s):\n` +
      `${result.problems.map((p) => `  - ${p}`).join('\n')}\nfocus order:\n${formatKeyboard(result) || '  (none)'}`);
}

// ---- screenshots -----------------------------------------------------------

/**
 * Saves full-page screenshots of page at each viewport (default 1280x800
 * and 390x844) as <dir>/<name>-<width>.png (dir: SHOTS_DIR,
 * build/test-output/screenshots, unless given). The page is left at the
 * last viewport. Resolves to
 *   [{ width, height, path, scrollWidth }]
 * (scrollWidth > width means the page scrolls sideways at that width).
 */
export async function screenshots(page, name, { viewports = VIEWPORTS, fullPage = true, dir = SHOTS_DIR } = {}) {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (const { width, height } of viewports) {
    await page.setViewportSize({ width, height });
    // Let layout settle at the new size before measuring.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    const path = join(dir, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage });
    out.push({ width, height, path, scrollWidth });
  }
  return out;
}
