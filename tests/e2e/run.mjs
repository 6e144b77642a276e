#!/usr/bin/env node
// Browser tests for Kyodo (DESIGN.md "Tests", issue 2 §6): a person's path through the
// main screens in Debian chromium driven by playwright-core, and an axe-core audit of
// every page visited (no serious or critical violations).
//
//   make && node tests/e2e/run.mjs        (from the repository root)
//
// Environment: KYODO_BIN (default build/kyodo), CHROMIUM (default /usr/bin/chromium),
// E2E_KEEP=1 keeps the temporary directory (database, server log) for inspection;
// E2E_ONLY=i,d runs only the scenarios of those letters.
// E2E_AXE=0 leaves out the axe audit (scenario d then fails rather than pass on nothing).
// Builds nothing. Screenshots go to tests/e2e/out/ (gitignored). The last line printed
// is always "e2e: N passed, N failed"; the exit status is non-zero on any failure.

import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const AXE_PATH = require.resolve('axe-core/axe.min.js');

const BIN = path.resolve(ROOT, process.env.KYODO_BIN || 'build/kyodo');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT = path.join(HERE, 'out');
const PASSWORD = 'kyodo-demo-2026';
const PLAN_NAME = 'midorino-2';
const FY = 2025;            // the round this run opens, answers and publishes (令和7年度)
const OPEN_FY = 2024;       // opened by the demo data, still open
const PUBLISHED_FY = 2023;  // published by the demo data
const WATCHDOG_MS = 1_800_000;	// a hang guard, not a speed test: a busy 2-core machine took 822 s (with the notice screens), before scenario p (about 180-280 s more)
const STEP_TIMEOUT_MS = 10_000;
const SHOT_TIMEOUT_MS = 60_000;	// a screenshot is not a speed test: on a busy machine a full page once took over 10 s
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/* ------------------------------------------------------------------ utilities */

class AssertionError extends Error {}
function assert(cond, msg) {
	if (!cond)
		throw new AssertionError(msg);
}

function log(...a) {
	console.log(...a);
}

/* ------------------------------------------------------------------ server */

// The database: a file, or with KYODO_TEST_DB=pg a new database on the PostgreSQL server
// the environment names (PGHOST …), as tests/common/testdb.c makes them.
let pgName = null;
function newDatabase(dir) {
	if (process.env.KYODO_TEST_DB !== 'pg')
		return path.join(dir, 'e2e.db');
	pgName = `kyodo_e${process.pid}`;
	const tmpl = process.env.KYODO_TEST_PG_TEMPLATE;
	execFileSync('psql', ['-X', '-q', '-d', 'postgres', '-c', 'SET client_min_messages = warning',
		'-c', `DROP DATABASE IF EXISTS ${pgName}`, '-c', tmpl ? `CREATE DATABASE ${pgName} TEMPLATE ${tmpl}` :
		`CREATE DATABASE ${pgName} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'ja-JP' LOCALE 'C.UTF-8'`]);
	return `postgresql:///${pgName}`;
}
function dropDatabase() {
	if (!pgName)
		return;
	try {
		execFileSync('psql', ['-X', '-q', '-d', 'postgres', '-c', `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`]);
	} catch (e) {
		log(`e2e: could not drop ${pgName}: ${e}`);
	}
	pgName = null;
}

