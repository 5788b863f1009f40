// The browser scenarios of issue 10, against a running `academichub serve`:
//   node scenarios.js --url URL --xss-url URL --artefacts DIR [--only REGEX]
// URL serves a library of the bundled samples (data/samples); XSS-URL one that
// also holds the crafted feeds of tests/data/xss. Screenshots go to DIR.
// Each scenario also fails on console errors, CSP violations, dialogs and on
// any request that leaves the server (harness.js).
'use strict';

const fs = require('fs');
const path = require('path');
const { Harness, Skip, assert, assertEq, assertClean, DESKTOP, PHONE } = require('./harness');

function args() {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, '')] = a[i + 1];
  if (!out.url || !out.artefacts) {
    console.error('usage: node scenarios.js --url URL [--xss-url URL] --artefacts DIR [--only RE]');
    process.exit(2);
  }
  out.url = out.url.replace(/\/$/, '');
  if (out['xss-url']) out['xss-url'] = out['xss-url'].replace(/\/$/, '');
  return out;
}

const opt = args();
const BASE = opt.url;
const SHOTS = opt.artefacts;
fs.mkdirSync(SHOTS, { recursive: true });
const h = new Harness(SHOTS);
const scenario = h.scenario.bind(h);

// State the account scenarios pass on (they run in order, like a person would).
const state = { user: null, password: 'correct horse battery staple', radarUrl: null,
  briefingUrl: null, storage: null, paperUrl: null, searchUrl: null };

const u = (p) => BASE + p;
const withLang = (url, lang) => {
  const x = new URL(url);
  x.searchParams.set('lang', lang);
  return x.toString();
};

async function cardIds(page) {
  return page.$$eval('#cards .card', (cs) => cs.map((c) => c.dataset.paper));
}

