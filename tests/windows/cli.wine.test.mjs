// The Windows build of taizhang-cli (taizhang-cli.exe), run under wine64 on real files.
//
//   scripts/build-windows-cli.sh              builds target/x86_64-pc-windows-gnu/release/taizhang-cli.exe
//   node --test tests/windows/                runs this file (prepares the test wine prefix itself)
//
// The .exe must exist: a missing one fails the run, it is not skipped.
// The wine prefix (target/wine-test/prefix, made once by tests/windows/prepare-wine-prefix.sh) has
// no Z: drive, so nothing here can reach the Linux file system: D: is target/wine-test/work, where
// every folder the tests use has Chinese characters and spaces (D:\run-…\数据 文件夹\台账 2018.db).
// The files the .exe writes are then checked from Linux: python3's sqlite3 opens the backups.
//
// Every platform branch the CLI reaches on Windows runs here:
//   - crates/taizhang-base/src/durable.rs  rename_write_through, #[cfg(windows)] MoveFileExW(WRITE_THROUGH)
//       (#[cfg(not(windows))] std::fs::rename on Linux): every export (write_atomically, a tempfile
//       NamedTempFile closed before the rename), serve's state file, backup, restore's before-restore copy, serve's
//       automatic backup
//   - crates/taizhang-base/src/durable.rs  sync_folder, #[cfg(not(unix))] nothing to sync
//       (#[cfg(unix)] fsync of the folder on Linux): the same commands
//   - crates/taizhang-base/src/durable.rs  sync_file: a write handle, which FlushFileBuffers needs on
//       Windows (the old read-only handle failed every backup with "Access denied (os error 5)")
//   - crates/taizhang-store/src/store/mod.rs  default_data_dir: the `dirs` crate's data folder (the roaming
//       AppData known folder, %APPDATA%) → %APPDATA%\cn.taizhang.app: the "data file in the default place" test
//   - serve --open and launch: the URL goes to the system browser through the `opener` crate
//       (ShellExecute on Windows); under wine it reaches winebrowser,
//       which the test prefix points at a recorder script: the test sees the exact URL arrive
//   - crates/taizhang-cli/src/instance.rs (browser mode's one-server-per-file lock and state file):
//       #[cfg(unix)] mode 0600 on Linux, plain OpenOptions on Windows: every serve test
//   - crates/taizhang-cli/src/serve.rs  shutdown_signal, #[cfg(not(unix))] Ctrl+C only: the server
//       starts and waits on it; the test stops it with SIGKILL (a console Ctrl+C cannot be sent to a
//       wine process from here)
//   - crates/taizhang-cli/src/launch.rs  detach, #[cfg(windows)] DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP
//       (#[cfg(unix)] its own process group on Linux): the launch test, whose server outlives the
//       launcher and exits by itself when idle
// Windows-only behaviour without a cfg that runs here too: a file SQLite holds open cannot be deleted
// (the restore's temporary folder must be gone from %TEMP% afterwards), a file cannot be renamed over
// a folder (a failed export names the file and leaves no temporary file).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import {
  existsSync, mkdirSync, copyFileSync, readFileSync, writeFileSync, readdirSync, rmSync, statSync,
} from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXE = join(repo, 'target', 'x86_64-pc-windows-gnu', 'release', 'taizhang-cli.exe');
const WINE = '/usr/lib/wine/wine64';
const WINESERVER = '/usr/lib/wine/wineserver';
const FIXTURE = join(repo, 'crates', 'taizhang-cli', 'tests', 'fixtures', 'changqing-2018.json');
const OFFICE = '长庆街道办事处';
const work = join(repo, 'target', 'wine-test', 'work'); // = D:\ in the test prefix
const run = `run-${process.pid}-${Date.now()}`;

let prefix;
let env;

/** The Unix path of a D:\ path and back. */
const unix = (winPath) => join(work, ...winPath.replace(/^D:\\/i, '').split('\\'));
const D = (...parts) => ['D:', run, ...parts].join('\\');

