// The portable ARM64 program (Phytium / Kunpeng PCs with Kylin V10 or UOS 20), run for real
// under qemu-aarch64: its ELF facts, then --version, import, the yearly report as JSON and
// .docx into a real SQLite file, and browser mode's token check over HTTP.
//
// Needs: scripts/build-linux-portable.sh arm64 (the program), and the apt packages qemu-user,
// binutils (readelf) and an aarch64 C library: libc6:arm64 (the build installs it) or
// libc6-arm64-cross.
// A missing program, qemu or C library fails the test; it never skips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnUntil, stopChild, tempDir } from '../e2e/lib/env.mjs';
import {
  ROOT, GLIBC_MAX, portableBinary, workspaceVersion, requireFile, compareVersions,
  isMachine, elfHeader, highestGlibc, neededLibraries, interpreter, readZip,
} from './lib.mjs';

const BIN = portableBinary('arm64');
const FIXTURE = join(ROOT, 'crates/taizhang-cli/tests/fixtures/changqing-2018.json');
const ALLOWED_LIBS = /^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libutil\.so\.1|libgcc_s\.so\.1|ld-linux-aarch64\.so\.1)$/;

let tmp;
let cleanup;
let qemuPrefix; // [qemu-aarch64, -L, sysroot?]
let env;

function findQemu() {
  for (const name of ['qemu-aarch64', 'qemu-aarch64-static']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0) return r.stdout.trim();
  }
  throw new Error('qemu-aarch64 is missing: apt-get install qemu-user');
}

/**
 * qemu-aarch64 and the aarch64 C library it loads. The program's interpreter and its libc must
 * come from the same glibc build (a mixed pair hangs in pthread_create): Debian's multiarch
 * libc6:arm64 (which the arm64 build's libstd-rust-web-dev:arm64 brings) at its real paths, or
 * else the cross sysroot of libc6-arm64-cross, with its libraries named explicitly.
 */
function qemuCommand(bin) {
  const qemu = findQemu();
  const interp = interpreter(bin);
  assert.ok(interp, `${bin} has no program interpreter`);
  if (existsSync(interp) && existsSync('/lib/aarch64-linux-gnu/libc.so.6')) return [qemu];
  const sysroot = '/usr/aarch64-linux-gnu';
  if (existsSync(join(sysroot, interp)) && existsSync(join(sysroot, 'lib/libc.so.6'))) {
    return [qemu, '-L', sysroot, '-E', `LD_LIBRARY_PATH=${sysroot}/lib`];
  }
  throw new Error(`the aarch64 C library (${interp}) is missing: apt-get install libc6:arm64 or libc6-arm64-cross`);
}