async function noHorizontalOverflow(page, what) {
  const o = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [];
    if (document.documentElement.scrollWidth > w + 1) {
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > w + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
          wide.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} right=${Math.round(r.right)}`);
        }
      }
    }
    return { scroll: document.documentElement.scrollWidth, width: w, wide: wide.slice(0, 8) };
  });
  assert(o.scroll <= o.width + 1,
    `${what}: the page is wider than the screen (${o.scroll} > ${o.width}): ${o.wide.join(', ')}`);
}

// ---------------------------------------------------------------- visitors

scenario('home page in English and in Chinese (Accept-Language and the switch)', async () => {
  const en = await h.context(BASE, { locale: 'en-US' });
  const page = await en.newPage();
  const res = await page.goto(u('/'));
  assertEq(res.status(), 200, 'GET /');
  assertEq(await page.getAttribute('html', 'lang'), 'en', '<html lang> for an English browser');
  assertEq((await page.textContent('h1.product')).trim(), 'AcademicHub', 'the product name');
  assert((await page.textContent('.tagline')).includes('探索全球前沿学术脉络'), 'the product line');
  const cards = await page.$$('#cards .card');
  assert(cards.length >= 10, `numbered cards on the home page (${cards.length})`);
  assertEq((await page.textContent('#cards .card .num')).trim(), '01.', 'the first card number');
  assert(/arXiv \(CS\./.test(await page.textContent('#cards')), 'an arXiv source badge');
  const navEn = (await page.textContent('nav.primary a')).trim();
  assertEq(navEn, 'Daily', 'the navigation in English');
  // The switch: same page, other language, remembered.
  await Promise.all([page.waitForNavigation(), page.click('a.lang-switch')]);
  assertEq(await page.getAttribute('html', 'lang'), 'zh-CN', '<html lang> after the switch');
  assertEq((await page.textContent('nav.primary a')).trim(), '每日精选', 'the navigation in Chinese');
  assertEq((await page.textContent('a.lang-switch')).trim(), 'English', 'the switch offers English');
  await page.goto(u('/'));
  assertEq(await page.getAttribute('html', 'lang'), 'zh-CN', 'the choice is remembered');
  assertClean(en, 'en home');
  await en.close();
  // A Chinese browser gets Chinese at once.
  const zh = await h.context(BASE, { locale: 'zh-CN' });
  const zp = await zh.newPage();
  await zp.goto(u('/'));
  assertEq(await zp.getAttribute('html', 'lang'), 'zh-CN', '<html lang> for a Chinese browser');
  assertEq((await zp.textContent('nav.primary a')).trim(), '每日精选', 'Chinese navigation');
  assertClean(zh, 'zh home');
  await zh.close();
});

scenario('KaTeX renders the math of abstracts, served by the app itself', async () => {
  const ctx = await h.context(BASE);
  const page = await ctx.newPage();
  await page.goto(u('/'));
  await page.waitForSelector('#cards .card .abstract .katex', { timeout: 20000 });
  const n = await page.$$eval('#cards .katex', (els) => els.length);
  assert(n >= 3, `rendered formulas on the home page (${n})`);
  // The rendered math uses KaTeX's own fonts (loaded from /static/katex/fonts).
  const fontsOk = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].some((f) => /KaTeX/.test(f.family) && f.status === 'loaded');
  });
  assert(fontsOk, 'a KaTeX font loaded');
  assertClean(ctx, 'KaTeX');
  await ctx.close();
});

scenario('search: results, count and results as you type', async () => {
  const ctx = await h.context(BASE);
  const page = await ctx.newPage();
  await page.goto(u('/search?q=graph'));
  const first = await page.$$eval('.card', (cs) => cs.map((c) => c.dataset.paper));
  assert(first.length > 0, 'results for "graph"');
  const text = await page.textContent('main');
  assert(/\d/.test(text), 'a result count');
  state.searchUrl = page.url();
  // Results as you type: the list changes without a navigation.
  await page.evaluate(() => { window.__sameDocument = true; });
  const input = await page.$('input[data-live-search]');
  assert(input, 'the live search field');
  await input.fill('');
  await input.type('diffusion', { delay: 20 });
  await page.waitForFunction((before) => {
    const ids = [...document.querySelectorAll('#results .card')].map((c) => c.dataset.paper);
    return ids.length > 0 && ids.join() !== before;
  }, first.join(), { timeout: 20000 });
  assert(await page.evaluate(() => window.__sameDocument === true), 'no reload while typing');
  assert(/q=diffusion/.test(page.url()), `the address follows the query (${page.url()})`);
  assertClean(ctx, 'search');
  await ctx.close();
});

scenario('a paper page from a card', async () => {
  const ctx = await h.context(BASE);
  const page = await ctx.newPage();
  await page.goto(u('/'));
  const href = await page.getAttribute('#cards .card h2.title a', 'href');
  const title = (await page.textContent('#cards .card h2.title a')).trim();
  await Promise.all([page.waitForNavigation(), page.click('#cards .card h2.title a')]);
  assert(page.url().endsWith(href), `on the paper page (${page.url()})`);
  const h1 = (await page.textContent('h1')).trim();
  assert(h1.length > 0 && (title.startsWith(h1.slice(0, 20)) || h1.startsWith(title.slice(0, 20))),
    `the paper page's title (${h1}) is the card's (${title})`);
  state.paperUrl = href;
  // Its versions (an arXiv paper: v1 and its date at least).
  const versions = await page.$$eval('ol.versions li', (ls) => ls.map((l) => l.textContent.trim()));
  assert(versions.length >= 1 && /^v1\s+\d{4}-\d\d-\d\d/.test(versions[0]),
    `the versions (${JSON.stringify(versions)})`);
  // Export BibTeX: a download named after the paper, an entry with its title.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('ul.exports a[href^="/export/bib/"]'),
  ]);
  const file = await download.path();
  const bib = fs.readFileSync(file, 'utf8');
  assert(/\.bib$/.test(download.suggestedFilename()), `a .bib file (${download.suggestedFilename()})`);
  assert(/^@\w+\{[^,\s]+,/.test(bib.trim()), `a BibTeX entry (${bib.slice(0, 80)})`);
  const words = h1.split(/\s+/).slice(0, 3).join(' ').replace(/[{}$\\]/g, '');
  assert(bib.replace(/[{}]/g, '').includes(words), `the entry carries the title (${words})`);
  assertClean(ctx, 'paper page');
  await ctx.close();
});

// ---------------------------------------------------------------- an account

scenario('sign up', async () => {
  const ctx = await h.context(BASE);
  const page = await ctx.newPage();
  await page.goto(u('/'));
  await Promise.all([page.waitForNavigation(), page.click('a[href="/register"]')]);
  state.user = 'e2e' + Date.now().toString(36);
  await page.fill('input[name="username"]', state.user);
  await page.fill('input[name="password"]', state.password);
  await page.fill('input[name="password2"]', state.password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/register"] button[type="submit"]')]);
  // A new user starts on their radars.
  assertEq(new URL(page.url()).pathname, '/radars', 'signed up, on /radars');
  assert((await page.textContent('header.site')).includes(state.user), 'the header names the user');
  assert(await page.$('form[action="/logout"]'), 'a sign-out button');
  assertClean(ctx, 'sign up');
  state.ctx = ctx;
  state.page = page;
});

scenario('create a radar from a description: its ranked day', async () => {
  assert(state.page, 'signed in (sign up)');
  const page = state.page;
  await page.fill('#new input[name="name"]', 'LLM agents');
  await page.fill('#new textarea[name="description"]',
    'autonomous agents built on large language models: planning, tool use, memory and multi-agent collaboration');
  await Promise.all([page.waitForNavigation(), page.click('#new button[type="submit"]')]);
  assert(/\/radars\/\d+/.test(page.url()), `on the radar's page (${page.url()})`);
  assertEq((await page.textContent('.radar-head h1')).trim(), 'LLM agents', 'the radar name');
  // The latest day of the radar's sources (a medRxiv day of 3 papers in the samples): its ranked
  // cards, or, when none passes the relevance floor, that said with a link to the weaker matches.
  const shown = (await cardIds(page)).length;
  const weaker = await page.$('#cards .panel.empty a, .panel.empty a');
  assert(shown >= 1 || weaker !== null, `the latest day, ranked (${shown} cards, weaker link: ${weaker !== null})`);
  if (shown === 0) {
    await Promise.all([page.waitForNavigation(), weaker.click()]);
    assert((await cardIds(page)).length >= 1, 'the weaker matches on request');
  }
  // The samples' arXiv day (the latest day of the library is a medRxiv day).
  state.radarUrl = new URL(page.url()).pathname + '?date=2026-06-30';
  await page.goto(u(state.radarUrl));
  const ids = await cardIds(page);
  assert(ids.length >= 5, `a ranked day of cards (${ids.length})`);
  assertEq((await page.textContent('#cards .card .num')).trim(), '01.', 'numbered');
  const reasons = await page.$$('#cards .card .reasons li');
  assert(reasons.length > 0, 'cards say why they were chosen');
  assertClean(state.ctx, 'radar');
});