// The folders of this run, as Windows sees them.
const dataDir = D('数据 文件夹');
const db = `${dataDir}\\台账 2018.db`;
const exports = D('导出 文件', '2018 年');
const stick = D('U 盘');
const bin = D('程序');

/** Run the .exe under wine; `cwd` is a D:\ folder. */
function cli(args, { cwd = dataDir, extraEnv = {}, withDb = true } = {}) {
  const r = spawnSync(WINE, [`${bin}\\taizhang-cli.exe`, ...(withDb ? ['--db', db] : []), ...args], {
    cwd: unix(cwd),
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(args, options) {
  const r = cli(args, options);
  assert.equal(r.code, 0, `${args.join(' ')}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

/** Ask SQLite on Linux (python3's sqlite3) what a file the .exe wrote holds. */
function sqlite(file, sql) {
  return execFileSync('python3', ['-c', `
import sqlite3, sys, json
conn = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print(json.dumps([conn.execute('PRAGMA integrity_check').fetchone()[0], conn.execute(sys.argv[2]).fetchall()]))
`, file, sql], { encoding: 'utf8' });
}
/** A file the .exe wrote; a compressed backup (`.db.zst`) is decompressed by the zstd tool first. */
function officeIn(file) {
  let plain = file;
  if (file.endsWith('.zst')) {
    plain = `${file}.checked.db`;
    execFileSync('zstd', ['-d', '-q', '-f', file, '-o', plain]);
  }
  const [check, rows] = JSON.parse(sqlite(plain, 'SELECT name FROM office WHERE id = 1'));
  if (plain !== file) rmSync(plain);
  assert.equal(check, 'ok', `${file} passes integrity_check`);
  return rows[0][0];
}

const list = (winDir) => (existsSync(unix(winDir)) ? readdirSync(unix(winDir)).sort() : []);
const isZip = (winPath) => readFileSync(unix(winPath)).subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'));

/** MISSING_MESSAGE as written in pdf.rs (a Rust string with `\`-newline continuations). */
function missingPdfMessage() {
  const source = readFileSync(join(repo, 'crates/taizhang-documents/src/writers/pdf.rs'), 'utf8');
  const m = source.match(/pub const MISSING_MESSAGE: &str = "((?:[^"\\]|\\.)*)"/s);
  assert.ok(m, 'MISSING_MESSAGE found in pdf.rs');
  return m[1].replace(/\\\n\s*/g, '');
}

/** The prefix's user folder (drive_c/users/<name>), where %APPDATA% and %TEMP% are. */
function userDir() {
  const users = join(prefix, 'drive_c', 'users');
  const name = readdirSync(users).find((n) => n !== 'Public' && existsSync(join(users, n, 'AppData')));
  assert.ok(name, 'the prefix has a user folder');
  return join(users, name);
}

/** %TEMP% as the .exe sees it (C:\users\<name>\Temp under wine 8), as a Unix path. */
function windowsTemp() {
  const r = spawnSync(WINE, ['cmd', '/c', 'echo %TEMP%'], { env, encoding: 'utf8' });
  const m = r.stdout.trim().match(/^C:\\(.+)$/i);
  assert.ok(m, `%TEMP% is on C: (${r.stdout})`);
  return join(prefix, 'drive_c', ...m[1].split('\\'));
}

before(() => {
  assert.ok(existsSync(EXE), `缺少 ${EXE}：请先运行 scripts/build-windows-cli.sh`);
  prefix = execFileSync(join(repo, 'tests', 'windows', 'prepare-wine-prefix.sh'), { encoding: 'utf8' }).trim();
  env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  delete env.TAIZHANG_DB;
  delete env.TAIZHANG_OPEN_URL_LOG; // serve --open must reach the real system browser
  delete env.DISPLAY; // nothing here opens a window
  // One wineserver for the whole run instead of one per command.
  spawnSync(WINESERVER, ['-p'], { env, stdio: 'ignore' }); // it stays: no pipes to wait on
  // The first program started in a prefix also starts wine's own services (services.exe, explorer …),
  // which would inherit and hold a test's stdout: start them here, without pipes.
  const warm = spawnSync(WINE, ['cmd', '/c', 'exit'], { env, stdio: 'ignore', timeout: 120_000 });
  assert.equal(warm.status, 0, 'wine starts');
  for (const dir of [dataDir, exports, stick, bin]) mkdirSync(unix(dir), { recursive: true });
  copyFileSync(EXE, unix(`${bin}\\taizhang-cli.exe`));
  copyFileSync(FIXTURE, unix(D('长庆 2018.json')));
});

after(() => {
  spawnSync(WINESERVER, ['-k'], { env, stdio: 'ignore' }); // only this prefix's wine processes
  rmSync(join(work, run), { recursive: true, force: true });
});

test('the .exe starts under wine and answers --version', () => {
  assert.match(ok(['--version'], { withDb: false }), /taizhang/);
});

test('import: the 2018 package into a data file in a folder with Chinese characters and spaces', () => {
  const out = ok(['import', D('长庆 2018.json')]);
  assert.match(out, /已导入，新增或修改 \d+ 条记录/);
  assert.equal(officeIn(unix(db)), OFFICE);
});

test('report: docx, html and json of the summary, the ledger workbook, the standard figures as json', () => {
  // The summary is prose: no workbook (the CLI says so); the ledger is only a workbook.
  // 2018 predates the standard format (2019): its documents are refused, saying why; its figures export.
  const files = [
    ['standard', 'json'],
    ...['docx', 'html', 'json'].map((f) => ['summary', f]),
    ['ledger', 'xlsx'],
  ];
  const standard = cli(['report', '--year', '2018', '--template', 'standard', '--format', 'docx', '--out', `${exports}\\标准.docx`]);
  assert.equal(standard.code, 1);
  assert.match(standard.stderr, /^错误：政府信息公开工作年度报告的标准格式自2019年度起使用/);
  assert.ok(!existsSync(unix(`${exports}\\标准.docx`)));
  for (const [template, format] of files) {
    const out = `${exports}\\年报 ${template}.${format}`;
    const said = ok(['report', '--year', '2018', '--template', template, '--format', format, '--out', out]);
    assert.ok(said.includes(`已导出：${out}`), said);
    const file = unix(out);
    if (format === 'docx' || format === 'xlsx') {
      assert.ok(isZip(out), `${out} is a zip`);
      assert.ok(statSync(file).size > 4000, `${out} has content`);
    } else if (format === 'html') {
      const html = readFileSync(file, 'utf8');
      assert.match(html, /^<!DOCTYPE html>/i);
      assert.ok(html.includes(OFFICE), 'the HTML names the office');
    } else {
      const figures = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(figures.format, 'taizhang.report/1');
      assert.equal(figures.service_tallies[0].count, 1200);
      assert.equal(figures.service_tallies.reduce((n, t) => n + t.count, 0), 5247);
      assert.deepEqual(figures.metrics[0], { name: '志愿者队伍', unit: '支', value: 6 });
      assert.deepEqual(figures.checks.filter((c) => c.level === 'error'), [], 'no check blocks the documents');
    }
  }
  assert.deepEqual(list(exports).filter((n) => n.startsWith('.')), [], 'no temporary file is left');
  // JSON on stdout without --out (UTF-8 through the pipe), and a document under its own Chinese name.
  const figures = JSON.parse(ok(['report', '--year', '2018']));
  assert.equal(figures.service_tallies.reduce((n, t) => n + t.count, 0), 5247);
  const said = ok(['report', '--year', '2018', '--template', 'summary', '--format', 'docx']);
  const name = `${OFFICE}2018年政务公开工作总结.docx`;
  assert.ok(said.includes(name), said);
  assert.ok(isZip(`${dataDir}\\${name}`));
});

test('report as .pdf fails with the clear LibreOffice-missing message (the Linux soffice is out of reach)', () => {
  // The host may well have /usr/bin/soffice; without a Z: drive the .exe cannot see it.
  assert.ok(!existsSync(join(prefix, 'dosdevices', 'z:')), 'the test prefix has no Z: drive');
  const out = `${exports}\\年报.pdf`;
  const r = cli(['report', '--year', '2018', '--template', 'summary', '--format', 'pdf', '--out', out]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim(), `错误：${missingPdfMessage()}`);
  assert.ok(!existsSync(unix(out)), 'no PDF file');
});

test('export-data: the whole file and one year, into a folder with Chinese characters and spaces', () => {
  const all = `${exports}\\数据包 全部.json`;
  assert.ok(ok(['export-data', '--out', all]).includes(all));
  const pkg = JSON.parse(readFileSync(unix(all), 'utf8'));
  assert.equal(pkg.format, 'taizhang.dataset/1');
  assert.equal(pkg.office.name, OFFICE);
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  assert.deepEqual(pkg.units, fixture.units);
  const year = `${exports}\\数据包 2018.json`;
  ok(['export-data', '--year', '2018', '--with-personal-data', '--out', year]);
  assert.equal(JSON.parse(readFileSync(unix(year), 'utf8')).office.name, OFFICE);
});

test('check: exit 0 on a clean year, 1 with the error listed', () => {
  assert.equal(cli(['check', '--year', '2018']).code, 0);
  const broken = `${dataDir}\\有错误 的数据.db`;
  const narrative = D('错误 文字.json');
  writeFileSync(unix(narrative), JSON.stringify({
    format: 'taizhang.dataset/1',
    narratives: [{ year: 2018, template: 'standard', section: 'other', text: '{{nope}}' }],
  }));
  const withBroken = (args) => cli(['--db', broken, ...args], { withDb: false });
  assert.equal(withBroken(['import', D('长庆 2018.json')]).code, 0);
  assert.equal(withBroken(['import', narrative]).code, 0);
  const r = withBroken(['check', '--year', '2018']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /nope/);
  // Documents refuse a year with errors; the message says so.
  const refused = withBroken(['report', '--year', '2018', '--template', 'summary', '--format', 'docx', '--out', `${exports}\\不应存在.docx`]);
  assert.equal(refused.code, 1);
  assert.ok(refused.stderr.startsWith('错误：2018年度的数据有 1 处错误，需先改正才能导出Word'), refused.stderr);
  assert.ok(!existsSync(unix(`${exports}\\不应存在.docx`)));
  const summaryXlsx = cli(['report', '--year', '2018', '--template', 'summary', '--format', 'xlsx']);
  assert.equal(summaryXlsx.code, 1);
  assert.match(summaryXlsx.stderr, /^错误：“政务公开工作总结”不能导出为Excel/);
});

test('consolidate: two offices summed into a workbook and a JSON file', () => {
  const other = D('潮鸣 2018.json');
  const pkg = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  pkg.office.name = '潮鸣街道办事处';
  writeFileSync(unix(other), JSON.stringify(pkg));
  const json = `${exports}\\区县 汇总.json`;
  ok(['consolidate', D('长庆 2018.json'), other, '--year', '2018', '--out', json], { withDb: false });
  const c = JSON.parse(readFileSync(unix(json), 'utf8'));
  assert.equal(c.offices.length, 2);
  assert.equal(c.total.service_tallies.reduce((n, t) => n + t.count, 0), 2 * 5247);
  const xlsx = `${exports}\\区县 汇总.xlsx`;
  ok(['consolidate', D('长庆 2018.json'), other, '--year', '2018', '--out', xlsx], { withDb: false });
  assert.ok(isZip(xlsx));
  const missing = D('没有 这个包.json');
  const r = cli(['consolidate', missing, '--year', '2018', '--out', xlsx], { withDb: false });
  assert.equal(r.code, 1);
  assert.ok(r.stderr.includes(missing), r.stderr);
});

test('backup: a whole copy on the "USB stick" that SQLite on Linux opens, with the data in it', () => {
  const copy = `${stick}\\备份 1.db`;
  const r = cli(['backup', '--out', copy]);
  assert.equal(r.code, 0, r.stderr); // the old code: 无法写入文件 …备份 1.db：没有权限（Access denied. (os error 5)）
  assert.ok(r.stdout.includes(`已备份到：${copy}`), r.stdout);
  assert.equal(officeIn(unix(copy)), OFFICE);
  const tallies = 'SELECT count(*), sum(count) FROM service_tallies';
  const [, [copied]] = JSON.parse(sqlite(unix(copy), tallies));
  const [, [inData]] = JSON.parse(sqlite(unix(db), tallies));
  assert.deepEqual(copied, inData);
  assert.equal(copied[1], 5247, 'the service-window tallies of 2018 are in the copy');
  assert.deepEqual(list(stick), ['备份 1.db'], 'one self-contained file: no -wal, no .part');
  // An existing file is not overwritten.
  const again = cli(['backup', '--out', copy]);
  assert.equal(again.code, 1);
  assert.ok(again.stderr.includes(copy) && again.stderr.includes('已存在'), again.stderr);
});

test('restore: the copy comes back, the replaced data is kept in backups\\, nothing is left in %TEMP%', () => {
  const temp = windowsTemp();
  assert.ok(existsSync(temp), temp);
  const tempBefore = readdirSync(temp).sort();
  const other = D('别的 单位.json');
  writeFileSync(unix(other), JSON.stringify({ format: 'taizhang.dataset/1', office: { name: '别的街道' } }));
  ok(['import', other]);
  assert.equal(officeIn(unix(db)), '别的街道');
  const out = ok(['restore', `${stick}\\备份 1.db`]);
  assert.ok(out.includes('恢复前的数据已另存为'), out);
  assert.equal(officeIn(unix(db)), OFFICE);
  const kept = list(`${dataDir}\\backups`);
  const safety = kept.filter((n) => /^台账 2018-\d{8}-\d{6}-before-restore\.db\.zst$/.test(n));
  assert.equal(safety.length, 1, kept.join(', '));
  assert.ok(out.includes(`${dataDir}\\backups\\${safety[0]}`), out);
  assert.equal(officeIn(unix(`${dataDir}\\backups\\${safety[0]}`)), '别的街道');
  // The prepared copy's folder is deleted after its connection closed (Windows cannot delete an open file).
  const tempAfter = readdirSync(temp).sort();
  assert.deepEqual(tempAfter, tempBefore, `%TEMP% is left as it was (${temp})`);
  // A file that is not a taizhang file is refused, by name.
  const junk = D('不是 数据.db');
  writeFileSync(unix(junk), 'not a database');
  const r = cli(['restore', junk]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /不是台账数据文件/);
});

test('errors: exit codes and Chinese messages naming the file', () => {
  const missing = D('没有 这个.json');
  for (const command of ['import', 'restore']) {
    const r = cli([command, missing]);
    assert.equal(r.code, 1, command);
    assert.ok(r.stderr.startsWith(`错误：无法读取文件 ${missing}：文件或所在文件夹不存在`), r.stderr);
  }
  // A folder that cannot be made: its would-be parent is a file.
  const blocker = D('挡路 文件');
  writeFileSync(unix(blocker), '');
  for (const args of [
    ['export-data', '--out', `${blocker}\\x.json`],
    ['report', '--year', '2018', '--format', 'json', '--out', `${blocker}\\r.json`],
    ['backup', '--out', `${blocker}\\b.db`],
  ]) {
    const r = cli(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.ok(r.stderr.startsWith(`错误：无法写入文件 ${args.at(-1)}：`), r.stderr);
  }
  // A target that is a folder: the write fails at the rename; no temporary file stays beside it.
  const folder = `${exports}\\已有 文件夹.json`;
  mkdirSync(unix(`${folder}\\里面`), { recursive: true });
  const r = cli(['export-data', '--out', folder]);
  assert.equal(r.code, 1);
  assert.ok(r.stderr.startsWith(`错误：无法写入文件 ${folder}：`), r.stderr);
  assert.deepEqual(list(exports).filter((n) => n.startsWith('.')), []);
  // Command-line mistakes: exit code 2 and a Chinese first line.
  for (const [args, says] of [[['no-such-command'], '没有这个命令'], [['import'], '缺少必需的参数']]) {
    const m = cli(args);
    assert.equal(m.code, 2, args.join(' '));
    assert.ok(m.stderr.startsWith(`错误：${says}`), m.stderr);
  }
});

test('the data file in the default place: %APPDATA%\\cn.taizhang.app\\taizhang.db', () => {
  const folder = join(userDir(), 'AppData', 'Roaming', 'cn.taizhang.app');
  rmSync(folder, { recursive: true, force: true });
  const out = ok(['import', D('长庆 2018.json')], { withDb: false });
  assert.match(out, /已导入/);
  assert.equal(officeIn(join(folder, 'taizhang.db')), OFFICE);
  rmSync(folder, { recursive: true, force: true });
});

/** Start `serve` (data file from TAIZHANG_DB) and wait for its URL line. */
async function startServe(extraArgs = [], extraEnv = {}) {
  const child = spawn(WINE, [`${bin}\\taizhang-cli.exe`, 'serve', '--port', '0', ...extraArgs], {
    cwd: unix(dataDir),
    env: { ...env, TAIZHANG_DB: db, ...extraEnv },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s\n${stdout}\n${stderr}`)), 60_000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      const m = stdout.match(/请用浏览器打开：(http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]+))/);
      if (m) { clearTimeout(timer); resolve({ href: m[1], port: m[2], token: m[3] }); }
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code})\n${stdout}\n${stderr}`)));
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGKILL');
  });
  return { child, url, stop, output: () => ({ stdout, stderr }) };
}

async function waitFor(what, probe, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('serve: the URL with its token, the API answers only that token, the automatic backup appears', async () => {
  const before = list(`${dataDir}\\backups`).filter((n) => n.endsWith('-auto.db.zst'));
  const server = await startServe();
  try {
    assert.ok(server.output().stdout.includes(`数据文件：${db}`), server.output().stdout);
    const status = (token) => fetch(`http://127.0.0.1:${server.url.port}/api/app.status`, {
      method: 'POST', headers: { 'X-Taizhang-Token': token, 'Content-Type': 'application/json' }, body: '{}',
    });
    const good = await status(server.url.token);
    assert.equal(good.status, 200);
    assert.equal((await good.json()).db_path, db);
    const bad = await status('f'.repeat(48));
    assert.equal(bad.status, 401);
    assert.equal((await bad.json()).code, 'bad_token');
    // The automatic backup at launch, beside the data file (the bug this build fixes: it failed with
    // "Access denied", which the status bar shows as backup_problem).
    const made = await waitFor('the automatic backup', async () => {
      const found = list(`${dataDir}\\backups`).find((n) => n.endsWith('-auto.db.zst') && !before.includes(n));
      if (found) return found;
      const problem = (await (await status(server.url.token)).json()).backup_problem;
      assert.equal(problem, null, 'the automatic backup failed');
      return null;
    });
    assert.match(made, /^台账 2018-\d{8}-\d{6}-auto\.db\.zst$/);
    assert.equal(officeIn(unix(`${dataDir}\\backups\\${made}`)), OFFICE);
    assert.ok(!/自动备份失败/.test(server.output().stderr), server.output().stderr);
  } finally {
    await server.stop();
  }
});

