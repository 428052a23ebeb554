// The portable x86_64 program, when it has been built (scripts/build-linux-portable.sh amd64,
// which scripts/package-linux.sh runs): its ELF facts and a native run. Skipped, saying so,
// when the program is not there; the arm64 suite never skips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../e2e/lib/env.mjs';
import {
  ROOT, GLIBC_MAX, portableBinary, workspaceVersion, compareVersions,
  isMachine, highestGlibc, neededLibraries,
} from './lib.mjs';

const BIN = portableBinary('amd64');
const skip = existsSync(BIN) ? false : `${BIN} not built (scripts/build-linux-portable.sh amd64)`;
const ALLOWED_LIBS = /^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libutil\.so\.1|libgcc_s\.so\.1|ld-linux-x86-64\.so\.2)$/;

test('the amd64 program is an x86-64 ELF needing glibc ≤ 2.28 and only the C library', { skip }, () => {
  assert.ok(isMachine(BIN, 'amd64'), 'an x86-64 ELF');
  const glibc = highestGlibc(BIN);
  assert.ok(compareVersions(glibc, GLIBC_MAX) <= 0, `needs GLIBC_${glibc}; Kylin V10 / UOS 20 have ${GLIBC_MAX}`);
  for (const lib of neededLibraries(BIN)) assert.match(lib, ALLOWED_LIBS, `needs ${lib}, which the .deb does not depend on`);
});

test('the amd64 program runs: --version, import, the report as JSON', { skip }, () => {
  const { dir, cleanup } = tempDir('taizhang-amd64-');
  try {
    const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', HOME: dir };
    const run = (args) => {
      const r = spawnSync(BIN, args, { env, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    assert.equal(run(['--version']).trim(), `taizhang-cli ${workspaceVersion()}`);
    const db = join(dir, 't.db');
    run(['--db', db, 'import', join(ROOT, 'crates/taizhang-cli/tests/fixtures/changqing-2018.json')]);
    const report = JSON.parse(run(['--db', db, 'report', '--year', '2018', '--format', 'json']));
    assert.equal(report.office, '长庆街道办事处');
    assert.equal(report.service_tallies.find((t) => t.item === '调档查询')?.count, 1200);
  } finally {
    cleanup();
  }
});