function runDemo(db) {
	return new Promise((resolve, reject) => {
		const p = spawn(BIN, ['--db', db, 'demo'], {
			env: { ...process.env, KYODO_FAST_HASH: '1' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		p.stdout.on('data', (d) => (out += d));
		p.stderr.on('data', (d) => (out += d));
		p.on('error', reject);
		p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${BIN} demo exited ${code}:\n${out}`))));
	});
}

function startServer(db, logLines) {
	return new Promise((resolve, reject) => {
		// A PostgreSQL database has no attachment directory by default (SQLite's is DB.files):
		// give it one in the run's directory, as a city gives every serve of such a database.
		const attach = db.startsWith('postgresql:') ? ['--attach-dir', path.join(DB_DIR, 'files')] : [];
		const p = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', ...attach], {
			env: { ...process.env, KYODO_FAST_HASH: '1' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let buf = '';
		let done = false;
		const timer = setTimeout(() => {
			if (!done) {
				done = true;
				p.kill('SIGTERM');
				reject(new Error(`server did not report its address within 10 s:\n${logLines.join('\n')}`));
			}
		}, 10_000);
		const take = (d) => {
			for (const l of String(d).split('\n'))
				if (l) logLines.push(l);
		};
		p.stderr.on('data', take);
		p.stdout.on('data', (d) => {
			take(d);
			buf += d;
			const m = buf.match(/listening on (http:\/\/127\.0\.0\.1:(\d+))\//);
			if (m && !done) {
				done = true;
				clearTimeout(timer);
				resolve({ proc: p, base: m[1] });
			}
		});
		p.on('error', (e) => {
			if (!done) {
				done = true;
				clearTimeout(timer);
				reject(e);
			}
		});
		p.on('exit', (code, sig) => {
			logLines.push(`[server exited: code ${code} signal ${sig}]`);
			if (!done) {
				done = true;
				clearTimeout(timer);
				reject(new Error(`server exited before listening (${code}):\n${logLines.join('\n')}`));
			}
		});
	});
}

function stopServer(proc) {
	return new Promise((resolve) => {
		if (!proc || proc.exitCode !== null || proc.signalCode !== null)
			return resolve();
		const t = setTimeout(() => {
			proc.kill('SIGKILL');
		}, 5000);
		proc.once('exit', () => {
			clearTimeout(t);
			resolve();
		});
		proc.kill('SIGTERM');
	});
}

/* ------------------------------------------------------------------ axe audit */

// Every page a scenario reaches is audited once per (viewer, URL); the results are
// kept here and judged by the "axe" scenario, so a page's accessibility problem does
// not hide a functional failure (or the other way round).
const audited = new Map();   // key -> { url, who, violations }
const auditErrors = [];
let auditMs = 0;

async function audit(page, who) {
	// E2E_AXE=0 (the PostgreSQL pass of make test): the pages are those SQLite's pass
	// audits, byte for byte (test_backends); that pass is about the writes
	if (process.env.E2E_AXE === '0')
		return;
	const url = page.url();
	// The same URL seen again in another state (a round opened, answers submitted) is
	// audited again; an identical page is not.
	const size = await page.evaluate(() => document.documentElement.outerHTML.replace(/name="csrf" value="[^"]*"/g, '').length);
	const key = `${who} ${url} ${size}`;
	if (audited.has(key))
		return;
	const t0 = Date.now();
	try {
		await page.addScriptTag({ path: AXE_PATH });
		const res = await page.evaluate(async (tags) => {
			// eslint-disable-next-line no-undef
			const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
			return r.violations.map((v) => ({
				id: v.id,
				impact: v.impact,
				help: v.help,
				nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
			}));
		}, AXE_TAGS);
		audited.set(key, { url, who, violations: res });
	} catch (e) {
		auditErrors.push(`${url} (${who}): axe could not run: ${e.message}`);
		audited.set(key, { url, who, violations: [] });
	}
	auditMs += Date.now() - t0;
}

/* ------------------------------------------------------------------ browser helpers */

let browser;
let BASE;

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };	// a current phone held upright

// A fresh browser context per person: own cookies, Japanese locale. CSP is bypassed
// only so that axe-core can be injected (the page's CSP forbids inline script).
async function person(who, viewport = DESKTOP) {
	const context = await browser.newContext({
		locale: 'ja-JP',
		extraHTTPHeaders: { 'Accept-Language': 'ja' },
		bypassCSP: true,
		viewport,
		isMobile: viewport.width < 600,
		hasTouch: viewport.width < 600,
	});
	const page = await context.newPage();
	page.setDefaultTimeout(STEP_TIMEOUT_MS);
	page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
	const errors = [];
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error')
			errors.push(`console: ${m.text()}`);
	});
	const p = { who, as: 'public', context, page, errors, last: null };
	return p;
}

// Script errors and console errors are printed as warnings (the pages have no script;
// a CSP or resource error shows up here). The browser's own note about a 4xx page is not one.
const consoleWarnings = [];
async function closePerson(p) {
	for (const e of p ? p.errors : [])
		if (!/Failed to load resource: the server responded with a status of 4(03|04|22)/.test(e))
			consoleWarnings.push(`${p.who}: ${e}`);
	if (p)
		await p.context.close().catch(() => {});
}

// Go to a URL (absolute or a path), check the status, audit the page.
async function go(p, url, { status = 200 } = {}) {
	const resp = await p.page.goto(url.startsWith('http') ? url : BASE + url, { waitUntil: 'load' });
	p.last = resp;
	const got = resp ? resp.status() : 0;
	if (status !== null)
		assert(got === status, `GET ${url} as ${p.who}: status ${got}, expected ${status}`);
	await audit(p.page, p.as);
	if (got < 300)
		await checkWords(p);
	return resp;
}

// Click something that navigates (a link or a form's submit button), wait for the new
// page, check its status, audit it.
async function clickNav(p, locator, { status = 200, what = 'link' } = {}) {
	await locator.waitFor({ state: 'visible' });
	const [resp] = await Promise.all([
		p.page.waitForNavigation({ waitUntil: 'load' }),
		locator.click(),
	]);
	p.last = resp;
	const got = resp ? resp.status() : 0;
	if (status !== null)
		assert(got === status, `after clicking ${what} as ${p.who}: ${p.page.url()} answered ${got}, expected ${status}` +
			(got >= 400 ? `\n  page says: ${(await mainText(p)).slice(0, 300)}` : ''));
	await audit(p.page, p.as);
	if (got < 300 || got === 422)
		await checkWords(p);
	return resp;
}

async function mainText(p) {
	const main = p.page.locator('main');
	if ((await main.count()) === 0)
		return (await p.page.locator('body').innerText()).trim();
	return (await main.innerText()).trim();
}

function pathOf(p) {
	const u = new URL(p.page.url());
	return u.pathname + u.search;
}

async function expectNotice(p, what) {
	const n = p.page.locator('main [role="status"]');
	assert((await n.count()) > 0, `${what}: no confirmation (role=status) on ${pathOf(p)}; page says: ${(await mainText(p)).slice(0, 300)}`);
	const errs = p.page.locator('main [role="alert"]');
	if ((await errs.count()) > 0)
		assert(false, `${what}: error shown on ${pathOf(p)}: ${await errs.first().innerText()}`);
}

// Log in through the form, as a person would: from the header's log-in link.
async function login(p, loginName) {
	await go(p, '/');
	const link = p.page.locator('header a[href^="/login"]');
	await clickNav(p, link.first(), { what: 'log-in link' });
	assert(new URL(p.page.url()).pathname === '/login', `log-in link went to ${pathOf(p)}`);
	await p.page.locator('main form input[name="login"]').fill(loginName);
	await p.page.locator('main form input[name="password"]').fill(PASSWORD);
	await clickNav(p, p.page.locator('main form[action="/login"] [type="submit"]'), { what: 'log-in button' });
	assert(new URL(p.page.url()).pathname !== '/login', `login as ${loginName} failed: ${(await mainText(p)).slice(0, 300)}`);
	assert((await p.page.locator('form[action="/logout"]').count()) > 0, `no log-out button after logging in as ${loginName}`);
	p.as = loginName;
	await audit(p.page, p.as);   // the page the login landed on, now as this person
}

async function logout(p) {
	await clickNav(p, p.page.locator('form[action="/logout"] [type="submit"]').first(), { what: 'log-out button' });
	assert((await p.page.locator('form[action="/logout"]').count()) === 0, 'still logged in after logging out');
	p.as = 'public';
	await audit(p.page, p.as);
}

let planId = null;
let DB = null, DB_DIR = null;	// the database the server runs on (scenario o imports into it)

// Home → Plans → the demo plan → pick the fiscal year → the yearly round page.
async function openRoundPage(p, fy) {
	if (new URL(p.page.url()).pathname !== '/')
		await go(p, '/');
	await clickNav(p, p.page.locator('header nav a[href="/plans"]'), { what: 'nav link to /plans' });
	const row = p.page.locator('main tr', { hasText: PLAN_NAME });
	let link = row.locator('a[href^="/plans/"]').first();
	if ((await row.count()) === 0)
		link = p.page.locator('main a[href^="/plans/"]', { hasText: 'みどり野' }).first();
	await clickNav(p, link, { what: `plan ${PLAN_NAME}` });
	const m = new URL(p.page.url()).pathname.match(/^\/plans\/(\d+)$/);
	assert(m, `plan link went to ${pathOf(p)}`);
	planId = Number(m[1]);
	const sel = p.page.locator('main select[name="fy"]');
	if ((await sel.count()) > 0) {
		await sel.selectOption(String(fy));
		await clickNav(p, p.page.locator('main form.year-picker [type="submit"], main form:has(select[name="fy"]) [type="submit"]').first(),
			{ what: 'year picker' });
	} else {
		await go(p, `/plans/${planId}?fy=${fy}`);
	}
	await clickNav(p, p.page.locator(`main a[href="/plans/${planId}/years/${fy}"]`).first(),
		{ what: `yearly round link for ${fy}` });
	assert(new URL(p.page.url()).pathname === `/plans/${planId}/years/${fy}`, `round link went to ${pathOf(p)}`);
}

// Fill one item's form: status, achievement, result, next class, reason. Save.
async function answerItem(p, href, text, statusIndex) {
	const link = p.page.locator(`main a[href="${href}"]`).first();
	await clickNav(p, link, { what: `answer link ${href}` });
	const form = p.page.locator('main form:has([name="status"])');
	assert((await form.count()) === 1, `no item form on ${pathOf(p)} for ${p.who}: ${(await mainText(p)).slice(0, 300)}`);
	const status = form.locator('select[name="status"]');
	const opts = (await status.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter((v) => v);
	assert(opts.length >= 2, `status select offers ${JSON.stringify(opts)}`);
	await status.selectOption(opts[statusIndex % opts.length]);
	const ach = form.locator('[name="achievement"]');
	if ((await ach.count()) > 0)
		await ach.fill(String(50 + (statusIndex * 10) % 50));
	await form.locator('[name="result"]').fill(text);
	const next = form.locator('select[name="next_priority"]');
	if ((await next.count()) > 0) {
		const nx = (await next.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter((v) => v);
		if (nx.length)
			await next.selectOption(nx[statusIndex % nx.length]);
	}
	const reason = form.locator('[name="next_reason"]');
	if ((await reason.count()) > 0)
		await reason.fill('E2E: 次年度も継続して取り組む。');
	await clickNav(p, form.locator('[type="submit"]').first(), { what: `save button of ${href}` });
	await expectNotice(p, `saving ${href}`);
}

/* ------------------------------------------------------------------ scenarios */

const typed = [];          // result texts staff typed in scenario a, checked on the public report
const itemIds = {};        // title -> item id (from the admin's round page)
let roundPublished = false;

async function staffAnswers(loginName, department, mustNotSee) {
	const p = await person(loginName);
	try {
		await login(p, loginName);
		await openRoundPage(p, FY);
		const main = await mainText(p);
		for (const t of mustNotSee)
			assert(!main.includes(t), `${loginName} (${department}) sees another department's item "${t}" on ${pathOf(p)}`);
		const hrefs = await p.page.locator(`main a[href*="/years/${FY}/items/"]`).evaluateAll((as) =>
			[...new Set(as.map((a) => a.getAttribute('href')))]);
		assert(hrefs.length > 0, `${loginName} sees no items to answer on ${pathOf(p)}: ${main.slice(0, 300)}`);
		let i = 0;
		for (const href of hrefs) {
			const text = `E2E ${department} 実績${++i}: 地区ごとに説明会を開き、参加者の声を次の取組に反映した。`;
			await answerItem(p, href, text, i);
			typed.push(text);
		}
		await clickNav(p, p.page.locator(`main form[action$="/years/${FY}/submit"] [type="submit"]`).first(),
			{ what: 'submit the answers' });
		await expectNotice(p, `${loginName} submitting`);
		await logout(p);
		return hrefs.length;
	} finally {
		await closePerson(p);
	}
}

// The admin's "answers by department" table: [department, items, answered, returned, submitted].
async function deptTable(p) {
	return p.page.locator('main table').first().locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
}

async function scenarioRound() {
	// 1. The admin opens the round for FY 2025.
	const admin = await person('admin');
	try {
		await login(admin, 'admin');
		await openRoundPage(admin, FY);
		const open = admin.page.locator(`main form[action$="/years/${FY}/open"] [type="submit"]`);
		assert((await open.count()) === 1, `no open button on ${pathOf(admin)}: ${(await mainText(admin)).slice(0, 300)}`);
		await clickNav(admin, open, { what: 'open the round' });
		await expectNotice(admin, 'opening the round');
		// Remember item ids by title (for the security scenario).
		const rows = await admin.page.locator(`main a[href*="/years/${FY}/items/"]`).evaluateAll((as) =>
			as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
		for (const [t, h] of rows)
			itemIds[t] = h;
		await logout(admin);
	} finally {
		await closePerson(admin);
	}

	// 2. Each department with a login answers its own items and submits; the three
	//    departments work at the same time, as they do in a real round.
	const res = await Promise.allSettled([
		staffAnswers('kikaku', '企画政策課', ['協働フォーラムの開催', '中学校・高校への出前講座']),
		staffAnswers('kyodo', '協働推進課', ['行政課題シート', '中学校・高校への出前講座']),
		staffAnswers('gakushu', '生涯学習課', ['協働フォーラムの開催', '行政課題シート']),
	]);
	const bad = res.filter((r) => r.status === 'rejected');
	if (bad.length)
		throw bad[0].reason;
	log(`    staff answered ${res.map((r) => r.value).join(' + ')} items (three departments at once)`);

	// 3. The admin answers for the departments without a login, submits on their
	//    behalf, checks nobody is left, and publishes.
	const a2 = await person('admin');
	try {
		await login(a2, 'admin');
		await openRoundPage(a2, FY);
		const left = await a2.page.locator(`main tr:has(a[href*="/years/${FY}/items/"])`).evaluateAll((trs) =>
			trs.map((tr) => ({
				href: tr.querySelector('a[href*="/items/"]').getAttribute('href'),
				cells: [...tr.children].map((c) => c.textContent.trim()),
			})));
		// code, title, department, status, state; an item ended (完了) earlier is not asked
		const todo = left.filter((r) => r.cells[3] === '' && !r.cells[4].startsWith('完了'));
		// The admin sees who has not answered: exactly the departments without a login.
		const notSubmitted = (await deptTable(a2)).filter((c) => /未提出|Not submitted/.test(c[4] || '')).map((c) => c[0]);
		const expected = [...new Set(todo.map((r) => r.cells[2]))];
		assert(JSON.stringify([...notSubmitted].sort()) === JSON.stringify([...expected].sort()),
			`departments shown as not submitted: ${notSubmitted.join('、')}; expected ${expected.join('、')}`);
		log(`    admin answers ${todo.length} items for departments without a login: ${[...new Set(todo.map((r) => r.cells[2]))].join('、')}`);
		let i = 0;
		for (const r of todo) {
			const text = `E2E ${r.cells[2]} 実績（協働推進課が代理入力）${++i}`;
			await answerItem(a2, r.href, text, i);
			typed.push(text);
		}
		for (let guard = 0; guard < 10; guard++) {
			const b = a2.page.locator(`main form[action$="/years/${FY}/submit"]:has(input[name="dept"]) [type="submit"]`);
			if ((await b.count()) === 0)
				break;
			await clickNav(a2, b.first(), { what: 'submit for a department' });
			await expectNotice(a2, 'submitting for a department');
		}
		// Every department has submitted: no "not submitted" left in the table.
		const depts = await deptTable(a2);
		assert(depts.length >= 6, `the department table lists ${depts.length} departments, expected 6`);
		const unsubmitted = depts.filter((c) => /未提出|Not submitted/.test(c[4] || ''));
		assert(unsubmitted.length === 0, `departments still not submitted: ${JSON.stringify(unsubmitted)}`);
		// Publishing goes through its confirmation page: no publish button on the round page.
		assert((await a2.page.locator(`main form[action$="/years/${FY}/publish"]`).count()) === 0,
			`a publish button on the round page ${pathOf(a2)}`);
		await clickNav(a2, a2.page.locator(`main a[href$="/years/${FY}/publish"]`), { what: 'review and publish' });
		assert((await a2.page.locator('main input[name="with_open"]').count()) === 0,
			`nothing is open, yet the confirmation asks to publish open items: ${(await mainText(a2)).slice(0, 300)}`);
		const pub = a2.page.locator(`main form[action$="/years/${FY}/publish"] [type="submit"]`);
		assert((await pub.count()) === 1, `no publish button on ${pathOf(a2)}`);
		await clickNav(a2, pub, { what: 'publish the year' });
		await expectNotice(a2, 'publishing');
		assert((await a2.page.locator(`main form[action$="/years/${FY}/reopen"]`).count()) === 1,
			'no reopen form after publishing');
		roundPublished = true;
		await logout(a2);
	} finally {
		await closePerson(a2);
	}

	// 4. The public finds the report and sees tables, chart and the staff's words.
	const pub = await person('public');
	try {
		await go(pub, '/');
		await clickNav(pub, pub.page.locator('header nav a[href="/reports"]'), { what: 'nav link to /reports' });
		const link = pub.page.locator(`main a[href="/reports/${planId}/${FY}"]`);
		assert((await link.count()) > 0, `/reports lists no report for ${FY}: ${(await mainText(pub)).slice(0, 400)}`);
		const linkText = await link.first().innerText();
		assert(/令和7年度/.test(linkText), `report link reads "${linkText}", expected 令和7年度`);
		await clickNav(pub, link.first(), { what: `report ${FY}` });
		await checkReport(pub, FY);
		const body = await mainText(pub);
		const missing = typed.filter((t) => !body.includes(t));
		assert(missing.length === 0, `the public report lacks ${missing.length} of ${typed.length} results typed, e.g. "${missing[0]}"`);
	} finally {
		await closePerson(pub);
	}
}

// A report page: a rollup table with a total row, and a chart with a text alternative.
async function checkReport(p, fy) {
	assert(await p.page.locator('html[lang="ja"]').count(), 'report page is not lang="ja"');
	const tables = p.page.locator('main table');
	assert((await tables.count()) >= 2, `report ${fy} shows ${await tables.count()} tables`);
	const caps = await p.page.locator('main table caption').allInnerTexts();
	assert(caps.length >= 2 && caps.every((c) => c.trim()), `report tables need captions: ${JSON.stringify(caps)}`);
	const svgs = p.page.locator('main svg[role="img"]');
	assert((await svgs.count()) >= 1, `report ${fy} has no svg[role=img] chart`);
	const title = await svgs.first().locator('title').first().textContent().catch(() => null);
	assert(title && title.trim(), `chart of report ${fy} has no <title>`);
	assert(await svgs.first().isVisible(), 'chart is not visible');
	const box = await svgs.first().boundingBox();
	assert(box && box.width > 100 && box.height > 50, `chart box is ${JSON.stringify(box)}`);
	const bars = await svgs.first().locator('rect').count();
	assert(bars >= 2, `chart draws ${bars} rects`);
	const body = await mainText(p);
	assert(/%|％/.test(body), 'rollup table shows no percentages');
}

async function scenarioPublic() {
	const p = await person('public');
	try {
		await go(p, '/');
		assert(await p.page.locator('html[lang="ja"]').count(), 'home page is not lang="ja"');
		await clickNav(p, p.page.locator('header nav a[href="/reports"]'), { what: 'nav link to /reports' });
		const link = p.page.locator(`main a[href$="/${PUBLISHED_FY}"][href^="/reports/"]`);
		assert((await link.count()) > 0, `/reports lists no ${PUBLISHED_FY} report`);
		assert((await p.page.locator(`main a[href$="/${OPEN_FY}"][href^="/reports/"]`).count()) === 0,
			`/reports lists the unpublished year ${OPEN_FY}`);
		await clickNav(p, link.first(), { what: `report ${PUBLISHED_FY}` });
		await checkReport(p, PUBLISHED_FY);
		const reportUrl = p.page.url();
		// Print: the site navigation is hidden, the tables and the chart are not.
		assert(await p.page.locator('header nav').first().isVisible(), 'site nav not visible on screen');
		await p.page.emulateMedia({ media: 'print' });
		const navHidden = await p.page.locator('header nav').first().evaluate((n) => {
			const s = getComputedStyle(n);
			return s.display === 'none' || s.visibility === 'hidden';
		});
		assert(navHidden, 'print stylesheet does not hide the site navigation');
		assert(await p.page.locator('main table').first().isVisible(), 'print hides the tables');
		assert(await p.page.locator('main svg[role="img"]').first().isVisible(), 'print hides the chart');
		// On an A4-wide page (794 px at 96 dpi) no table may be cut off at the right: paper
		// does not scroll.
		await p.page.setViewportSize({ width: 794, height: 1123 });
		const cut = await p.page.evaluate(() => [...document.querySelectorAll('main table')].map((t) => {
			const w = t.closest('.table-wrap') || t.parentElement;
			const cap = t.querySelector('caption');
			return { caption: cap ? cap.textContent.trim() : '(no caption)', table: Math.round(t.scrollWidth), room: w.clientWidth };
		}).filter((x) => x.table > x.room + 1));
		await p.page.setViewportSize({ width: 1280, height: 900 });
		const pdf = await p.page.pdf({ format: 'A4' }).catch(() => null);
		assert(!pdf || pdf.length > 1000, 'printing to PDF gave an empty document');
		await p.page.emulateMedia({ media: 'screen' });
		// Not published: 404, for the report and for its data.
		const id = new URL(reportUrl).pathname.split('/')[2];
		await go(p, `/reports/${id}/${OPEN_FY}`, { status: 404 });
		assert(!(await mainText(p)).includes('E2E'), 'the 404 page leaks unpublished text');
		await go(p, `/reports/${id}/2099`, { status: 404 });
		// Checked last so that a layout problem does not hide the checks above.
		assert(cut.length === 0, `printed on A4, ${cut.length} table(s) of ${new URL(reportUrl).pathname} are cut off at the right: ` +
			cut.map((x) => `"${x.caption}" is ${x.table}px wide in ${x.room}px`).join('; '));
	} finally {
		await closePerson(p);
	}
}

// A citizen looks for a group working in one activity field and one area: the filters
// are chosen in the form as a person would (by their visible labels), the result list
// holds the group, and its page shows the field and the area — and none of the private
// contact values the center sees.
async function scenarioDirectory() {
	const p = await person('public');
	try {
		// The target: a registered group with a field and an area, read from the public API.
		const api = await p.context.request.get(`${BASE}/api/v1/groups?per_page=100`);
		assert(api.ok(), `GET /api/v1/groups: ${api.status()}`);
		const items = (await api.json()).items || [];
		const target = items.find((g) => (g.fields || []).length > 0 && (g.areas || []).length > 0);
		assert(target, `no public group with an activity field and an area among ${items.length}`);
		await go(p, '/');
		await clickNav(p, p.page.locator('header nav a[href="/groups"]'), { what: 'nav link to /groups' });
		const form = p.page.locator('main form[method="get"]').first();
		// The field's option is found by its label (the NPO-law field number is its value).
		const fieldSel = form.locator('select[name="field"]');
		const fieldLabel = await fieldSel.locator(`option[value="${target.fields[0]}"]`).innerText();
		await fieldSel.selectOption({ label: fieldLabel });
		await form.locator('select[name="area"]').selectOption({ label: target.areas[0] });
		await clickNav(p, form.locator('button[type="submit"], input[type="submit"]').first(), { what: 'search button' });
		const q = new URL(p.page.url()).searchParams;
		assert(q.get('field') === String(target.fields[0]), `the search did not filter by field: ${pathOf(p)}`);
		const hit = p.page.locator('main .group-card a', { hasText: target.name });
		assert((await hit.count()) > 0, `"${target.name}" is not among the results of ${pathOf(p)}: ${(await mainText(p)).slice(0, 300)}`);
		// Every result on the page really is in that field and area (checked through the API).
		const ids = await p.page.locator('main .group-card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		for (const href of ids.slice(0, 10)) {
			const g = await (await p.context.request.get(`${BASE}/api/v1${href}`)).json();
			assert((g.fields || []).includes(target.fields[0]) && (g.areas || []).includes(target.areas[0]),
				`${href} is listed but is not in field ${target.fields[0]} and area ${target.areas[0]}`);
		}
		await clickNav(p, hit.first(), { what: `result "${target.name}"` });
		assert((await p.page.locator('main h1').innerText()).includes(target.name), `the group page is not titled "${target.name}"`);
		const text = await mainText(p);
		assert(text.includes(target.areas[0]), `the group page does not show its area ${target.areas[0]}`);
		// A word search in hiragana finds the same group by its katakana reading.
		const kana = target.kana.slice(0, 3).replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
		await go(p, `/groups?q=${encodeURIComponent(kana)}`);
		assert((await p.page.locator('main .group-card a', { hasText: target.name }).count()) > 0,
			`searching "${kana}" (hiragana of the reading) does not find "${target.name}"`);
		await go(p, '/groups/stats');
		assert((await p.page.locator('main svg[role="img"]').count()) > 0, 'the statistics page has no chart');
	} finally {
		await closePerson(p);
	}
}

// A group keeps its own profile: from the header's link to its page, it corrects the
// reading (a mistake first: kanji are refused with 422 and the input kept), writes what
// it is recruiting for, saves, finds the change in its history, and a citizen sees the
// new text on the group's public page (the demo city publishes changes at once).
async function scenarioGroupProfile() {
	const g = await person('group');
	const stamp = `E2E募集 ${Date.now() % 100000}: 土曜の配食ボランティアを募集しています`;
	let publicHref = null;
	try {
		await login(g, 'group');
		await clickNav(g, g.page.locator('header nav a[href="/my/group"]'), { what: 'nav link to /my/group' });
		const pub = g.page.locator('main a[href^="/groups/"]').first();
		assert((await pub.count()) > 0, '/my/group has no link to the public page');
		publicHref = await pub.getAttribute('href');
		await clickNav(g, g.page.locator('main a[href="/my/group/edit"]').first(), { what: 'edit link' });
		const form = g.page.locator('main form[method="post"]').first();
		const kana = form.locator('[name="kana"]');
		const oldKana = await kana.inputValue();
		await kana.fill('漢字の読み');
		await form.locator('[name="recruiting"]').fill(stamp);
		await clickNav(g, form.locator('button[type="submit"]').first(), { status: 422, what: 'save with a bad reading' });
		assert((await g.page.locator('main [role="alert"]').count()) > 0, 'no error summary on the 422 page');
		const again = g.page.locator('main form[method="post"]').first();
		assert((await again.locator('[name="recruiting"]').inputValue()) === stamp, 'the 422 page lost the recruiting text');
		await again.locator('[name="kana"]').fill(oldKana);
		await clickNav(g, again.locator('button[type="submit"]').first(), { what: 'save the profile' });
		await expectNotice(g, 'saving the profile');
		await clickNav(g, g.page.locator('main a[href="/my/group/history"]').first(), { what: 'history link' });
		assert((await mainText(g)).includes('E2E募集'), 'the history does not show the change');
	} finally {
		await closePerson(g);
	}
	const p = await person('public');
	try {
		await go(p, publicHref);
		assert((await mainText(p)).includes(stamp), `the public page ${publicHref} does not show the new recruiting text`);
		await go(p, `${publicHref}/print`);
	} finally {
		await closePerson(p);
	}
}

async function scenarioSecurity() {
	const anon = await person('public');
	try {
		const resp = await anon.page.goto(BASE + '/plans');
		const u = new URL(anon.page.url());
		assert(u.pathname === '/login', `anonymous /plans ended on ${u.pathname}, expected /login`);
		assert(resp.request().redirectedFrom(), 'anonymous /plans was not a redirect');
		const hdr = resp.headers();
		assert(/script-src/.test(hdr['content-security-policy'] || '') || /default-src/.test(hdr['content-security-policy'] || ''),
			`login page has no CSP header: ${hdr['content-security-policy']}`);
		assert(hdr['x-content-type-options'] === 'nosniff', 'no X-Content-Type-Options: nosniff');
		await audit(anon.page, anon.as);
		// Logging in from there lands back on /plans.
		await anon.page.locator('main form input[name="login"]').fill('kikaku');
		await anon.page.locator('main form input[name="password"]').fill(PASSWORD);
		await clickNav(anon, anon.page.locator('main form[action="/login"] [type="submit"]'), { what: 'log-in button' });
		assert(new URL(anon.page.url()).pathname === '/plans', `after login with next=/plans landed on ${pathOf(anon)}`);
		anon.as = 'kikaku';
		await audit(anon.page, anon.as);
		// Staff on an admin page: 403 page in the site frame.
		await go(anon, '/admin/audit', { status: 403 });
		assert((await anon.page.locator('main h1').count()) === 1, '403 page has no heading');
		await go(anon, '/admin/users', { status: 403 });
		// Staff on another department's item (協働フォーラムの開催, 協働推進課): read only, never
		// its answer form (README: who sees unpublished plan data).
		const other = Object.entries(itemIds).find(([t]) => t.includes('協働フォーラムの開催'));
		if (other) {
			await go(anon, other[1]);
			assert((await anon.page.locator('main form:has([name="status"])').count()) === 0,
				`kikaku is offered the answer form of another department's item on ${pathOf(anon)}`);
		}
		// Wrong password: 422, the form again, the login name kept.
		await logout(anon);
		await go(anon, '/login');
		await anon.page.locator('main form input[name="login"]').fill('kikaku');
		await anon.page.locator('main form input[name="password"]').fill('wrong-password-e2e');
		await clickNav(anon, anon.page.locator('main form[action="/login"] [type="submit"]'), { status: 422, what: 'log-in button' });
		assert((await anon.page.locator('main [role="alert"]').count()) > 0, 'failed login shows no error');
		assert((await anon.page.locator('main input[name="login"]').inputValue()) === 'kikaku', 'failed login lost the login name');
		await go(anon, '/no-such-page', { status: 404 });
	} finally {
		await closePerson(anon);
	}
}

// Notices: a department's staff sees the unread count in the header after the round
// opened, opens the inbox from it, reads the newest notice and follows its link to the
// round page, then chooses in-app only; the admin reads the mail log (the demo city has
// no relay: the emails wait) and one message.
async function scenarioNotices() {
	const st = await person('kikaku');
	try {
		await login(st, 'kikaku');
		const badge = st.page.locator('header a[href="/notices"] .notice-count');
		assert((await badge.count()) === 1, 'no unread count in the header of a department\'s staff');
		await clickNav(st, st.page.locator('header a[href="/notices"]'), { what: 'header link to the notices' });
		const first = st.page.locator('main .notice-list a[href^="/notices/"]').first();
		const subject = (await first.textContent()).trim();
		// scenario a opened and published FY: the newest is the publication, with the report's link
		assert(/【(照会|公表)】/.test(subject) && subject.includes(String(FY)), `the newest notice is "${subject}"`);
		await clickNav(st, first, { what: 'the newest notice' });
		await clickNav(st, st.page.locator('main a.button[href^="/"]').first(), { what: 'the notice\'s link' });
		assert(new RegExp(`^/(plans/\\d+/years|reports/\\d+)/${FY}$`).test(new URL(st.page.url()).pathname),
			`the notice's link went to ${pathOf(st)}`);
		await go(st, '/account/notices');
		await st.page.locator('main input[name="channel"][value="inapp"]').check();
		await clickNav(st, st.page.locator('main form[action="/account/notices"] [type="submit"]'), { what: 'save the choice' });
		await expectNotice(st, 'choosing in-app only');
		assert(await st.page.locator('main input[name="channel"][value="inapp"]').isChecked(), 'the choice was not kept');
	} finally {
		await closePerson(st);
	}
	const admin = await person('admin');
	try {
		await login(admin, 'admin');
		await clickNav(admin, admin.page.locator('header nav a[href="/admin/mail"]'), { what: 'nav link to /admin/mail' });
		const msg = admin.page.locator('main table a[href^="/admin/mail/"]').first();
		assert((await msg.count()) > 0, 'the mail log lists no message');
		await clickNav(admin, msg, { what: 'a message of the log' });
		assert((await mainText(admin)).includes('まだ送信していません'), 'a waiting message does not say it was not tried');
	} finally {
		await closePerson(admin);
	}
}

// Screens the other scenarios do not reach, each audited: the admin's and a
// committee member's tour. Then the audit results of every page visited are judged.
async function scenarioAxe() {
	if (process.env.E2E_AXE === '0')
		throw new Error('the axe audit is off (E2E_AXE=0): nothing to judge');
	const admin = await person('admin');
	try {
		await login(admin, 'admin');
		const id = planId || 1;
		for (const u of [
			'/plans', `/plans/${id}`, `/plans/${id}?fy=${PUBLISHED_FY}`,
			`/plans/${id}/rollup?fy=${PUBLISHED_FY}&by=priority`, `/plans/${id}/rollup?fy=${PUBLISHED_FY}&by=branch`,
			`/plans/${id}/compare`, `/plans/${id}/years/${OPEN_FY}`, '/admin/audit', '/admin/users', '/account/password',
		])
			await go(admin, u);
		{
			await go(admin, `/plans/${id}/years/${OPEN_FY}`);
			await clickNav(admin, admin.page.locator(`main a[href*="/years/${OPEN_FY}/items/"]`).first(), { what: 'item link' });
			await go(admin, `/plans/${id}/years/${OPEN_FY}`);
			const branch = admin.page.locator(`main a[href*="/years/${OPEN_FY}/branches/"]`).first();
			if ((await branch.count()) > 0)
				await clickNav(admin, branch, { what: 'branch link' });
		}
		await logout(admin);
	} finally {
		await closePerson(admin);
	}
	const center = await person('center');
	try {
		await login(center, 'center');
		for (const u of ['/center/orgs', '/center/orgs?review=applied', '/center/orgs/new', '/center/changes',
			'/center/confirm', '/center/settings'])
			await go(center, u);
		const review = center.page.locator('main a[href$="/review"]').first();
		await go(center, '/center/orgs');
		if ((await review.count()) > 0)
			await clickNav(center, review, { what: 'review link' });
		await go(center, '/center/orgs');
		await clickNav(center, center.page.locator('main a[href^="/center/orgs/"]:not([href$="/new"])').first(), { what: 'record link' });
	} finally {
		await closePerson(center);
	}
	const applicant = await person('public');
	try {
		await go(applicant, '/register');
		await go(applicant, '/register/status');
	} finally {
		await closePerson(applicant);
	}
	const com = await person('committee');
	try {
		await login(com, 'committee');
		await go(com, `/plans/${planId || 1}/years/${PUBLISHED_FY}`);
		await go(com, `/plans/${planId || 1}/rollup?fy=${PUBLISHED_FY}&by=priority`);
	} finally {
		await closePerson(com);
	}

	const serious = [];
	let minor = 0;
	for (const { url, who, violations } of audited.values()) {
		for (const v of violations) {
			const line = `${v.impact.padEnd(8)} ${v.id} on ${url} (${who}): ${v.help}\n` +
				v.nodes.slice(0, 5).map((n) => `             target: ${n.target}`).join('\n') +
				(v.nodes.length > 5 ? `\n             … and ${v.nodes.length - 5} more` : '');
			if (v.impact === 'serious' || v.impact === 'critical') {
				serious.push(line);
			} else {
				minor++;
				log(`    warning: ${line}`);
			}
		}
	}
	if (process.env.E2E_VERBOSE)
		for (const { url, who, violations } of audited.values())
			log(`    audited ${new URL(url).pathname}${new URL(url).search} as ${who}: ${violations.length} violations`);
	for (const w of consoleWarnings)
		log(`    warning: browser console: ${w}`);
	log(`    axe: ${audited.size} page views audited in ${(auditMs / 1000).toFixed(1)} s, ${serious.length} serious/critical, ${minor} minor/moderate`);
	assert(auditErrors.length === 0, `axe could not run on:\n  ${auditErrors.join('\n  ')}`);
	assert(audited.size >= 10, `only ${audited.size} pages were audited`);
	assert(serious.length === 0, `serious or critical accessibility violations:\n  ${serious.join('\n  ')}`);
}

// The layout of the page in a phone's width: the page never scrolls sideways (a wide
// table scrolls inside its own frame), and no column of a table is narrower than four
// characters (the public report's table once collapsed to one character per line).
async function checkPhoneLayout(p) {
	const r = await p.page.evaluate(() => {
		const out = { overflow: document.documentElement.scrollWidth - window.innerWidth, narrow: [] };
		for (const c of document.querySelectorAll('main th, main td')) {
			const cs = getComputedStyle(c);
			if (!c.getClientRects().length || cs.display !== 'table-cell' || cs.visibility === 'hidden')
				continue;
			const w = c.getBoundingClientRect().width, em = parseFloat(cs.fontSize);
			if (w < 4 * em - 0.5)
				out.narrow.push(`"${c.textContent.trim().slice(0, 16)}" ${w.toFixed(0)} px (4 characters: ${4 * em} px)`);
		}
		return out;
	});
	assert(r.overflow <= 1, `${pathOf(p)} at ${PHONE.width} px scrolls sideways by ${r.overflow} px`);
	assert(r.narrow.length === 0, `${pathOf(p)} at ${PHONE.width} px has columns narrower than 4 characters: ${r.narrow.slice(0, 5).join('; ')}`);
}

// Codes of the stored data that must never reach a Japanese screen (issue 8 §4): states,
// actions, record kinds, the command line's and applicants' audit names, JSON words.
const CODES = /\b(draft|submitted|returned|approved|applied|immediate|dormant|dissolved|coordinator|create|update|import-[a-z]+|set-password|carry-over|plan_[a-z_]+|org_[a-z_]+|login_lock|department_id|status_id|cli:[a-z0-9]+|applicant:[a-z0-9]+|true|false|null)\b/g;
async function checkWords(p) {
	const text = await p.page.evaluate(() => {
		const clone = document.body.cloneNode(true);
		for (const e of clone.querySelectorAll('code, input, textarea, select, script, [lang="en"]'))
			e.remove();
		return clone.innerText;
	});
	const found = [...new Set(text.match(CODES) || [])];
	assert(found.length === 0, `${pathOf(p)} (${p.as}) shows codes instead of words: ${found.join(', ')}`);
}

// Public and logged-in pages at 390 px: layout, words, and the axe audit (go() audits).
async function scenarioPhone() {
	const id = planId || 1;
	const tours = [
		['public', ['/', '/reports', `/reports/${id}/${PUBLISHED_FY}`, roundPublished ? `/reports/${id}/${FY}` : null, '/groups',
			'/groups?field=13', '/groups/stats', '/groups/opendata', '/register', '/register/status', '/login']],
		['kikaku', ['/', '/plans', `/plans/${id}`, `/plans/${id}?fy=${PUBLISHED_FY}`, `/plans/${id}/years/${OPEN_FY}`,
			`/plans/${id}/rollup?fy=${PUBLISHED_FY}&by=priority`, `/plans/${id}/rollup?fy=${PUBLISHED_FY}&by=branch`,
			`/plans/${id}/compare`, '/account/password', '/notices', '/account/notices']],
		['admin', ['/', `/plans/${id}/years/${OPEN_FY}`, `/plans/${id}/years/${OPEN_FY}/publish`,
			`/plans/${id}/rollup?fy=${PUBLISHED_FY}&by=grade`, `/plans/${id}/items/new`, `/plans/${id}/carry-over`, '/plans/new',
			'/admin/users', '/admin/departments', '/admin/audit', '/admin/locks', '/center/orgs', '/center/settings',
			'/center/confirm', '/center/changes', '/center/orgs/new', '/admin/mail']],
		['center', ['/', '/center/orgs?review=applied']],
		['group', ['/', '/my/group', '/my/group/edit', '/my/group/history']],
		['committee', ['/', `/plans/${id}/years/${PUBLISHED_FY}`, `/plans/${id}/years/${OPEN_FY}`]],
	];
	let n = 0;
	for (const [who, urls] of tours) {
		const p = await person(who, PHONE);
		try {
			if (who !== 'public')
				await login(p, who);
			for (const u of urls.filter(Boolean)) {
				await go(p, u);	/* go() audits and checks the words */
				await checkPhoneLayout(p);
				n++;
			}
			// one page further from each tour: a group's page, an item's form, a record
			const further = {
				public: 'main .group-card h3 a',
				kikaku: null,
				admin: `main a[href*="/years/${OPEN_FY}/items/"]`,
				center: 'main a[href$="/review"], main a[href^="/center/orgs/"]:not([href$="/new"]):not([href*="export"])',
			}[who];
			if (further) {
				if (who === 'public')
					await go(p, '/groups');
				if (who === 'admin')
					await go(p, `/plans/${id}/years/${OPEN_FY}`);
				if (who === 'center')
					await go(p, '/center/orgs?review=applied');
				const link = p.page.locator(further).first();
				if ((await link.count()) > 0) {
					await clickNav(p, link, { what: `first link on ${pathOf(p)}` });
					await checkPhoneLayout(p);
					n++;
				}
			}
		} finally {
			await closePerson(p);
		}
	}
	log(`    ${n} pages at ${PHONE.width} px: no sideways scroll, no column under 4 characters, no codes on screen`);
}

// Screenshots at desktop and phone width of the screens citizens and staff see most
// (listed in README.md, "Screens"): tests/e2e/out/NAME-desktop.png and NAME-phone.png.
async function scenarioScreenshots() {
	mkdirSync(OUT, { recursive: true });
	const shots = [];
	const fy = roundPublished ? FY : PUBLISHED_FY;
	const id = planId || 1;
	const shoot = async (p, name, media = 'screen') => {
		await p.page.emulateMedia({ media });
		const f = path.join(OUT, `${name}.png`);
		await p.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: f, fullPage: true });
		shots.push(f);
		await p.page.emulateMedia({ media: 'screen' });
	};
	for (const [suffix, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
		const pub = await person('public', viewport);
		try {
			await go(pub, '/');
			await shoot(pub, `home-${suffix}`);
			await go(pub, `/reports/${id}/${fy}`);
			await shoot(pub, `report-${suffix}`);
			if (suffix === 'desktop')
				await pub.page.locator('main svg[role="img"]').first().screenshot({ timeout: SHOT_TIMEOUT_MS, path: path.join(OUT, 'report-chart.png') });
			await shoot(pub, `report-print-${suffix}`, 'print');
			await go(pub, `/reports/${id}/${fy}/print`);
			await shoot(pub, `report-list-${suffix}`, 'print');
			await go(pub, '/groups?field=13');
			await shoot(pub, `directory-${suffix}`);
			await clickNav(pub, pub.page.locator('main .group-card h3 a').first(), { what: 'first result' });
			await shoot(pub, `group-${suffix}`);
			await go(pub, '/register');
			await clickNav(pub, pub.page.locator('main form[action="/register"] [type="submit"]'), { status: 422, what: 'send an empty application' });
			assert((await pub.page.locator('main .error-summary li').count()) === 5,
				`the empty application lists ${await pub.page.locator('main .error-summary li').count()} problems, expected 5`);
			await pub.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: path.join(OUT, `register-errors-${suffix}.png`) });
			shots.push(path.join(OUT, `register-errors-${suffix}.png`));
		} finally {
			await closePerson(pub);
		}
		const st = await person('kikaku', viewport);
		try {
			await login(st, 'kikaku');
			await openRoundPage(st, OPEN_FY);
			await clickNav(st, st.page.locator(`main a[href*="/years/${OPEN_FY}/items/"]`).first(), { what: 'answer link' });
			assert((await st.page.locator('main form select[name="status"]').count()) === 1, `no item form on ${pathOf(st)}`);
			await shoot(st, `item-form-${suffix}`);
			if (suffix === 'phone')
				await checkPhoneLayout(st);
			// the notices: the inbox, one notice, the choice of how to be told
			await go(st, '/notices');
			await shoot(st, `notices-${suffix}`);
			await clickNav(st, st.page.locator('main .notice-list a[href^="/notices/"]').first(), { what: 'the newest notice' });
			await shoot(st, `notice-${suffix}`);
			if (suffix === 'phone')
				await checkPhoneLayout(st);
			await go(st, '/account/notices');
			await shoot(st, `account-notices-${suffix}`);
		} finally {
			await closePerson(st);
		}
		// the division's round: who is late, the opinions, the publish confirmation, grades
		const ad = await person('admin', viewport);
		try {
			await login(ad, 'admin');
			await go(ad, `/plans/${id}/years/${OPEN_FY}`);
			await shoot(ad, `round-admin-${suffix}`);
			await go(ad, `/plans/${id}/years/${OPEN_FY}/publish`);
			assert((await ad.page.locator('main input[name="with_open"]').count()) === 1,
				`the confirmation of the open year ${OPEN_FY} does not ask to publish its open items`);
			await shoot(ad, `publish-confirm-${suffix}`);
			await go(ad, `/plans/${id}/rollup?fy=${PUBLISHED_FY}&by=grade`);
			await shoot(ad, `rollup-grade-${suffix}`);
		} finally {
			await closePerson(ad);
		}
		const com = await person('committee', viewport);
		try {
			await login(com, 'committee');
			await go(com, `/plans/${id}/years/${OPEN_FY}`);
			await shoot(com, `round-committee-${suffix}`);
		} finally {
			await closePerson(com);
		}
		// the admin's mail screens: settings, outbox and log; one message with its attempts
		const admin = await person('admin', viewport);
		try {
			await login(admin, 'admin');
			await go(admin, '/admin/mail');
			await shoot(admin, `admin-mail-${suffix}`);
			await clickNav(admin, admin.page.locator('main table a[href^="/admin/mail/"]').first(), { what: 'a message of the log' });
			await shoot(admin, `admin-mail-message-${suffix}`);
			if (suffix === 'phone')
				await checkPhoneLayout(admin);
		} finally {
			await closePerson(admin);
		}
	}
	for (const f of shots)
		assert(existsSync(f) && statSync(f).size > 5000, `screenshot ${f} is missing or tiny`);
	log(`    screenshots: ${shots.map((f) => path.basename(f)).join(', ')}`);
}

// Each person's home (issue 8 §2): what awaits them, at desktop and phone width. The
// panels of the role are there, each with its heading, its count or its state in words,
// and a link to the full list that opens; no sideways scroll at 390 px; a screenshot of
// each (tests/e2e/out/home-ROLE-desktop.png, home-ROLE-phone.png).
const HOME_PANELS = {
	kikaku: ['staff_to_answer', 'staff_returned', 'endorse_decide', 'endorse_overdue'],
	admin: ['admin_round', 'endorse_decide', 'endorse_overdue', 'adopt_applied', 'adopt_ending', 'adopt_missing'],	// the demo's adoptions: an application, one ending, a report missing
	center: ['center_applications', 'center_changes', 'center_overdue'],
	group: ['group_profile', 'group_confirm', 'group_messages', 'project_checks', 'adopt_ending', 'group_endorse_reports', 'group_endorsements'],
	committee: ['committee_submitted'],
};
async function scenarioHomes() {
	mkdirSync(OUT, { recursive: true });
	const shots = [];
	for (const [suffix, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
		for (const [who, kinds] of Object.entries(HOME_PANELS)) {
			const p = await person(who, viewport);
			try {
				await login(p, who);
				await go(p, '/');
				const found = await p.page.locator('main section.await').evaluateAll((ss) => ss.map((s) => s.dataset.kind));
				for (const k of kinds)
					assert(found.includes(k), `${who}'s home has no panel ${k} (has ${found.join(', ') || 'none'})`);
				assert(found.every((k) => kinds.includes(k)), `${who}'s home shows panels of another role: ${found.join(', ')}`);
				const panels = p.page.locator('main section.await');
				const more = [];
				for (let i = 0; i < await panels.count(); i++) {
					const s = panels.nth(i);
					const kind = await s.getAttribute('data-kind');
					assert((await s.locator('h3').count()) === 1, `${who}: panel ${kind} has no heading`);
					const words = await s.locator('.await__count, .await__facts, .await__empty, .await__status').count();
					assert(words > 0, `${who}: panel ${kind} states neither a count nor its state`);
					const link = s.locator('.await__more a');
					assert((await link.count()) === 1, `${who}: panel ${kind} has no link to its full list`);
					more.push(await link.getAttribute('href'));
				}
				if (viewport === PHONE)
					await checkPhoneLayout(p);
				const f = path.join(OUT, `home-${who}-${suffix}.png`);
				await p.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: f, fullPage: true });
				shots.push(f);
				if (suffix === 'desktop')
					for (const href of [...new Set(more)])
						await go(p, href);	/* the full list opens for this person */
			} finally {
				await closePerson(p);
			}
		}
	}
	for (const f of shots)
		assert(existsSync(f) && statSync(f).size > 5000, `screenshot ${f} is missing or tiny`);
	log(`    screenshots: ${shots.map((f) => path.basename(f)).join(', ')}`);
}

// The center's yearly confirmation (issue 8 §6): the request to the due groups only, the
// letters and the address labels for those without email (2 and 3 in the demo city), and
// the review page's two buttons — at desktop and phone width, with screenshots
// (center-confirm, letters, letters-print, labels, review).
async function scenarioCenterConfirm() {
	mkdirSync(OUT, { recursive: true });
	for (const [suffix, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
		const c = await person('center', viewport);
		const shoot = async (name, media = 'screen') => {
			await c.page.emulateMedia({ media });
			await c.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: path.join(OUT, `${name}-${suffix}.png`), fullPage: true });
			await c.page.emulateMedia({ media: 'screen' });
		};
		try {
			await login(c, 'center');
			await go(c, '/center/confirm');
			const due = c.page.locator('main label[for="f-target"]');
			assert(/7団体/.test(await due.innerText()), `the due choice says "${await due.innerText()}", expected 7 groups`);
			if (suffix === 'desktop') {
				await due.click();	// the label is the target
				await clickNav(c, c.page.locator('main form[action="/center/confirm"] button[type="submit"]'), { what: 'send the request' });
				const done = await c.page.locator('main [role="status"]').first().innerText();
				assert(/確認の時期を過ぎた団体に/.test(done), `after the request: "${done}"`);
			}
			if (suffix === 'phone')
				await checkPhoneLayout(c);
			await shoot('center-confirm');
			await clickNav(c, c.page.locator('main a[href="/center/confirm/letters?target=due"]'), { what: 'letters link' });
			const letters = await c.page.locator('main article.letter').count();
			assert(letters === 2, `${letters} letters to the due groups without email, expected 2`);
			if (suffix === 'phone')
				await checkPhoneLayout(c);
			await shoot('letters');
			if (suffix === 'desktop')
				await shoot('letters-print', 'print');
			await go(c, '/center/confirm/labels?target=all');
			const labels = await c.page.locator('main .label').count();
			assert(labels === 3, `${labels} labels of the groups without email, expected 3`);
			if (suffix === 'phone')
				await checkPhoneLayout(c);
			await shoot('labels');
			await go(c, '/center/orgs?review=applied');
			await clickNav(c, c.page.locator('main table a[href^="/center/orgs/"]').first(), { what: 'application link' });
			await clickNav(c, c.page.locator('main a[href$="/review"]').first(), { what: 'review link' });
			const buttons = await c.page.locator('main form button[name="decision"]').allInnerTexts();
			assert(buttons.length === 2 && /承認/.test(buttons[0]) && /差し戻す/.test(buttons[1]),
				`the review's buttons: ${JSON.stringify(buttons)}`);
			if (suffix === 'phone')
				await checkPhoneLayout(c);
			await shoot('review');
		} finally {
			await closePerson(c);
		}
	}
	log('    center: request to the 7 due groups, 2 letters, 3 labels, the review\'s two buttons (desktop and 390 px)');
}

