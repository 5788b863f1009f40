// A small harness for the browser scenarios: one headless Debian chromium
// (playwright-core, executablePath /usr/bin/chromium: no browser download),
// contexts that fail the scenario on console errors, page errors, dialogs,
// Content-Security-Policy violations and any request that leaves the server
// under test, and a TAP-like report that ends in "N passed, N failed".
'use strict';

const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-dev-shm-usage', '--font-render-hinting=none',
];

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

class Skip extends Error {}

class Harness {
  constructor(failDir) {
    this.failDir = failDir;  // screenshots of the pages open when a scenario failed
    this.scenarios = [];
    this.browser = null;
  }

  scenario(name, fn) { this.scenarios.push({ name, fn }); }

  async launch() {
    // launch() gives chromium a fresh profile (a new temporary user data dir)
    // and removes it on close; chromium runs as root here: --no-sandbox.
    this.browser = await chromium.launch({
      executablePath: process.env.AH_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60000,
    });
  }

  async close() {
    if (this.browser) await this.browser.close();
  }

  // A browser context that only talks to `origin` (every other request is
  // aborted and reported) and records what went wrong in `ctx.problems`.
  // `allowConsoleErrors`: regexes of console errors a scenario expects.
  async context(origin, { viewport = DESKTOP, locale = 'en-US', storageState, isMobile = false,
    allowConsoleErrors = [] } = {}) {
    const ctx = await this.browser.newContext({
      viewport, locale, storageState, isMobile, hasTouch: isMobile,
      deviceScaleFactor: 1, javaScriptEnabled: true, serviceWorkers: 'block',
    });
    ctx.setDefaultTimeout(30000);
    ctx.setDefaultNavigationTimeout(60000);
    ctx.problems = [];
    const allowed = new URL(origin);
    await ctx.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.protocol === 'data:' || u.protocol === 'blob:' ||
          (u.hostname === '127.0.0.1' && u.port === allowed.port && u.protocol === 'http:')) {
        return route.continue();
      }
      ctx.problems.push(`a request left the server under test: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    });
    await ctx.exposeBinding('__ahCspViolation', (source, what) => {
      ctx.problems.push(`CSP violation on ${source.page ? source.page.url() : '?'}: ${what}`);
    });
    await ctx.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__ahCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
          `(${e.sourceFile || ''}:${e.lineNumber || 0})`);
      });
    });
    const watch = (page) => {
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        const text = m.text();
        if (allowConsoleErrors.some((re) => re.test(text))) return;
        ctx.problems.push(`console error on ${page.url()}: ${text}`);
      });
      page.on('pageerror', (e) => ctx.problems.push(`page error on ${page.url()}: ${e.message}`));
      page.on('dialog', (d) => {
        ctx.problems.push(`a dialog fired on ${page.url()}: ${d.type()} ${d.message()}`);
        d.dismiss().catch(() => {});
      });
    };
    ctx.on('page', watch);
    return ctx;
  }

  // Runs every scenario in order; returns the number that failed.
  async run(only) {
    let passed = 0, failed = 0, skipped = 0;
    const t0 = Date.now();
    for (const s of this.scenarios) {
      if (only && !only.test(s.name)) continue;
      const t = Date.now();
      try {
        await s.fn();
        passed++;
        console.log(`ok - ${s.name} (${Date.now() - t} ms)`);
      } catch (e) {
        if (e instanceof Skip) {
          skipped++;
          console.log(`ok - ${s.name} # SKIP ${e.message}`);
          continue;
        }
        failed++;
        console.log(`not ok - ${s.name} (${Date.now() - t} ms)`);
        // What the page looked like when it failed, beside the screenshots.
        for (const c of this.browser ? this.browser.contexts() : []) {
          for (const p of c.pages()) {
            const file = `${this.failDir}/FAILED-${failed}-${p.url().replace(/[^a-z0-9]+/gi, '_').slice(-60)}.png`;
            await p.screenshot({ path: file, fullPage: true }).catch(() => {});
            console.log(`  # page at failure: ${p.url()} -> ${file}`);
          }
        }
        console.log(String(e && e.stack ? e.stack : e).split('\n').map((l) => `  # ${l}`).join('\n'));
      }
    }
    console.log(`browser suite: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
    return failed;
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

function assertEq(actual, expected, message) {
  if (actual !== expected)
    throw new Error(`assertion failed: ${message}: got ${JSON.stringify(actual)}, ` +
      `want ${JSON.stringify(expected)}`);
}

// Fails when the context recorded a problem (console error, CSP, dialog, ...).
function assertClean(ctx, where) {
  if (ctx.problems.length) {
    const list = ctx.problems.splice(0);
    throw new Error(`${where}: ${list.length} problem(s):\n${list.join('\n')}`);
  }
}

module.exports = { Harness, Skip, assert, assertEq, assertClean, DESKTOP, PHONE };
