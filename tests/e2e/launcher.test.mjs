// The desktop entry's command, `taizhang-cli launch`, and the browser-mode
// server it starts in the background: one server per data file however often
// (and however fast) it is clicked, a private state file, the idle exit with
// its backup, a long request never cut, and a page whose server has gone
// keeping its form until the program is opened again.
//
// The launcher appends the URL it would open to TAIZHANG_OPEN_URL_LOG instead
// of opening a browser; Chromium then opens that URL as the clerk's browser would.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CLI, requireBinary, tempDir, seed, sleep, waitFor } from './lib/env.mjs';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];
const URL_RE = /^http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]+)$/;

const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A fresh data folder; its servers are stopped and the folder removed after the run. */
function place({ packages = [] } = {}) {
  const tmp = tempDir('taizhang-launch-');
  const db = join(tmp.dir, 'taizhang.db');
  seed(db, packages);
  const urls = join(tmp.dir, 'opened-urls.txt');
  const p = {
    dir: tmp.dir,
    db,
    urls,
    statePath: `${db}-web.json`,
    log: join(tmp.dir, 'logs', 'taizhang-web.log'),
    backups: join(tmp.dir, 'backups'),
    state: () => JSON.parse(readFileSync(`${db}-web.json`, 'utf8')),
    opened: () => (existsSync(urls) ? readFileSync(urls, 'utf8').split('\n').filter(Boolean) : []),
    servers: () => serverPids(db),
  };
  cleanups.push(async () => {
    for (const pid of serverPids(db)) await stopPid(pid);
    tmp.cleanup();
  });
  return p;
}

/** Run `taizhang-cli --db DB launch` to its end. */
function launch(p, env = {}) {
  return new Promise((res) => {
    execFile(requireBinary(CLI), ['--db', p.db, 'launch'], {
      env: { ...process.env, TAIZHANG_OPEN_URL_LOG: p.urls, ...env },
      timeout: 60000,
    }, (err, stdout, stderr) => res({ code: err ? err.code : 0, stdout, stderr }));
  });
}

/** Pids of the `serve` processes of this data file (from /proc: no sampling tool needed). */
function serverPids(db) {
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let args;
    try {
      args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = args.indexOf('--db');
    if (at >= 0 && args[at + 1] === db && args[at + 2] === 'serve' && !isZombie(name)) pids.push(Number(name));
  }
  return pids;
}