// m. Endorsements (後援名義): the demo group applies (an empty form first: every problem
// at once), 生涯学習課 approves with a condition and prints the decision notice, the public
// list shows the event without the contact person; the group sends the overdue report of
// a demo event; every page at 390 px too, with screenshots (endorse-*).
function jstDay(days) {
	const t = new Date(Date.now() + 9 * 3600e3 + days * 86400e3);
	return t.toISOString().slice(0, 10);
}

async function scenarioEndorse() {
	mkdirSync(OUT, { recursive: true });
	const TITLE = 'E2E みどり野ふれあい運動会';
	const PRIVATE = 'E2E連絡担当 山田';
	const shootAs = async (p, name, media = 'screen') => {
		await p.page.emulateMedia({ media });
		await p.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: path.join(OUT, `${name}.png`), fullPage: true });
		await p.page.emulateMedia({ media: 'screen' });
	};
	let id = null, reportUrl = null;
	const g = await person('group');
	try {
		await login(g, 'group');
		const panel = g.page.locator('main section[data-kind="group_endorse_reports"]');
		assert((await panel.count()) === 1, 'the group\'s start page has no panel of reports to send');
		reportUrl = await panel.locator('a[href^="/endorsements/"]').first().getAttribute('href');
		await go(g, '/my/endorsements');
		await clickNav(g, g.page.locator('main a[href="/my/endorsements/new"]'), { what: 'apply link' });
		await clickNav(g, g.page.locator('main form[action="/my/endorsements/new"] button[type="submit"]'), { status: 422, what: 'empty application' });
		const summary = await g.page.locator('main [role="alert"] li').count();
		assert(summary >= 12, `the empty application lists ${summary} problems, expected every one (12 or more)`);
		await shootAs(g, 'endorse-apply-errors-desktop');
		const f = g.page.locator('main form[action="/my/endorsements/new"]');
		await f.locator('#f-title').fill(TITLE);
		await f.locator('#f-purpose').fill('地区の子どもから高齢者までが一緒に体を動かし、顔の見える関係をつくります。');
		await f.locator('#f-starts_on').fill(jstDay(45));
		await f.locator('#f-place').fill('みどり野中央公園 多目的広場');
		await f.locator('#f-attendance').fill('300');
		await f.locator('#f-fee').fill('0');
		await f.locator('#f-organiser').fill('みどり野子ども食堂ネット');
		await f.locator('#f-contact_name').fill(PRIVATE);
		await f.locator('#f-contact_phone').fill('099-200-7777');
		await f.locator('#f-department').selectOption({ label: '生涯学習課' });
		for (const box of await f.locator('input[type="checkbox"][name^="rule_"]').all())
			await box.check();
		await clickNav(g, f.locator('button[type="submit"]'), { what: 'apply' });
		id = new URL(g.page.url()).pathname.split('/')[2];
		assert(/^\d+$/.test(id), `after applying: ${pathOf(g)}`);
		assert((await mainText(g)).includes('審査中'), 'the new application does not say it waits for the decision');
		await shootAs(g, 'endorse-applied-desktop');
	} finally {
		await closePerson(g);
	}
	const s = await person('gakushu');
	try {
		await login(s, 'gakushu');
		const panel = s.page.locator('main section[data-kind="endorse_decide"]');
		assert(Number(await panel.getAttribute('data-count')) >= 2, 'the department\'s start page does not count the new request');
		await go(s, '/city/endorsements');
		assert((await mainText(s)).includes(TITLE), 'the department\'s list lacks the new request');
		await shootAs(s, 'endorse-work-desktop');
		await go(s, `/endorsements/${id}`);
		await s.page.locator('main input[name="decision"][value="approve"]').check();
		await s.page.locator('main #f-d-comment').fill('チラシに「後援 みどり野市」と記載してください。');
		await clickNav(s, s.page.locator(`main form[action="/endorsements/${id}/decide"] button[type="submit"]`), { what: 'approve' });
		assert((await mainText(s)).includes('承諾'), 'the decision is not shown');
		await clickNav(s, s.page.locator(`main a[href^="/endorsements/${id}/decisions/"]`).first(), { what: 'decision notice' });
		const letter = await s.page.locator('main article.letter').innerText();
		assert(/後援名義使用承諾書/.test(letter) && /後援第\d+号/.test(letter) && /令和/.test(letter), `the notice reads: ${letter.slice(0, 200)}`);
		await shootAs(s, 'endorse-notice-desktop');
		await shootAs(s, 'endorse-notice-print', 'print');
	} finally {
		await closePerson(s);
	}
	const pub = await person('public');
	try {
		await go(pub, '/endorsements');
		assert((await mainText(pub)).includes(TITLE), 'the public list lacks the approved event');
		await shootAs(pub, 'endorse-public-desktop');
		await go(pub, `/endorsements/${id}`);
		assert(!(await mainText(pub)).includes(PRIVATE), 'the public page shows the contact person');
		await go(pub, '/endorsements/2', { status: 404 });	// the demo's application waiting for 生涯学習課
	} finally {
		await closePerson(pub);
	}
	const g2 = await person('group');
	try {
		await login(g2, 'group');
		await go(g2, reportUrl);
		await clickNav(g2, g2.page.locator('main a[href$="/report"]'), { what: 'report link' });
		await g2.page.locator('main #f-attendance').fill('212');
		await g2.page.locator('main #f-summary').fill('8か所のこども食堂を212人が巡りました。来年は学校と連携して周知します。');
		await clickNav(g2, g2.page.locator('main form button[type="submit"]'), { what: 'send the report' });
		assert((await mainText(g2)).includes('212'), 'the report is not on the endorsement\'s page');
		await shootAs(g2, 'endorse-report-desktop');
	} finally {
		await closePerson(g2);
	}
	// 390 px: each role's endorsement pages
	const tours = [['public', ['/endorsements', `/endorsements/${id}`]],
		['group', ['/my/endorsements', '/my/endorsements/new', `/endorsements/${id}`, `/endorsements/${id}/change`]],
		['gakushu', ['/', '/city/endorsements', `/endorsements/${id}`]],
		['admin', ['/admin/endorsements', '/city/endorsements']]];
	for (const [who, urls] of tours) {
		const p = await person(who, PHONE);
		try {
			if (who !== 'public')
				await login(p, who);
			for (const u of urls) {
				await go(p, u);
				await checkPhoneLayout(p);
			}
			await shootAs(p, `endorse-${who}-phone`);
		} finally {
			await closePerson(p);
		}
	}
	log(`    endorsement ${id}: applied (12+ problems first), approved by 生涯学習課, notice printed, public without contact; a demo report sent; 390 px`);
}