scenario('like and dislike papers: the list re-ranks in place, without a reload', async () => {
  assert(state.radarUrl, 'a radar (create a radar)');
  const page = state.page;
  await page.goto(u(state.radarUrl));
  await page.evaluate(() => { window.__sameDocument = true; });
  const before = await cardIds(page);
  assert(before.length >= 5, 'cards to judge');
  // Dislike the top card: it moves down (or leaves the list).
  const top = before[0];
  await page.click(`#cards .card[data-paper="${top}"] button.fb.dislike`);
  await page.waitForFunction(() => document.getElementById('cards').dataset.reranked === '1');
  const afterDislike = await cardIds(page);
  const at = afterDislike.indexOf(top);
  assert(at !== 0, `the disliked card left the top (now at ${at})`);
  assert(at === -1 || at > 0, 'the disliked card moved down');
  assert(JSON.stringify(afterDislike) !== JSON.stringify(before), 'the order changed after a dislike');
  // Like the last card shown: it (or papers like it) rise.
  const last = afterDislike[afterDislike.length - 1];
  const lastAt = afterDislike.length - 1;
  await page.click(`#cards .card[data-paper="${last}"] button.fb.like`);
  await page.waitForFunction(() => document.getElementById('cards').dataset.reranked === '2');
  const afterLike = await cardIds(page);
  assert(JSON.stringify(afterLike) !== JSON.stringify(afterDislike), 'the order changed after a like');
  const likedAt = afterLike.indexOf(last);
  assert(likedAt === -1 || likedAt <= lastAt, `the liked card did not sink (${lastAt} -> ${likedAt})`);
  if (likedAt >= 0) {
    const pressed = await page.getAttribute(`#cards .card[data-paper="${last}"] button.fb.like`, 'aria-pressed');
    assertEq(pressed, 'true', 'the like button shows it is pressed');
  }
  assert(await page.evaluate(() => window.__sameDocument === true), 'no page reload');
  // The feedback is kept: the history lists both.
  await page.goto(u(state.radarUrl));
  const history = await page.$$eval('.feedback-history .fb-action',
    (els) => els.map((e) => e.className.replace('fb-action', '').trim()));
  assert(history.includes('like') && history.includes('dislike'),
    `the feedback history lists the like and the dislike (${history})`);
  state.before = before;
  assertClean(state.ctx, 'feedback');
});