function isZombie(pid) {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

const alive = (pid) => existsSync(`/proc/${pid}`) && !isZombie(pid);

async function stopPid(pid) {
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  try {
    await waitFor(() => !alive(pid), `server ${pid} to stop`, 5000);
  } catch {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

async function aliveStatus(state, token = state.token) {
  const res = await fetch(`http://127.0.0.1:${state.port}/alive`, { method: 'POST', headers: { 'X-Taizhang-Token': token } });
  return { status: res.status, body: await res.json() };
}

test('launch twice: one server, a new tab on it, a private state file', async () => {
  const p = place();
  const first = await launch(p);
  assert.equal(first.code, 0, first.stderr);
  const state = p.state();
  assert.equal(statSync(p.statePath).mode & 0o777, 0o600, 'the state file is readable by the user only');
  assert.deepEqual(Object.keys(state).sort(), ['db', 'idle_exit_secs', 'pid', 'port', 'started_at', 'token']);
  assert.equal(state.db, p.db);
  assert.equal(state.idle_exit_secs, 1800, 'a launched server exits after 30 minutes unused');
  const [url] = p.opened();
  const m = url.match(URL_RE);
  assert.ok(m, url);
  assert.equal(Number(m[1]), state.port);
  assert.equal(m[2], state.token);
  assert.deepEqual(p.servers(), [state.pid]);
  const answer = await aliveStatus(state);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.pid, state.pid);
  assert.equal((await aliveStatus(state, 'f'.repeat(48))).status, 401, 'the heartbeat checks the token');
  assert.match(readFileSync(p.log, 'utf8'), /请用浏览器打开：http:\/\/127\.0\.0\.1:\d+\/#token=/, 'the server logs to the data folder');

  const second = await launch(p);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(p.opened(), [url, url], 'the second click opens the same server');
  assert.deepEqual(p.servers(), [state.pid], 'still one server');

  // A server started by hand for the same data file refuses, saying where the running one is.
  const byHand = await new Promise((res) => execFile(CLI, ['--db', p.db, 'serve'], { timeout: 20000 },
    (err, stdout, stderr) => res({ code: err ? err.code : 0, stderr })));
  assert.equal(byHand.code, 3);
  assert.match(byHand.stderr, /已由另一个正在运行的台账程序打开/);
  assert.ok(byHand.stderr.includes(url), byHand.stderr);
  assert.deepEqual(p.servers(), [state.pid]);

  // Stopped normally, it removes its state file.
  await stopPid(state.pid);
  assert.ok(!existsSync(p.statePath), 'the state file is removed on exit');

  // A stale state file (nothing answers with its token) is ignored and replaced;
  // the new server takes the port of the last one, so the page's drafts stay
  // with the same origin.
  writeFileSync(p.statePath, JSON.stringify({ ...state, token: 'ab'.repeat(24), pid: 1 }), { mode: 0o600 });
  const third = await launch(p);
  assert.equal(third.code, 0, third.stderr);
  const next = p.state();
  assert.notEqual(next.token, state.token);
  assert.notEqual(next.pid, state.pid);
  assert.equal(next.port, state.port, 'the port of the last server for this data file');
  assert.equal(p.opened()[2], `http://127.0.0.1:${next.port}/#token=${next.token}`);
  assert.deepEqual(p.servers(), [next.pid]);
});

test('two launches at the same moment give one server', async () => {
  for (let round = 0; round < 2; round += 1) {
    const p = place();
    const [a, b, c] = await Promise.all([launch(p), launch(p), launch(p)]);
    for (const r of [a, b, c]) assert.equal(r.code, 0, r.stderr);
    const opened = p.opened();
    assert.equal(opened.length, 3);
    assert.equal(new Set(opened).size, 1, `one URL: ${opened.join(' ')}`);
    const state = p.state();
    assert.equal(opened[0], `http://127.0.0.1:${state.port}/#token=${state.token}`);
    await sleep(500); // a server that lost the race exits at once; give it the time
    assert.deepEqual(p.servers(), [state.pid], 'one server process');
  }
});

test('an unused server makes a backup, removes its state file and exits', async () => {
  const p = place();
  const r = await launch(p, { TAIZHANG_IDLE_EXIT_SECS: '2' });
  assert.equal(r.code, 0, r.stderr);
  const { pid } = p.state();
  // The copy made at start; the one at exit is another.
  const before = await waitFor(() => {
    const names = existsSync(p.backups) ? readdirSync(p.backups).filter((n) => n.endsWith('.db.zst')) : [];
    return names.length > 0 && names;
  }, 'the backup at start');
  await waitFor(() => !alive(pid), 'the idle server to exit', 20000);
  assert.ok(!existsSync(p.statePath), 'the state file is gone');
  const afterExit = readdirSync(p.backups).filter((n) => n.endsWith('.db.zst'));
  assert.ok(afterExit.some((n) => !before.includes(n)), `a new backup: ${before} → ${afterExit}`);
  assert.match(readFileSync(p.log, 'utf8'), /无人使用，已备份/);
  // Clicked again, it starts afresh.
  const again = await launch(p, { TAIZHANG_IDLE_EXIT_SECS: '2' });
  assert.equal(again.code, 0, again.stderr);
  assert.notEqual(p.state().pid, pid);
});

test('a request longer than the idle timeout is served to its end', async () => {
  const p = place();
  const r = await launch(p, { TAIZHANG_IDLE_EXIT_SECS: '2' });
  assert.equal(r.code, 0, r.stderr);
  const state = p.state();
  // A request whose body arrives slowly, a byte every 400 ms: 6 s in flight,
  // three times the idle timeout.
  const body = `${' '.repeat(14)}{}`;
  let midway = null;
  const response = await new Promise((res, rej) => {
    const socket = net.connect(state.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => { text += d; });
    socket.on('end', () => res(text));
    socket.on('error', rej);
    socket.write(`POST /api/app.status HTTP/1.1\r\nHost: 127.0.0.1:${state.port}\r\nX-Taizhang-Token: ${state.token}\r\n`
      + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`);
    let i = 0;
    const drip = setInterval(() => {
      socket.write(body[i]);
      i += 1;
      // 4 s in, twice the timeout: the server has not begun to close.
      if (i === 10) midway = { state: existsSync(p.statePath), alive: aliveStatus(state).then((a) => a.status, (e) => e.message) };
      if (i === body.length) clearInterval(drip);
    }, 400);
  });
  assert.match(response, /^HTTP\/1\.1 200/, response);
  assert.equal(midway.state, true, 'the state file is there while the request runs');
  assert.equal(await midway.alive, 200, 'the server answers others while the request runs');
  assert.ok(response.includes(JSON.stringify(p.db).slice(1, -1)), 'the answer of app.status');
  assert.ok(alive(state.pid), 'still running right after the request');
  await waitFor(() => !alive(state.pid), 'the idle exit after the request', 20000);
  assert.ok(!existsSync(p.statePath));
});

test('a launcher that cannot start the server shows why in the browser', async () => {
  const p = place();
  writeFileSync(p.db, 'this is not a data file, but a note the clerk saved by mistake\n'.repeat(200));
  const r = await launch(p);
  assert.notEqual(r.code, 0);
  const [page] = p.opened();
  assert.ok(page && page.startsWith('file:///') && page.endsWith('.html'), `an error page was opened as a file URL: ${page}`);
  const html = readFileSync(fileURLToPath(page), 'utf8');
  assert.match(html, /台账程序没有启动成功/);
  assert.ok(html.includes(p.db), 'it names the data file');
  assert.deepEqual(p.servers(), []);
});

test('a page whose program has closed keeps its form, says how to reopen, and gets it back', async () => {
  const p = place({ packages: ['changqing-2018.json'] });
  const r = await launch(p);
  assert.equal(r.code, 0, r.stderr);
  const first = p.state();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  cleanups.push(() => browser.close().catch(() => {}));
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const pageErrors = [];
  const watch = (page) => {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(msg.text());
    });
    return page;
  };
  const page = watch(await context.newPage());
  await page.goto(p.opened()[0]);
  await page.waitForSelector('[data-testid=office-name]');
  await page.evaluate(() => { location.hash = '#/disclosures'; });
  await page.waitForSelector('section[aria-label=主动公开] table.data');
  await page.keyboard.press('Alt+n'); // 新增 in browser mode (ui/js/shortcuts.js)
  await page.waitForSelector('form[aria-label=新增公开信息] [data-field=title]');
  const title = '关于2024年老旧小区改造计划的公示（未保存）';
  await page.fill('[data-field=title]', title);
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('taizhang.draft.')));

  // The program closes (as after 30 minutes unused); the clerk comes back to the tab.
  await stopPid(first.pid);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  const banner = await page.waitForSelector('[data-testid=connection-banner][data-state=gone]', { timeout: 10000 });
  const words = await banner.textContent();
  assert.match(words, /台账程序已经关闭/);
  assert.match(words, /不会丢失/);
  assert.match(words, /双击桌面或开始菜单中的“政务公开台账”/);
  assert.equal(await page.inputValue('[data-field=title]'), title, 'the form stays as typed');

  // Double-clicked again: a new server on the same port, so the same origin and its drafts.
  const again = await launch(p);
  assert.equal(again.code, 0, again.stderr);
  const url = p.opened()[1];
  assert.notEqual(url, p.opened()[0]);
  assert.equal(Number(url.match(URL_RE)[1]), first.port, 'the same port as before');
  // The old tab learns it has been replaced (its token is the old one).
  await page.waitForSelector('[data-testid=connection-banner][data-state=replaced]', { timeout: 15000 });

  const fresh = watch(await context.newPage());
  await fresh.goto(url);
  await fresh.waitForSelector('[data-testid=office-name]');
  assert.equal(await fresh.$('[data-testid=connection-banner]'), null, 'no banner on the new page');
  await fresh.evaluate(() => { location.hash = '#/disclosures'; });
  await fresh.waitForSelector('[data-testid=draft-restored]', { timeout: 10000 });
  assert.equal(await fresh.textContent('[data-testid=draft-restored]'), '已恢复未保存的内容');
  assert.equal(await fresh.inputValue('form[aria-label=新增公开信息] [data-field=title]'), title);

  // Cancelled, the draft is gone: opened again, the register shows no form.
  await fresh.click('form[aria-label=新增公开信息] button:has-text("取消")');
  assert.equal(await fresh.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('taizhang.draft.')).length), 0);
  await fresh.reload();
  await fresh.waitForSelector('section[aria-label=主动公开] table.data');
  await sleep(300);
  assert.equal(await fresh.$('form[aria-label=新增公开信息]'), null);
  assert.deepEqual(pageErrors, [], 'no script errors in the pages');
});