// A collaboration project's evaluation in three steps (issue 10): a project in 評価 with
// the demo group as partner is imported; the group and the lead department (kyodo) hand in
// their self-evaluations through the form; the joint review shows both side by side with
// the difference marked and records what they agree, then closes; the division assigns the
// committee member, who finds the project on the start page and scores it; the division
// publishes. The public never sees the unpublished project's evaluation; the demo's
// finished project shows its published evaluation and reports at 390 px, and the yearly
// figures page has its charts and tables. Screenshots: eval-joint, eval-committee,
// eval-public-phone, figures-phone (each looked at while building it).
async function scenarioEvaluation() {
	mkdirSync(OUT, { recursive: true });
	const file = path.join(DB_DIR, 'eval-project.csv');
	writeFileSync(file, '事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階\n' +
		'子育てサロン協働事業,R7,R7,協働推進課,事業協力,市民・行政,みどり野子ども食堂ネット,評価\n');
	execFileSync(BIN, ['--db', DB, 'project', 'import', file], { env: { ...process.env, KYODO_FAST_HASH: '1' } });
	const shot = async (p, name) =>
		p.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: path.join(OUT, `${name}.png`), fullPage: true });
	const selfEval = async (p, score) => {
		for (const sel of await p.page.locator('main form[action$="/evaluation/self"] select[name^="score_"]').all())
			await sel.selectOption(String(score));
		await p.page.locator('main form[action$="/evaluation/self"] textarea[name^="comment_"]').first().fill(`${p.who}の所見`);
		await clickNav(p, p.page.locator('main form[action$="/evaluation/self"] button[name="submit"][value="1"]'),
			{ what: 'hand in the self-evaluation' });
	};
	let evalPath = null;
	const group = await person('group');
	const lead = await person('kyodo');
	const admin = await person('admin');
	const member = await person('committee');
	const anon = await person('public', PHONE);
	try {
		await login(lead, 'kyodo');
		await go(lead, '/');
		const link = lead.page.locator('main section[data-kind="project_self_eval"] a[href$="/evaluation"]').first();
		assert((await link.count()) === 1, 'the lead department\'s start page lists no self-evaluation to hand in');
		await clickNav(lead, link, { what: 'self-evaluation due' });
		evalPath = pathOf(lead);
		assert(/^\/projects\/\d+\/evaluation$/.test(evalPath), `the link went to ${evalPath}`);
		await selfEval(lead, 5);
		await login(group, 'group');
		await go(group, evalPath);
		await selfEval(group, 2);
		await go(lead, evalPath);
		const differs = await lead.page.locator('main table.scores td.differs').count();
		assert(differs === 6, `${differs} criteria marked as differing, expected 6 (5 against 2)`);
		await lead.page.locator('main form[action$="/evaluation/joint"] select[name^="jscore_"]').first().selectOption('3');
		await lead.page.locator('main form[action$="/evaluation/joint"] textarea[name^="agreed_"]').first()
			.fill('参加者を増やす工夫を来年度に一緒に考える');
		await clickNav(lead, lead.page.locator('main form[action$="/evaluation/joint"] button[type="submit"]'), { what: 'save the joint review' });
		await shot(lead, 'eval-joint');
		await clickNav(lead, lead.page.locator('main form[action$="/evaluation/joint/close"] button'), { what: 'close the joint review' });
		assert(/合同ふりかえりは終わりました/.test(await mainText(lead)), 'the joint review does not say it is closed');
		await login(admin, 'admin');
		await go(admin, evalPath);
		await admin.page.locator('main form[action$="/evaluation/members"] input[name="login"]').fill('committee');
		await clickNav(admin, admin.page.locator('main form[action$="/evaluation/members"] button[type="submit"]'), { what: 'assign' });
		await login(member, 'committee');
		await go(member, '/');
		const due = member.page.locator(`main section[data-kind="project_committee"] a[href="${evalPath}"]`);
		assert((await due.count()) === 1, 'the committee member\'s start page does not list the project to evaluate');
		await clickNav(member, due, { what: 'project to evaluate' });
		for (const sel of await member.page.locator('main form[action$="/evaluation/committee"] select[name^="score_"]').all())
			await sel.selectOption('4');
		await member.page.locator('main form[action$="/evaluation/committee"] textarea[name="overall"]').fill('地域に根づいた取組として評価できる');
		await clickNav(member, member.page.locator('main form[action$="/evaluation/committee"] button[name="submit"][value="1"]'),
			{ what: 'hand in the committee scores' });
		await shot(member, 'eval-committee');
		await go(admin, evalPath);
		await admin.page.locator('main form[action$="/evaluation/publish"] textarea[name="result"]').fill('目的はおおむね達成された。継続する。');
		await clickNav(admin, admin.page.locator('main form[action$="/evaluation/publish"] button[type="submit"]'), { what: 'publish' });
		assert(/目的はおおむね達成された。継続する。/.test(await mainText(admin)), 'the published result is not shown');
		/* the project itself is not published: its evaluation stays out of the public's sight */
		const id = evalPath.split('/')[2];
		await go(anon, `/public/projects/${id}/evaluation`, { status: 404 });
		await go(anon, '/public/projects/figures');
		assert(!/子育てサロン協働事業/.test(await mainText(anon)), 'the figures page names an unpublished project');
		assert((await anon.page.locator('main svg[role="img"]').count()) >= 3, 'the figures page has fewer than 3 charts');
		assert((await anon.page.locator('main table caption').count()) >= 4, 'the figures page has fewer than 4 tables');
		await checkPhoneLayout(anon);
		await shot(anon, 'figures-phone');
		const api = await fetch(`${BASE}/api/projects/figures`);	/* JSON: not a page to audit */
		assert(api.status === 200 && /"departments_with_projects"/.test(await api.text()), 'the figures API has no departments count');
		/* the demo's finished project: its published evaluation and reports, at 390 px */
		let fid = null;	/* the one project whose evaluation is public: the demo's finished one */
		for (let i = 1; i <= 20 && !fid; i++) {
			const r = await fetch(`${BASE}/public/projects/${i}/evaluation`);
			if (r.status === 200 && /読み聞かせフェスティバル/.test(await r.text()))
				fid = i;
		}
		assert(fid, 'the demo\'s finished project has no public evaluation page');
		await go(anon, `/public/projects/${fid}/evaluation`);
		const text = await mainText(anon);
		assert(/後援を継続する/.test(text) && /完了報告/.test(text) && /経過報告/.test(text),
			'the public evaluation page lacks the result or the reports');
		await checkPhoneLayout(anon);
		await shot(anon, 'eval-public-phone');
	} finally {
		for (const p of [group, lead, admin, member, anon])
			await closePerson(p);
	}
	log(`    evaluation: ${evalPath}: two self-evaluations, 6 differences marked, joint review closed, committee scored, published; public 404 for the unpublished project`);
}