scenario('read a briefing: themes with citations that go to the cards', async () => {
  assert(state.radarUrl, 'a radar (create a radar)');
  const page = state.page;
  await page.goto(u(state.radarUrl));
  await Promise.all([page.waitForNavigation(), page.click('.radar-actions a[href*="/briefing"]')]);
  if (!(await page.$('.briefing'))) {
    // None written yet: write one (no model configured: the extractive writer).
    await Promise.all([page.waitForNavigation({ timeout: 120000 }),
      page.click('section.write button[type="submit"]')]);
  }
  state.briefingUrl = new URL(page.url()).pathname + new URL(page.url()).search;
  const themes = await page.$$('.briefing .theme');
  assert(themes.length >= 1, `themes (${themes.length})`);
  const cites = await page.$$eval('.briefing a.cite', (as) => as.map((a) => a.getAttribute('href')));
  assert(cites.length >= 2, `citations (${cites.length})`);
  const target = cites[0];
  assert(target.startsWith('#card-'), `a citation jumps to a card on the page (${target})`);
  await page.click('.briefing a.cite');
  await page.waitForFunction((h) => location.hash === h, target);
  const id = decodeURIComponent(target.slice(1));
  const visible = await page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.top < window.innerHeight && r.bottom > 0;
  }, id);
  assert(visible, `the cited card ${id} is on the page and scrolled into view`);
  const citedTitle = await page.textContent(`[id="${id}"] .title`);
  assert(citedTitle && citedTitle.trim().length > 0, 'the cited card has a title');
  // The same range in Chinese: written on demand (stored per language), then shown.
  await Promise.all([page.waitForNavigation(), page.click('nav.langs a[hreflang="zh"]')]);
  if (!(await page.$('.briefing'))) {
    await Promise.all([page.waitForNavigation({ timeout: 120000 }),
      page.click('section.write button[type="submit"]')]);
  }
  assert((await page.$$('.briefing .theme')).length >= 1, 'a Chinese briefing with themes');
  assert(/[\u4e00-\u9fff]/.test(await page.textContent('.briefing')), 'the Chinese briefing is Chinese');
  assertEq(await page.getAttribute('nav.langs a[aria-current="page"]', 'hreflang'), 'zh',
    'the Chinese briefing is the current language');
  assertClean(state.ctx, 'briefing');
  state.storage = await state.ctx.storageState();
});

// ---------------------------------------------------------------- screenshots

async function shoot(ctx, url, name, viewport) {
  const page = await ctx.newPage();
  try {
    const res = await page.goto(url);
    assert(res && res.status() < 400, `${name}: ${url} answered ${res && res.status()}`);
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(100);
    if (viewport === PHONE) await noHorizontalOverflow(page, name);
    await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
  } finally {
    await page.close();
  }
}