function run(args, { timeout = 120_000 } = {}) {
  const [cmd, ...pre] = qemuPrefix;
  const r = spawnSync(cmd, [...pre, BIN, ...args], { env, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

function ok(args) {
  const r = run(args);
  assert.equal(r.status, 0, `taizhang-cli ${args.join(' ')} exited ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

before(() => {
  requireFile(BIN, 'build it with scripts/build-linux-portable.sh arm64');
  ({ dir: tmp, cleanup } = tempDir('taizhang-arm64-'));
  // Nothing of the user's own: a home, data and runtime folder of the test's.
  for (const d of ['home', 'data', 'config', 'runtime']) mkdirSync(join(tmp, d), { mode: 0o700 });
  env = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: join(tmp, 'home'),
    XDG_DATA_HOME: join(tmp, 'data'),
    XDG_CONFIG_HOME: join(tmp, 'config'),
    XDG_RUNTIME_DIR: join(tmp, 'runtime'),
  };
  qemuPrefix = qemuCommand(BIN);
});

after(() => cleanup?.());

test('the arm64 program is a 64-bit aarch64 ELF needing glibc ≤ 2.28 and only the C library', () => {
  const h = elfHeader(BIN);
  assert.ok(isMachine(BIN, 'arm64'), `not aarch64: ELF machine ${h.machine}, 64-bit ${h.is64}`);
  const glibc = highestGlibc(BIN);
  assert.ok(compareVersions(glibc, GLIBC_MAX) <= 0, `needs GLIBC_${glibc}; Kylin V10 / UOS 20 have ${GLIBC_MAX}`);
  for (const lib of neededLibraries(BIN)) assert.match(lib, ALLOWED_LIBS, `needs ${lib}, which the .deb does not depend on`);
});

test('under qemu-aarch64: --version names the workspace version', () => {
  assert.equal(ok(['--version']).trim(), `taizhang-cli ${workspaceVersion()}`);
});

test('under qemu-aarch64: import the 2018 package, the report as JSON has its figures, .docx is a document', () => {
  const db = join(tmp, 'import.db');
  const imported = ok(['--db', db, 'import', FIXTURE]);
  assert.match(imported, /已导入/);

  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const report = JSON.parse(ok(['--db', db, 'report', '--year', '2018', '--template', 'standard', '--format', 'json']));
  assert.equal(report.format, 'taizhang.report/1');
  assert.equal(report.year, 2018);
  assert.equal(report.office, '长庆街道办事处');
  // Service-window totals: the fixture's tallies summed per item (e.g. 调档查询 1200 人).
  const expected = new Map();
  for (const t of fixture.service_tallies) {
    if (String(t.period).startsWith('2018')) expected.set(t.item, (expected.get(t.item) ?? 0) + t.count);
  }
  assert.ok(expected.size > 0, 'the fixture has 2018 tallies');
  const got = new Map(report.service_tallies.map((t) => [t.item, t.count]));
  assert.deepEqual(got, expected);
  assert.equal(got.get('调档查询'), 1200);
  // Other figures as the package states them.
  const metrics = new Map(report.metrics.map((m) => [`${m.name}/${m.unit}`, m.value]));
  for (const m of fixture.metrics.filter((m) => m.year === 2018)) {
    assert.equal(metrics.get(`${m.name}/${m.unit}`), m.value, m.name);
  }
  assert.equal(metrics.get('企退家庭情况摸底/户'), 11500);
  assert.deepEqual(report.checks.filter((c) => c.level === 'error'), [], 'no errors in 2018');

  const docx = join(tmp, 'report-2018.docx');
  ok(['--db', db, 'report', '--year', '2018', '--template', 'summary', '--format', 'docx', '--out', docx]);
  const zip = readZip(docx);
  for (const part of ['[Content_Types].xml', 'word/document.xml']) assert.ok(zip.has(part), `${part} in the .docx`);
  const body = zip.get('word/document.xml')().toString('utf8');
  assert.match(body, /<w:document[\s>]/);
  assert.ok(body.includes('长庆街道2018年度政务信息公开年度总结'), 'the summary\'s title names the office');
});

test('under qemu-aarch64: serve --port 0 answers the token and refuses a request without it', async () => {
  const db = join(tmp, 'serve.db');
  const [cmd, ...pre] = qemuPrefix;
  const server = await spawnUntil(cmd, [...pre, BIN, '--db', db, 'serve', '--port', '0'], {
    env: { ...env, TAIZHANG_DB: '' },
    pattern: /请用浏览器打开：(http:\/\/127\.0\.0\.1:(\d+))\/#token=([0-9a-f]{16,})/,
    timeoutMs: 60_000,
  });
  try {
    const [, origin, , token] = server.match;
    const post = (headers) => fetch(`${origin}/api/app.status`, { method: 'POST', headers, body: '{}' });
    const good = await post({ 'X-Taizhang-Token': token, 'Content-Type': 'application/json' });
    assert.equal(good.status, 200, 'the right token works');
    assert.match(good.headers.get('content-type') ?? '', /application\/json/);
    const status = await good.json();
    assert.equal(typeof status, 'object');
    assert.notEqual(status, null);
    const none = await post({ 'Content-Type': 'application/json' });
    assert.equal(none.status, 401, 'no token: refused');
    assert.equal((await none.json()).code, 'bad_token');
    const wrong = await post({ 'X-Taizhang-Token': 'f'.repeat(token.length) });
    assert.equal(wrong.status, 401, 'a wrong token: refused');
    const page = await fetch(`${origin}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>政务公开台账<\/title>/);
  } finally {
    await stopChild(server.child);
  }
  assert.ok(server.child.exitCode !== null || server.child.signalCode !== null, 'the server stopped');
});