// l. A collaboration project from 検討 to 実施 (issue 10): the center gives a second partner
// its account; the lead department and two partners tick the 検討 checklist from their own
// pages; the lead department moves on with the third partner not agreed — refused without
// a reason, done with force and a reason; in 計画 the third partner is removed and, every
// side having agreed, the project moves to 実施 without force; published, it appears on the
// public list (withdrawn, it leaves at once). Desktop and 390 px, with screenshots; every page is audited (scenario d).
const PROJECT_TITLE = '子ども食堂ネットワーク支援事業';
async function tickAll(p, projectId) {
	await go(p, `/projects/${projectId}/side`);
	const boxes = p.page.locator('main form input[type="checkbox"][name^="agree-"]');
	const n = await boxes.count();
	assert(n === 6, `${p.who}: ${n} checklist points on the side page, expected 6`);
	for (let i = 0; i < n; i++)
		await boxes.nth(i).check();
	await clickNav(p, p.page.locator(`main form[action="/projects/${projectId}/checks"] button[type="submit"]`), { what: 'save our answers' });
	assert(new URL(p.page.url()).pathname === `/projects/${projectId}`, `after saving the answers: ${pathOf(p)}`);
}

// Attaches a small PDF named name to the project from its page, saying it is the form's
// document whose name starts with doc (or その他 when doc is null).
async function attachDocument(p, projectId, name, doc) {
	await go(p, `/projects/${projectId}`);
	const form = p.page.locator('main form.attach-form');
	const what = form.locator('select[name="what"]');
	const options = await what.locator('option').all();
	let value = null;
	for (const o of options) {
		const label = (await o.innerText()).trim();
		if (doc ? label.startsWith(doc) : label.startsWith('その他'))
			value = await o.getAttribute('value');
	}
	assert(value, `the upload form offers no choice ${doc || 'その他'}`);
	await what.selectOption(value);
	await form.locator('input[type="file"]').setInputFiles({
		name, mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
	await clickNav(p, form.locator('button[type="submit"]'), { what: `attach ${name}` });
	assert((await mainText(p)).includes(name), `the attached file ${name} is not listed`);
}

async function scenarioProject() {
	mkdirSync(OUT, { recursive: true });
	const shootAs = async (p, name, suffix = 'desktop') =>
		p.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: path.join(OUT, `${name}-${suffix}.png`), fullPage: true });
	const center = await person('center');
	const lead = await person('kyodo');
	const group = await person('group');
	const pantry = await person('salon');
	const phone = await person('group-phone', PHONE);
	const anon = await person('public');
	try {
		// the second partner's account, given by the center
		await login(center, 'center');
		await go(center, '/center/orgs/13');
		assert((await center.page.locator('h1').innerText()).includes('東地区子育てサロン'), 'org 13 is the parenting salon');
		await center.page.locator('main input[name="login"]').fill('salon');
		await center.page.locator('main input[name="password"]').fill(PASSWORD);
		await center.page.locator('main input[name="password2"]').fill(PASSWORD);
		await clickNav(center, center.page.locator('main form[action="/center/orgs/13/accounts"] button[type="submit"]'), { what: 'add the account' });

		// the lead department finds the project and answers its side
		await login(lead, 'kyodo');
		await go(lead, '/projects');
		await clickNav(lead, lead.page.locator('main table a', { hasText: PROJECT_TITLE }), { what: 'the project' });
		const projectId = new URL(lead.page.url()).pathname.split('/')[2];
		assert(/^\d+$/.test(projectId), `project page at ${pathOf(lead)}`);
		const text = await mainText(lead);
		for (const w of ['協定書', '事業協力', '市民・行政', '検討'])
			assert(text.includes(w), `the project page lacks ${w}`);
		await shootAs(lead, 'project');
		await tickAll(lead, projectId);

		// the two partners, each from its own page
		await login(group, 'group');
		const panel = group.page.locator('main section[data-kind="project_checks"]');
		assert((await panel.count()) === 1, 'the group\'s home has no project checklist panel');
		await clickNav(group, panel.locator(`a[href="/projects/${projectId}/side"]`), { what: 'the panel\'s project link' });
		assert((await mainText(group)).includes('市民活動団体等') || (await mainText(group)).includes('留意点'), 'the side page shows the guidance for its kind of party');
		await shootAs(group, 'project-side');
		await tickAll(group, projectId);
		await login(pantry, 'salon');
		await tickAll(pantry, projectId);

		// moving on: the third partner has not agreed
		await go(lead, `/projects/${projectId}/move?to=plan`);
		const moveText = await mainText(lead);
		assert(moveText.includes('社会福祉法人みどり野福祉会'), 'the confirmation names the partner that has not agreed');
		assert(!moveText.includes('東地区子育てサロン'), 'the confirmation names a partner that agreed');
		await shootAs(lead, 'project-move');
		await clickNav(lead, lead.page.locator(`main form[action="/projects/${projectId}/move"] button[type="submit"]`), { status: 422, what: 'move without a reason' });
		await lead.page.locator('main input[name="force"]').check();
		await lead.page.locator('main textarea[name="reason"]').fill('福祉会は理事会の後に回答する予定。衛生研修の準備を先に進めるため。');
		await clickNav(lead, lead.page.locator(`main form[action="/projects/${projectId}/move"] button[type="submit"]`), { what: 'move with force' });
		assert((await mainText(lead)).includes('理事会の後に回答'), 'the stage history shows the reason');

		// 計画: every remaining side agrees; the third partner leaves; 実施 without force
		await tickAll(lead, projectId);
		await tickAll(group, projectId);
		await tickAll(pantry, projectId);
		await go(lead, `/projects/${projectId}`);
		const removeForm = lead.page.locator('main form[action$="/remove"]', { has: lead.page.locator('button[aria-label*="福祉会"], button:has(span:text("福祉会"))') });
		const forms = lead.page.locator(`main form[action^="/projects/${projectId}/partners/"][action$="/remove"]`);
		let removed = false;
		for (let i = 0; i < await forms.count(); i++) {
			const t = await forms.nth(i).innerText();
			if (t.includes('福祉会')) {
				await clickNav(lead, forms.nth(i).locator('button'), { what: 'remove the partner' });
				removed = true;
				break;
			}
		}
		void removeForm;
		assert(removed, 'no remove button for the third partner');
		// 実施 needs the form's agreement (協定書): a partner attaches it from the project
		// page, saying which of the form's documents it is
		await attachDocument(group, projectId, '協定書（令和7年度）.pdf', '協定書');
		await go(lead, `/projects/${projectId}/move?to=run`);
		assert((await mainText(lead)).includes('すべての主体が合意済み'), 'every side agreed, the confirmation says so');
		await clickNav(lead, lead.page.locator(`main form[action="/projects/${projectId}/move"] button[type="submit"]`), { what: 'move to 実施' });
		assert((await lead.page.locator('main dl.facts dd').first().innerText()).includes('実施'), 'the project is running');

		// published in the demo (while under consideration); withdrawn, it leaves the public
		// pages at once; published again, it is back
		await go(anon, `/public/projects/${projectId}`);
		await go(lead, `/projects/${projectId}`);
		await clickNav(lead, lead.page.locator(`main form[action="/projects/${projectId}/publish"] button`), { what: 'withdraw' });
		await go(anon, '/public/projects');
		assert(!(await mainText(anon)).includes(PROJECT_TITLE), 'a withdrawn project on the public list');
		await go(anon, `/public/projects/${projectId}`, { status: 404 });
		await clickNav(lead, lead.page.locator(`main form[action="/projects/${projectId}/publish"] button`), { what: 'publish' });
		await go(anon, `/public/projects/${projectId}`);
		assert((await mainText(anon)).includes('みどり野子ども食堂ネット'), 'the public page lists the partners');

		// the partner attached the agreement (協定書) before 実施 (above): the lead's page
		// marks the form's required document attached, and the published project's public
		// page lists the file (a soft change: within the cache's stale bound)
		await go(lead, `/projects/${projectId}`);
		const required = await lead.page.locator('main ul.required-docs').innerText();
		assert(/協定書[^\n]*添付済み/.test(required), `the required agreement is not marked attached: ${required}`);
		let listed = false;
		for (let i = 0; i < 10 && !listed; i++) {
			await go(anon, `/public/projects/${projectId}`);
			listed = (await mainText(anon)).includes('協定書（令和7年度）.pdf');
			if (!listed)
				await new Promise((res) => setTimeout(res, 1000));
		}
		assert(listed, 'the public page of the published project does not list its document');
		await shootAs(lead, 'project-documents');
		await shootAs(anon, 'project-public');

		// at 390 px: the partner's pages and the public list
		await login(phone, 'group');
		for (const [url, name] of [[`/projects/${projectId}`, 'project'], [`/projects/${projectId}/side`, 'project-side'], ['/public/projects', 'projects-public']]) {
			await go(phone, url);
			await checkPhoneLayout(phone);
			await shootAs(phone, name, 'phone');
		}
	} finally {
		for (const p of [center, lead, group, pantry, phone, anon])
			await closePerson(p);
	}
	log('    project: 検討 → 計画 (forced, with a reason) → 実施 (all agreed), two partners ticking; published; 390 px');
}