scenario('screenshots of the main pages: desktop and phone, English and Chinese', async () => {
  assert(state.storage && state.briefingUrl, 'a signed-in user with a radar and a briefing');
  let paper = state.paperUrl;
  const pages = [
    ['home', '/'],
    ['paper', paper],
    ['search', state.searchUrl ? new URL(state.searchUrl).pathname + new URL(state.searchUrl).search : null],
    ['radars', '/radars'],
    ['radar-day', state.radarUrl],
    ['briefing', state.briefingUrl],
    ['settings', '/settings'],
    ['sign-in', '/login'],
  ];
  let n = 0;
  for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    for (const lang of ['en', 'zh']) {
      const signedIn = await h.context(BASE, { viewport, isMobile: viewport === PHONE,
        locale: lang === 'zh' ? 'zh-CN' : 'en-US', storageState: state.storage });
      const visitor = await h.context(BASE, { viewport, isMobile: viewport === PHONE,
        locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
      for (const [name, p] of pages) {
        if (!p) continue;  // a page not built yet
        const ctx = name === 'sign-in' ? visitor : signedIn;
        await shoot(ctx, withLang(u(p), lang), `${name}-${device}-${lang}`, viewport);
        n++;
      }
      // The visitor's home too (the public page).
      await shoot(visitor, withLang(u('/'), lang), `home-visitor-${device}-${lang}`, viewport);
      n++;
      assertClean(signedIn, `screenshots ${device} ${lang}`);
      assertClean(visitor, `screenshots ${device} ${lang} (visitor)`);
      await signedIn.close();
      await visitor.close();
    }
  }
  console.log(`  # ${n} screenshots in ${SHOTS}`);
});

scenario('sign out: the visitor\'s page', async () => {
  assert(state.page, 'signed in (sign up)');
  const page = state.page;
  await page.goto(u('/radars'));
  await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
  assertEq(new URL(page.url()).pathname, '/', 'back home');
  assert(!(await page.$('form[action="/logout"]')), 'no sign-out button');
  assert(await page.$('header.site a[href^="/login"]'), 'a sign-in link');
  assert(!(await page.textContent('header.site')).includes(state.user), 'the user is no longer named');
  assert(!(await page.$('nav.primary a[href="/radars"]')), 'no radars in the navigation');
  await page.goto(u(state.radarUrl));
  assert(new URL(page.url()).pathname === '/login', `a radar sends a visitor to sign in (${page.url()})`);
  assertClean(state.ctx, 'sign out');
  await state.ctx.close();
});

// ---------------------------------------------------------------- security

// Pages of the crafted feeds (tests/data/xss): whatever they hold stays text.
scenario('stored XSS: payloads in every field of a feed never run', async () => {
  const X = opt['xss-url'];
  if (!X) throw new Skip('no --xss-url');
  const ctx = await h.context(X);
  const page = await ctx.newPage();
  const checkPage = async (url, expectText = true) => {
    const res = await page.goto(X + url);
    assert(res.status() < 500, `${url}: status ${res.status()}`);
    await page.waitForTimeout(50);
    const found = await page.evaluate(() => ({
      xss: window.__xss || null,
      injected: document.querySelectorAll('[data-xss], iframe, svg[onload], img[onerror], body[data-xss], textarea[data-xss]').length,
      scripts: [...document.scripts].filter((s) => !s.src).length,
      jsLinks: [...document.querySelectorAll('a[href], area[href], iframe[src], form[action]')]
        .filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') || a.getAttribute('src') || a.getAttribute('action') || '')).length,
      base: document.querySelectorAll('base, meta[http-equiv]').length,
      text: document.body.innerText,
    }));
    assertEq(found.xss, null, `${url}: a payload ran`);
    assertEq(found.injected, 0, `${url}: injected elements`);
    assertEq(found.scripts, 0, `${url}: inline scripts`);
    assertEq(found.jsLinks, 0, `${url}: javascript: links`);
    assertEq(found.base, 0, `${url}: <base> or <meta http-equiv>`);
    if (expectText) assert(/xsswidget/i.test(found.text), `${url}: the crafted papers are on the page`);
    return found;
  };
  // The home page: the latest day of every source, crafted ones included.
  const home = await checkPage('/');
  await page.screenshot({ path: path.join(SHOTS, 'xss-home-desktop-en.png'), fullPage: true });
  assert(home.text.includes('{{{csrf}}}') || home.text.includes('{{7*7}}'),
    'mustache in feed text is shown as typed');
  // Click every "more" to expand abstracts (scripts act on them) and re-check.
  for (const b of await page.$$('.card .more:not([hidden])')) await b.click().catch(() => {});
  assertEq(await page.evaluate(() => window.__xss || null), null, 'after expanding abstracts');
  const links = await page.$$eval('#cards .card h2.title a', (as) => as.map((a) => a.getAttribute('href')));
  let papers = 0;
  for (const href of links) {
    if (!/99901|99903|xss/.test(href)) continue;
    await checkPage(href);
    papers++;
  }
  await checkPage('/search?q=xsswidget');
  assert(papers >= 4, `paper pages of the crafted papers (${papers})`);
  // A signed-in user's radar day and briefing over the crafted papers.
  await page.goto(X + '/register');
  await page.fill('input[name="username"]', 'xss' + Date.now().toString(36));
  await page.fill('input[name="password"]', 'correct horse battery staple');
  await page.fill('input[name="password2"]', 'correct horse battery staple');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/register"] button[type="submit"]')]);
  await page.goto(X + '/radars');
  await page.fill('#new input[name="name"]', 'xss <script>window.__xss="radar"</script>');
  await page.fill('#new textarea[name="description"]', 'xsswidget graph networks');
  await page.fill('#new input[name="query"]', 'xsswidget');
  await Promise.all([page.waitForNavigation(), page.click('#new button[type="submit"]')]);
  const radar = new URL(page.url()).pathname;
  assert(/^\/radars\/\d+$/.test(radar), `a radar (${page.url()})`);
  const day = await checkPage(radar + '?date=2026-06-30');
  await page.screenshot({ path: path.join(SHOTS, 'xss-radar-day-desktop-en.png'), fullPage: true });
  assert(/xsswidget/i.test(day.text), 'the radar ranks the crafted papers');
  // Feedback re-renders the list through the page's script: still text.
  const first = await page.$('#cards .card button.fb.like');
  if (first) {
    await first.click();
    await page.waitForFunction(() => document.getElementById('cards').dataset.reranked === '1');
    assertEq(await page.evaluate(() => window.__xss || null), null, 'after a re-rank');
    assertEq(await page.evaluate(() => document.querySelectorAll('[data-xss]').length), 0, 'after a re-rank');
  }
  await page.goto(X + radar + '/briefing?date=2026-06-30');
  if (!(await page.$('.briefing'))) {
    await Promise.all([page.waitForNavigation({ timeout: 120000 }),
      page.click('section.write button[type="submit"]')]);
  }
  await checkPage(new URL(page.url()).pathname + new URL(page.url()).search);
  for (const where of ['/radars', '/settings', radar + '/edit']) await checkPage(where, false);
  assertClean(ctx, 'stored XSS');
  await ctx.close();
});

scenario('reflected XSS: query parameters never come back as markup', async () => {
  const ctx = await h.context(BASE, {
    // Pages answering 4xx to nonsense parameters log a failed load: expected.
    allowConsoleErrors: [/Failed to load resource: the server responded with a status of 4\d\d/],
  });
  const page = await ctx.newPage();
  const payload = `"><script>window.__xss=1</script><img src=x onerror="window.__xss=2" data-xss=1>'"\`{{{csrf}}}`;
  const p = encodeURIComponent(payload);
  const urls = [
    `/?date=${p}`, `/?source=${p}`, `/?category=${p}`, `/?page=${p}`, `/?lang=${p}`,
    `/search?q=${p}`, `/search?q=graph&source=${p}&category=${p}&year=${p}&page=${p}`,
    `/login?next=${p}`, `/login?next=${encodeURIComponent('javascript:window.__xss=3')}`,
    `/register?next=${p}`, `/papers/${p}`, `/nowhere/${p}`, `/?${p}=${p}`,
  ];
  for (const url of urls) {
    await page.goto(u(url));
    const found = await page.evaluate(() => ({
      xss: window.__xss || null,
      injected: document.querySelectorAll('[data-xss], img[onerror]').length,
      scripts: [...document.scripts].filter((s) => !s.src).length,
      jsLinks: [...document.querySelectorAll('a[href], form[action]')].filter((a) =>
        /^\s*javascript:/i.test(a.getAttribute('href') || a.getAttribute('action') || '')).length,
      next: [...document.querySelectorAll('input[name="next"]')].map((i) => i.value),
    }));
    assertEq(found.xss, null, `${url}: a payload ran`);
    assertEq(found.injected, 0, `${url}: injected elements`);
    assertEq(found.scripts, 0, `${url}: inline scripts`);
    assertEq(found.jsLinks, 0, `${url}: javascript: links`);
    for (const n of found.next)
      assert(n === '' || (n.startsWith('/') && !n.startsWith('//')), `${url}: next=${n}`);
  }
  assertClean(ctx, 'reflected XSS');
  await ctx.close();
});

(async () => {
  let failed = 1;
  try {
    await h.launch();
    failed = await h.run(opt.only ? new RegExp(opt.only) : null);
  } catch (e) {
    console.error(e);
  } finally {
    await h.close().catch(() => {});
  }
  process.exit(failed ? 1 : 0);
})();