test('serve --open hands the URL to the system browser', async () => {
  // winebrowser (what `start URL` reaches under wine) runs the programs listed in the prefix's
  // registry: a recorder script that writes the URL it was given to a file.
  const record = join(work, run, 'opened.txt');
  const recorder = join(work, run, 'browser.sh');
  writeFileSync(recorder, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`, { mode: 0o755 });
  const reg = spawnSync(WINE, ['reg', 'add', 'HKCU\\Software\\Wine\\WineBrowser', '/v', 'Browsers',
    '/d', recorder, '/f'], { env, encoding: 'utf8' });
  assert.equal(reg.status, 0, reg.stderr);
  const server = await startServe(['--open']);
  try {
    const opened = await waitFor('the browser to be started', () =>
      existsSync(record) && readFileSync(record, 'utf8'));
    assert.equal(opened, server.url.href);
    assert.ok(!server.output().stderr.includes('无法自动打开浏览器'), server.output().stderr);
  } finally {
    await server.stop();
  }
});

test('launch: one background server for two clicks, the browser opened on it each time, idle exit with a backup', async () => {
  // The real path to the browser (ShellExecute through `opener`), recorded by winebrowser's program.
  const record = join(work, run, 'launched.txt');
  const recorder = join(work, run, 'browser-append.sh');
  writeFileSync(recorder, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${record}'\n`, { mode: 0o755 });
  const reg = spawnSync(WINE, ['reg', 'add', 'HKCU\\Software\\Wine\\WineBrowser', '/v', 'Browsers',
    '/d', recorder, '/f'], { env, encoding: 'utf8' });
  assert.equal(reg.status, 0, reg.stderr);
  const backupsBefore = new Set(list(`${dataDir}\\backups`));
  const state = unix(`${db}-web.json`);
  // The launched server exits after 8 s without a request (instead of 30 minutes).
  const launchEnv = { TAIZHANG_IDLE_EXIT_SECS: '8' };
  // Each launcher ends at once, well before the server's idle exit. (Judged by the process's exit:
  // under wine a started process keeps the unix descriptors of its parent's standard output, so the
  // pipe would stay open until the server ends; on Windows the launcher makes its standard handles
  // non-inheritable before starting the server.)
  const t0 = Date.now();
  for (let i = 0; i < 2; i++) {
    let stderr = '';
    const code = await new Promise((resolve, reject) => {
      const child = spawn(WINE, [`${bin}\\taizhang-cli.exe`, '--db', db, 'launch'], {
        cwd: unix(dataDir), env: { ...env, ...launchEnv }, stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) {
      // What the clerk would see: the launcher's message, its page and the server's log.
      const logs = unix(`${dataDir}\\logs`);
      const files = existsSync(logs) ? readdirSync(logs) : [];
      const shown = files.map((f) => `--- ${f}\n${readFileSync(join(logs, f), 'utf8')}`).join('\n');
      assert.fail(`launch ${i + 1} exited ${code}\nstderr: ${stderr}\n${shown}`);
    }
  }
  assert.ok(Date.now() - t0 < 8000, `two launches took ${Date.now() - t0} ms`);
  const urls = await waitFor('two URLs opened', () => {
    const lines = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
    return lines.length >= 2 && lines;
  });
  assert.equal(urls.length, 2, urls.join('\n'));
  assert.equal(urls[0], urls[1], 'the second click opens the running server');
  const m = urls[0].match(/^http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]+)$/);
  assert.ok(m, urls[0]);
  const facts = JSON.parse(readFileSync(state, 'utf8'));
  assert.equal(String(facts.port), m[1]);
  assert.equal(facts.token, m[2]);
  const status = await fetch(`http://127.0.0.1:${m[1]}/api/app.status`, {
    method: 'POST', headers: { 'X-Taizhang-Token': m[2], 'Content-Type': 'application/json' }, body: '{}',
  });
  assert.equal(status.status, 200);
  assert.equal((await status.json()).office.name, OFFICE);
  // No page open: the server backs up, removes its state file and ends.
  await waitFor('the idle exit', () => !existsSync(state), 90_000);
  const made = list(`${dataDir}\\backups`).filter((n) => !backupsBefore.has(n) && n.endsWith('-auto.db.zst'));
  assert.ok(made.length >= 1, `a new automatic backup (${list(`${dataDir}\\backups`).join(', ')})`);
  assert.equal(officeIn(unix(`${dataDir}\\backups\\${made.at(-1)}`)), OFFICE);
  const log = readFileSync(unix(`${dataDir}\\logs\\台账 2018-web.log`), 'utf8');
  assert.match(log, /请用浏览器打开/, 'the server wrote to its log in the data folder');
});