// p. One project from 検討 to 完了 (issue 10's browser test): the lead department creates it
// with two partners from the registry that have accounts (the demo group, and a second one
// whose account the center gives); in 検討, 計画 and 実施 the lead and both partners tick
// their checklist points from their own start pages (no forced move); a partner attaches
// the form's agreement (協定書), saying which document it is, before 実施; a progress
// report, the joint final report (every side's part, the lead completes it), the three
// self-evaluations from the start pages, the joint review, a committee member assigned
// who scores from its start page, the division publishes, and the lead moves to 完了 with
// nothing missing; the public page shows 完了 and the evaluation. Every page is audited
// (scenario d), the partner's and the public pages are looked at 390 px, screenshots
// walk-*.png.
const WALK_TITLE = '川辺の生きもの調査協働事業';
async function scenarioWalk() {
	mkdirSync(OUT, { recursive: true });
	const shot = async (p, name) =>
		p.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: path.join(OUT, `walk-${name}.png`), fullPage: true });
	const center = await person('center');
	const lead = await person('kyodo');
	const group = await person('group');
	const river = await person('kawabe');
	const admin = await person('admin');
	const member = await person('committee');
	const phone = await person('kawabe-phone', PHONE);
	const leadPhone = await person('kyodo-phone', PHONE);
	const anon = await person('public', PHONE);
	let projectId = null;
	// From the start page's checklist panel to the side page: every point agreed.
	const tickFromHome = async (p, stage) => {
		await go(p, '/');
		const link = p.page.locator(`main section[data-kind="project_checks"] a[href="/projects/${projectId}/side"]`);
		assert((await link.count()) === 1, `${p.who}'s start page does not list the project's ${stage} checklist`);
		await clickNav(p, link, { what: `${stage} checklist from the start page` });
		const boxes = p.page.locator('main form input[type="checkbox"][name^="agree-"]');
		const n = await boxes.count();
		assert(n === 6, `${p.who}: ${n} checklist points in ${stage}, expected 6`);
		for (let i = 0; i < n; i++)
			await boxes.nth(i).check();
		await clickNav(p, p.page.locator(`main form[action="/projects/${projectId}/checks"] button[type="submit"]`), { what: 'save our answers' });
		assert(pathOf(p) === `/projects/${projectId}#checklist` || new URL(p.page.url()).pathname === `/projects/${projectId}`,
			`after saving the answers: ${pathOf(p)}`);
	};
	// The lead moves on from the project page's link: nothing open, nothing missing, no force.
	const moveTo = async (to, label) => {
		await go(lead, `/projects/${projectId}`);
		await clickNav(lead, lead.page.locator(`main a[href="/projects/${projectId}/move?to=${to}"]`), { what: `move to ${label}` });
		const text = await mainText(lead);
		assert(!text.includes('そろっていないもの') && !text.includes('未合意'), `the move to ${label} lists something missing: ${text.slice(0, 400)}`);
		assert((await lead.page.locator('main input[name="force"]').count()) === 0, `the move to ${label} offers to force`);
		await clickNav(lead, lead.page.locator(`main form[action="/projects/${projectId}/move"] button[type="submit"]`), { what: `move to ${label}` });
		assert((await lead.page.locator('main dl.facts dd').first().innerText()).includes(label), `the project is not in ${label}`);
	};
	const selfEval = async (p, score) => {
		await go(p, '/');
		const due = p.page.locator(`main section[data-kind="project_self_eval"] a[href="/projects/${projectId}/evaluation"]`);
		assert((await due.count()) === 1, `${p.who}'s start page does not list the self-evaluation to hand in`);
		await clickNav(p, due, { what: 'self-evaluation due' });
		for (const sel of await p.page.locator('main form[action$="/evaluation/self"] select[name^="score_"]').all())
			await sel.selectOption(String(score));
		await p.page.locator('main form[action$="/evaluation/self"] textarea[name^="comment_"]').first().fill(`${p.who}から見た成果`);
		await clickNav(p, p.page.locator('main form[action$="/evaluation/self"] button[name="submit"][value="1"]'),
			{ what: 'hand in the self-evaluation' });
	};
	const finalPart = async (p, results) => {
		await go(p, `/projects/${projectId}/reports`);
		const f = p.page.locator(`main form[action="/projects/${projectId}/reports/final"]`);
		await f.locator('textarea[name="results"]').fill(results);
		await f.locator('textarea[name="numbers"]').fill('調査回数 6回、参加者 延べ120人');
		await f.locator('textarea[name="worked"]').fill('役割を早めに決めた');
		await clickNav(p, f.locator('button[type="submit"]'), { what: 'save our part of the final report' });
	};
	try {
		// the second partner's account, given by the center (川辺の自然を守る会, org 3)
		await login(center, 'center');
		await go(center, '/center/orgs/3');
		assert((await center.page.locator('h1').innerText()).includes('川辺の自然を守る会'), 'org 3 is the river group');
		await center.page.locator('main input[name="login"]').fill('kawabe');
		await center.page.locator('main input[name="password"]').fill(PASSWORD);
		await center.page.locator('main input[name="password2"]').fill(PASSWORD);
		await clickNav(center, center.page.locator('main form[action="/center/orgs/3/accounts"] button[type="submit"]'), { what: 'add the account' });

		// the lead department creates the project (事業協力, published) and adds two partners
		await login(lead, 'kyodo');
		await go(lead, '/projects');
		await clickNav(lead, lead.page.locator('main a[href="/projects/new"]').first(), { what: 'new project' });
		await lead.page.locator('main input[name="title"]').fill(WALK_TITLE);
		await lead.page.locator('main textarea[name="purpose"]').fill('川の生きものを市民と一緒に調べ、結果を地域の学びに活かす。');
		await lead.page.locator('main textarea[name="goals"]').fill('年6回の調査、延べ100人の参加');
		await lead.page.locator('main input[name="fy_start"]').fill('R7');
		await lead.page.locator('main input[name="fy_end"]').fill('R8');
		await lead.page.locator('main input[name="form"][value="cooperation"]').check();
		await lead.page.locator('main input[name="zone"][value="equal"]').check();
		await lead.page.locator('main input[name="published"]').check();
		await clickNav(lead, lead.page.locator('main form[action="/projects"] button[type="submit"]'), { what: 'save the new project' });
		projectId = new URL(lead.page.url()).pathname.split('/')[2];
		assert(/^\d+$/.test(projectId), `the new project's page is ${pathOf(lead)}`);
		for (const [name, role] of [['みどり野子ども食堂ネット', '子ども向けの観察会の運営'], ['川辺の自然を守る会', '調査の指導と記録']]) {
			const f = lead.page.locator(`main form[action="/projects/${projectId}/partners"]`);
			await f.locator('input[name="org"]').fill(name);
			await f.locator('input[name="role"]').fill(role);
			await f.locator('input[name="people"]').check();
			await clickNav(lead, f.locator('button[type="submit"]'), { what: `add the partner ${name}` });
			assert((await mainText(lead)).includes(name), `the partner ${name} is not listed`);
		}
		await shot(lead, 'created');

		// 検討: every side ticks from its start page; the lead moves on without force
		await login(group, 'group');
		await login(river, 'kawabe');
		for (const p of [lead, group, river])
			await tickFromHome(p, '検討');
		await moveTo('plan', '計画');

		// 計画: the same; 実施 needs the agreement — the move screen says so until a partner
		// attaches it as the 協定書
		for (const p of [lead, group, river])
			await tickFromHome(p, '計画');
		await go(lead, `/projects/${projectId}/move?to=run`);
		const missing = await mainText(lead);
		assert(missing.includes('そろっていないもの') && missing.includes('協定書'), `the move to 実施 does not name the missing agreement: ${missing.slice(0, 400)}`);
		await shot(lead, 'move-missing');
		await attachDocument(river, projectId, '生きもの調査の協定書（署名済）.pdf', '協定書');
		await shot(river, 'attached');
		await moveTo('run', '実施');

		// 実施: the checklist, a progress report, every side's part of the final report
		for (const p of [lead, group, river])
			await tickFromHome(p, '実施');
		await go(river, `/projects/${projectId}/reports`);
		await river.page.locator(`main form[action="/projects/${projectId}/reports"] textarea[name="body"]`).fill('6月と7月に調査を行い、魚類12種を確認した。');
		await clickNav(river, river.page.locator(`main form[action="/projects/${projectId}/reports"] button[type="submit"]`), { what: 'send the progress report' });
		assert((await mainText(river)).includes('魚類12種'), 'the progress report is not listed');
		await finalPart(lead, '会場と広報を市が担い、予定どおり実施できた。');
		await finalPart(group, '子ども向けの観察会を毎回開いた。');
		await finalPart(river, '調査の記録を一冊にまとめた。');
		await moveTo('evaluate', '評価');
		await go(lead, `/projects/${projectId}/reports`);
		await lead.page.locator(`main form[action="/projects/${projectId}/reports/final/complete"] textarea[name="summary"]`).fill('三者の役割が明確で、計画どおりの成果が出た。');
		await clickNav(lead, lead.page.locator(`main form[action="/projects/${projectId}/reports/final/complete"] button[type="submit"]`), { what: 'complete the final report' });
		await shot(lead, 'final-report');

		// 評価: the three self-evaluations from the start pages, the joint review
		await selfEval(lead, 4);
		await selfEval(group, 5);
		await selfEval(river, 3);
		await go(lead, `/projects/${projectId}/evaluation`);
		await lead.page.locator('main form[action$="/evaluation/joint"] select[name^="jscore_"]').first().selectOption('4');
		await lead.page.locator('main form[action$="/evaluation/joint"] textarea[name^="agreed_"]').first().fill('調査の結果を学校にも届ける');
		await clickNav(lead, lead.page.locator('main form[action$="/evaluation/joint"] button[type="submit"]'), { what: 'save the joint review' });
		await clickNav(lead, lead.page.locator('main form[action$="/evaluation/joint/close"] button'), { what: 'close the joint review' });
		// the division assigns a committee member, who scores from its start page
		await login(admin, 'admin');
		await go(admin, `/projects/${projectId}/evaluation`);
		await admin.page.locator('main form[action$="/evaluation/members"] input[name="login"]').fill('committee');
		await clickNav(admin, admin.page.locator('main form[action$="/evaluation/members"] button[type="submit"]'), { what: 'assign the member' });
		await login(member, 'committee');
		await go(member, '/');
		const due = member.page.locator(`main section[data-kind="project_committee"] a[href="/projects/${projectId}/evaluation"]`);
		assert((await due.count()) === 1, 'the committee member\'s start page does not list the project');
		await clickNav(member, due, { what: 'the project to evaluate' });
		for (const sel of await member.page.locator('main form[action$="/evaluation/committee"] select[name^="score_"]').all())
			await sel.selectOption('4');
		await member.page.locator('main form[action$="/evaluation/committee"] textarea[name="overall"]').fill('市民と市が対等に役割を分けた良い例');
		await clickNav(member, member.page.locator('main form[action$="/evaluation/committee"] button[name="submit"][value="1"]'),
			{ what: 'hand in the committee scores' });
		// 完了 needs the published evaluation: the move screen says so first
		await go(lead, `/projects/${projectId}/move?to=done`);
		assert((await mainText(lead)).includes('評価が公表されていません'), 'the move to 完了 does not say the evaluation is unpublished');
		await go(admin, `/projects/${projectId}/evaluation`);
		await admin.page.locator('main form[action$="/evaluation/publish"] textarea[name="result"]').fill('目的を達成した。調査を続け、結果を学校と共有する。');
		await clickNav(admin, admin.page.locator('main form[action$="/evaluation/publish"] button[type="submit"]'), { what: 'publish the evaluation' });
		await moveTo('done', '完了');
		await shot(lead, 'done');
		// the staff list finds it by stage and words (at 390 px too)
		await go(lead, '/projects');
		await lead.page.locator('main form.filter-form select[name="stage"]').selectOption('done');
		await lead.page.locator('main form.filter-form input[name="q"]').fill('生きもの');
		await clickNav(lead, lead.page.locator('main form.filter-form button[type="submit"]'), { what: 'filter the list' });
		const rows = await lead.page.locator('main table tbody tr').allInnerTexts();
		assert(rows.length === 1 && rows[0].includes(WALK_TITLE), `the filtered list shows ${JSON.stringify(rows)}`);
		await login(leadPhone, 'kyodo');
		await go(leadPhone, pathOf(lead));
		await checkPhoneLayout(leadPhone);
		await shot(leadPhone, 'list-phone');

		// the public page: 完了 and the evaluation, at 390 px (a soft change: within the
		// cache's stale bound)
		let text = '';
		for (let i = 0; i < 10; i++) {
			await go(anon, `/public/projects/${projectId}`);
			text = await mainText(anon);
			if (/段階\s*完了/.test(text) && text.includes('調査を続け'))
				break;
			await new Promise((res) => setTimeout(res, 1000));
		}
		assert(/段階\s*完了/.test(text), `the public page does not show 完了: ${text.slice(0, 300)}`);
		assert(text.includes('目的を達成した。調査を続け、結果を学校と共有する。'), 'the public page does not show the published evaluation');
		assert(text.includes('川辺の自然を守る会') && text.includes('みどり野子ども食堂ネット'), 'the public page does not list both partners');
		await checkPhoneLayout(anon);
		await shot(anon, 'public-phone');
		await login(phone, 'kawabe');
		for (const [url, name] of [['/', 'home'], [`/projects/${projectId}`, 'project'], [`/projects/${projectId}/evaluation`, 'evaluation']]) {
			await go(phone, url);
			await checkPhoneLayout(phone);
			await shot(phone, `${name}-phone`);
		}
	} finally {
		for (const p of [center, lead, group, river, admin, member, phone, leadPhone, anon])
			await closePerson(p);
	}
	log(`    walk: /projects/${projectId}: 検討 → 計画 → 実施 → 評価 → 完了, no forced move, two partners; public page shows 完了 and the evaluation`);
}

// n. The adoption programme (アダプト・プログラム): the department (協働推進課, kyodo) adds a
// place (an empty form first: its problems at once), the group applies for it in 和暦, the
// department sees the application on its start page and approves it, the group sends its
// yearly report, and the public list shows the place adopted by the group's name only —
// never the application's text or the city's note. Every page is audited (axe) and looked
// at 390 px; screenshots adopt-*-desktop.png and adopt-*-phone.png.
async function scenarioAdopt() {
	mkdirSync(OUT, { recursive: true });
	const now = new Date(Date.now() + 9 * 3600 * 1000);	// Japan
	const fy = now.getUTCMonth() + 1 >= 4 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
	const reiwa = (y) => y - 2018;
	const place = 'みどり野ふれあい小径';
	const secretNote = '散水栓の鍵は守衛室で借りる';
	const secretActs = '毎月第3土曜日に清掃と花の植え替え';
	const staff = await person('kyodo'), group = await person('group'), anon = await person('public', PHONE);
	const shots = [];
	const shoot = async (p, name) => {
		for (const [suffix, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
			await p.page.setViewportSize(viewport);
			if (suffix === 'phone')
				await checkPhoneLayout(p);
			await p.page.screenshot({ timeout: SHOT_TIMEOUT_MS, path: path.join(OUT, `${name}-${suffix}.png`), fullPage: true });
			shots.push(`${name}-${suffix}.png`);
		}
		await p.page.setViewportSize(DESKTOP);
	};
	try {
		// the department adds a place
		await login(staff, 'kyodo');
		await go(staff, '/adopt/manage');
		await clickNav(staff, staff.page.locator('main a[href="/adopt/places/new"]'), { what: 'add a place' });
		await clickNav(staff, staff.page.locator('main form[action="/adopt/places/new"] button[type="submit"]'), { status: 422, what: 'empty place form' });
		const summary = await staff.page.locator('main .error-summary li').count();
		assert(summary >= 3, `the empty place form lists ${summary} problems, expected the kind, the name and the location`);
		await shoot(staff, 'adopt-place-form');
		await staff.page.selectOption('main select[name="kind"]', { label: '公園' });
		await staff.page.fill('main input[name="name"]', place);
		await staff.page.fill('main textarea[name="location"]', 'みどり野市中央三丁目 市民会館の西側');
		await staff.page.fill('main textarea[name="note"]', secretNote);
		await clickNav(staff, staff.page.locator('main form[action="/adopt/places/new"] button[type="submit"]'), { what: 'add the place' });
		const placePath = new URL(staff.page.url()).pathname;
		assert(/^\/adopt\/places\/\d+$/.test(placePath), `after adding the place: ${pathOf(staff)}`);
		assert((await mainText(staff)).includes(secretNote), 'the department does not see its note on the place page');

		// the group finds it and applies (dates in 和暦)
		await login(group, 'group');
		await go(group, '/adopt');
		await clickNav(group, group.page.locator(`main a[href="${placePath}"]`), { what: 'the place in the list' });
		await clickNav(group, group.page.locator(`main a[href="${placePath}/apply"]`), { what: 'apply link' });
		await group.page.fill('main textarea[name="activities"]', secretActs);
		await group.page.fill('main input[name="starts_on"]', `令和${reiwa(fy)}年4月1日`);
		await group.page.fill('main input[name="ends_on"]', `令和${reiwa(fy + 1)}年3月31日`);
		await shoot(group, 'adopt-apply');
		await clickNav(group, group.page.locator(`main form[action="${placePath}/apply"] button[type="submit"]`), { what: 'send the application' });
		await expectNotice(group, 'application sent');
		const agreementPath = new URL(group.page.url()).pathname;
		assert(/^\/adopt\/agreements\/\d+$/.test(agreementPath), `after applying: ${pathOf(group)}`);
		assert((await mainText(group)).includes('申請中'), 'the group\'s agreement page does not say 申請中');

		// not public while applied
		await go(anon, placePath);
		assert(!(await mainText(anon)).includes('みどり野子ども食堂ネット'), 'an application shows in public');

		// the department: its start page, then the decision
		await go(staff, '/');
		const panel = staff.page.locator('main section[data-kind="adopt_applied"]');
		assert((await panel.count()) === 1, 'no adoption application panel on the department\'s start page');
		await clickNav(staff, panel.locator(`a[href="${agreementPath}"]`), { what: 'the application on the start page' });
		const wished = await staff.page.inputValue('main input[name="starts_on"]');
		assert(wished === `${fy}-04-01`, `the decision form's first day is "${wished}", expected the group's wish`);
		assert((await mainText(staff)).includes(`令和${reiwa(fy)}年（${fy}年）4月1日`), 'the wished term is not in 和暦 with 西暦');
		await shoot(staff, 'adopt-decide');
		await clickNav(staff, staff.page.locator('main button[name="decision"][value="approve"]'), { what: 'approve' });
		await expectNotice(staff, 'approved');
		assert((await mainText(staff)).includes('活動中'), 'the approved agreement is not in force');

		// the group reports on the year
		await go(group, agreementPath);
		await group.page.fill('main textarea[name="activities"]', '清掃を8回、春と秋に花の植え替え。');
		await group.page.fill('main input[name="times"]', '１０');	// 全角 digits are accepted
		await group.page.fill('main input[name="people"]', '84');
		await clickNav(group, group.page.locator(`main form[action="${agreementPath}/report"] button[type="submit"]`), { what: 'send the report' });
		await expectNotice(group, 'report sent');
		await shoot(group, 'adopt-agreement');
		await go(group, '/my/adopt');
		await shoot(group, 'adopt-mine');

		// the public: the place adopted by the group's name, nothing else of the agreement
		await go(anon, '/adopt');
		const card = anon.page.locator(`main li[data-place="${placePath.split('/').pop()}"]`);
		const cardText = await card.innerText();
		assert(cardText.includes('みどり野子ども食堂ネット') && cardText.includes('里親あり'), `the public card says: ${cardText}`);
		const listText = await mainText(anon);
		for (const secret of [secretNote, secretActs, '清掃を8回'])
			assert(!listText.includes(secret), `the public list shows "${secret}"`);
		await shoot(anon, 'adopt-list');
		await go(anon, placePath);
		const pub = await mainText(anon);
		for (const secret of [secretNote, secretActs, '清掃を8回'])
			assert(!pub.includes(secret), `the public place page shows "${secret}"`);
		await go(anon, agreementPath, { status: 200 });	// the log-in page, after the redirect
		assert(new URL(anon.page.url()).pathname === '/login', `the public reached ${pathOf(anon)}`);
		await go(staff, '/adopt/manage');
		await shoot(staff, 'adopt-manage');

		// 中途終了: the department ends the agreement early (an empty form first: 422), on
		// today's date (Japan), so it stays in force today and the place is free tomorrow
		const today = now.toISOString().slice(0, 10);
		if (today !== `${fy + 1}-03-31`) {
			await go(staff, agreementPath);
			const endForm = `main form[action="${agreementPath}/end"]`;
			await clickNav(staff, staff.page.locator(`${endForm} button[type="submit"]`), { status: 422, what: 'empty end form' });
			assert((await staff.page.locator('main .error-summary li').count()) >= 2, 'the empty end form does not list the day and the reason');
			await staff.page.fill(`${endForm} input[name="ended_on"]`, today);
			await staff.page.fill(`${endForm} textarea[name="end_reason"]`, '団体の申し出により、今年度で活動を終えるため');
			await shoot(staff, 'adopt-end');
			await clickNav(staff, staff.page.locator(`${endForm} button[type="submit"]`), { what: 'end the agreement' });
			await expectNotice(staff, 'ended early');
			assert((await mainText(staff)).includes('中途終了の理由'), 'the ended agreement does not show why it ended');
			assert((await staff.page.locator(endForm).count()) === 0, 'the end form is still offered');
		}

		// the group takes back its waiting application for 南台児童公園 (the demo's)
		await go(group, '/my/adopt');
		const waiting = group.page.locator('main a', { hasText: '南台児童公園' }).first();
		await clickNav(group, waiting, { what: 'the waiting application' });
		const wdPath = new URL(group.page.url()).pathname;
		await shoot(group, 'adopt-take-back');
		await clickNav(group, group.page.locator(`main form[action="${wdPath}/withdraw"] button`), { what: 'take back' });
		await expectNotice(group, 'taken back');
		assert((await mainText(group)).includes('団体が取り下げ'), 'the application does not say it was taken back');

		// 取消し: the department records an agreement for next fiscal year on its place and
		// cancels it before it starts (an empty reason first: 422)
		await go(staff, `${placePath}/agree`);
		const agreeForm = `main form[action="${placePath}/agree"]`;
		await staff.page.selectOption(`${agreeForm} select[name="org"]`, { index: 1 });
		await staff.page.fill(`${agreeForm} textarea[name="activities"]`, '月1回の花壇の手入れ');
		await staff.page.fill(`${agreeForm} input[name="starts_on"]`, `${fy + 1}-04-01`);
		await staff.page.fill(`${agreeForm} input[name="ends_on"]`, `${fy + 2}-03-31`);
		await clickNav(staff, staff.page.locator(`${agreeForm} button[type="submit"]`), { what: 'record an agreement for next year' });
		const nextPath = new URL(staff.page.url()).pathname;
		assert(/^\/adopt\/agreements\/\d+$/.test(nextPath), `after recording: ${pathOf(staff)}`);
		const cancelForm = `main form[action="${nextPath}/cancel"]`;
		await clickNav(staff, staff.page.locator(`${cancelForm} button[type="submit"]`), { status: 422, what: 'empty cancel form' });
		await staff.page.fill(`${cancelForm} textarea[name="end_reason"]`, '花壇の改修工事が決まったため');
		await shoot(staff, 'adopt-cancel');
		await clickNav(staff, staff.page.locator(`${cancelForm} button[type="submit"]`), { what: 'cancel the agreement' });
		await expectNotice(staff, 'cancelled');
		const cancelled = await mainText(staff);
		assert(cancelled.includes('開始前に取消し') && cancelled.includes('花壇の改修工事が決まったため'), 'the cancelled agreement does not say so');
		assert((await staff.page.locator(cancelForm).count()) === 0, 'the cancel form is still offered');
	} finally {
		await closePerson(staff);
		await closePerson(group);
		await closePerson(anon);
	}
	const serious = [];
	for (const { url, who, violations } of audited.values())
		if (new URL(url).pathname.startsWith('/adopt') || new URL(url).pathname === '/my/adopt')
			for (const v of violations)
				if (v.impact === 'serious' || v.impact === 'critical')
					serious.push(`${v.id} on ${url} (${who}): ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target).join(', ')}`);
	assert(serious.length === 0, `serious or critical accessibility violations:\n  ${serious.join('\n  ')}`);
	log(`    adoption: place added, applied, approved, reported; public shows the name only; ${shots.length} screenshots`);
}

/* ------------------------------------------------------------------ runner */

const scenarios = [
	['a. yearly round: admin opens 2025, departments answer, admin publishes, public reads it', scenarioRound],
	['b. public visitor: home → reports → 2023 report, print stylesheet, unpublished year is 404', scenarioPublic],
	['c. security in the browser: redirect to login, 403 for staff on admin pages', scenarioSecurity],
	['f. citizen: finds a group by activity field and area, opens its page, searches in hiragana', scenarioDirectory],
	['g. group: corrects its profile (422 first), reads its history; the public page shows the change', scenarioGroupProfile],
	['h. phone width (390 px): public and logged-in pages never scroll sideways, no column under 4 characters, words not codes', scenarioPhone],
	['i. each person\'s home: what awaits them, its panels, their links, at desktop and 390 px, with screenshots', scenarioHomes],
	['j. notices: unread count in the header, the inbox, a notice\'s link, in-app only; the admin\'s mail log', scenarioNotices],
	['e. screenshots at desktop and phone width: home, report, its print version and 一覧, directory, a group, the empty application, the item form, the round (admin, committee), the publish confirmation, the grade rollup, the notices, the mail screens', scenarioScreenshots],
	['k. center: the yearly confirmation to the due groups, letters and labels, the review\'s two buttons (desktop and 390 px)', scenarioCenterConfirm],
	['m. endorsements: a group applies, the department approves and prints the notice, the public list, a report; 390 px', scenarioEndorse],
	['l. a collaboration project from 検討 to 実施: the lead department and two partners tick their checklists, a forced move with a reason, publishing (desktop and 390 px)', scenarioProject],
	['o. project evaluation: self-evaluations, the joint review side by side, the committee from its start page, publication; public figures and a finished project at 390 px', scenarioEvaluation],
	['p. a project from 検討 to 完了: the lead creates it with two partners, all three tick every checklist from their start pages, the agreement attached as the 協定書, reports, self-evaluations, joint review, a committee member, publication, 完了 on the public page (390 px, screenshots)', scenarioWalk],
	['n. adoption: the department adds a place, a group applies, the department approves, the group reports; the public list shows the name only (axe, 390 px, screenshots)', scenarioAdopt],
	['d. axe-core audit of every page visited: no serious or critical violations', scenarioAxe],
];

async function main() {
	let passed = 0, failed = 0;
	let server = null, tmp = null;
	const serverLog = [];
	const started = Date.now();
	const watchdog = setTimeout(() => {
		console.error(`e2e: watchdog: run exceeded ${WATCHDOG_MS / 1000} s`);
		if (browser)
			browser.close().catch(() => {});
		console.log(`e2e: ${passed} passed, ${failed + 1} failed`);
		process.exit(1);
	}, WATCHDOG_MS);
	const cleanup = async () => {
		if (browser)
			await browser.close().catch(() => {});
		browser = null;
		if (server)
			await stopServer(server.proc);
		server = null;
		if (tmp && !process.env.E2E_KEEP)
			rmSync(tmp, { recursive: true, force: true });
		dropDatabase();
	};
	// Last resort (an uncaught error, a closed stdout): never leave a server behind.
	process.on('exit', () => {
		if (server && server.proc.exitCode === null)
			server.proc.kill('SIGKILL');
		if (tmp && !process.env.E2E_KEEP)
			rmSync(tmp, { recursive: true, force: true });
	});
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => {
			// The exit handler stops the server; playwright-core closes Chromium on exit.
			log(`e2e: interrupted by ${sig}`);
			console.log(`e2e: ${passed} passed, ${failed + 1} failed`);
			process.exit(1);
		});
	try {
		assert(existsSync(BIN), `${BIN} does not exist: run make first (or set KYODO_BIN)`);
		tmp = mkdtempSync(path.join(tmpdir(), 'kyodo-e2e-'));
		const db = newDatabase(tmp);
		DB = db;
		DB_DIR = tmp;
		await runDemo(db);
		server = await startServer(db, serverLog);
		BASE = server.base;
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
				'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		log(`e2e: server ${BASE}, database ${db}, chromium ${browser.version()}`);
		// E2E_ONLY=i,d runs only the scenarios of those letters (while working on a screen).
		const only = (process.env.E2E_ONLY || '').split(',').filter(Boolean);
		for (const [name, fn] of scenarios.filter(([n]) => !only.length || only.includes(n.split('.')[0]))) {
			const t0 = Date.now();
			try {
				await fn();
				passed++;
				log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
			} catch (e) {
				failed++;
				log(`FAIL ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
				log('  ' + (e instanceof AssertionError ? e.message : e.stack || String(e)).replace(/\n/g, '\n  '));
			}
		}
	} catch (e) {
		failed++;
		log(`FAIL set-up: ${e.stack || e}`);
	} finally {
		if (failed && serverLog.length)
			log(`server log (last 20 lines):\n  ${serverLog.slice(-20).join('\n  ')}`);
		await cleanup();
		clearTimeout(watchdog);
	}
	log(`e2e: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`e2e: ${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
