// The taizhang-web packages in target/dist/ (scripts/package-linux.sh builds them and runs this):
// metadata without WebKit/GTK, the program, desktop entry, icons and licences inside, and the
// program needing glibc ≤ 2.28. TAIZHANG_DEB_ARCHES="amd64 arm64" names the packages that must
// be there; without it, every taizhang-web package of this version found (at least one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../e2e/lib/env.mjs';
import { ROOT, GLIBC_MAX, workspaceVersion, compareVersions, isMachine, highestGlibc } from './lib.mjs';

const VERSION = workspaceVersion();
const DIST = join(ROOT, 'target/dist');
const debFor = (arch) => join(DIST, `taizhang-web_${VERSION}_${arch}.deb`);
const ICON_SIZES = [32, 64, 128, 256, 512, 1024];

let arches = (process.env.TAIZHANG_DEB_ARCHES ?? '').split(/\s+/).filter(Boolean);
if (!arches.length) arches = ['amd64', 'arm64'].filter((a) => existsSync(debFor(a)));

test('there is a taizhang-web package to check', () => {
  assert.ok(arches.length > 0, `no ${debFor('<arch>')}: run scripts/package-linux.sh`);
});

const dpkgDeb = (...args) => execFileSync('dpkg-deb', args, { encoding: 'utf8', maxBuffer: 64 << 20 });

function pngSize(path) {
  const b = readFileSync(path);
  assert.equal(b.toString('latin1', 1, 4), 'PNG', `${path} is a PNG`);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

for (const arch of arches) {
  test(`taizhang-web_${VERSION}_${arch}.deb`, () => {
    const deb = debFor(arch);
    assert.ok(existsSync(deb), `${deb} is missing: run scripts/package-linux.sh`);

    // Metadata.
    const field = (name) => dpkgDeb('-f', deb, name).trim();
    assert.equal(field('Package'), 'taizhang-web');
    assert.equal(field('Version'), VERSION);
    assert.equal(field('Architecture'), arch);
    const depends = field('Depends');
    assert.doesNotMatch(depends, /webkit|gtk|javascriptcore|soup/i, `Depends: ${depends}`);
    const libc = depends.match(/\blibc6 \(>= (\d+\.\d+)\)/);
    assert.ok(libc, `Depends names libc6 with its version: ${depends}`);
    assert.ok(compareVersions(libc[1], GLIBC_MAX) <= 0, `Depends asks for libc6 ${libc[1]} > ${GLIBC_MAX}`);
    for (const dep of depends.split(',').map((d) => d.trim())) {
      assert.match(dep, /^(libc6 \(>= [\d.]+\)|libgcc-s1 \| libgcc1)$/, `only what the program needs: ${dep}`);
    }
    assert.match(field('Recommends'), /\bxdg-utils\b/);
    assert.match(dpkgDeb('-I', deb), /Description: 政务公开台账 \(browser mode\)/);

    // Contents: owned by root, the program executable.
    const listing = dpkgDeb('-c', deb).trim().split('\n');
    const entry = (path) => listing.find((l) => l.endsWith(` ./${path}`));
    for (const l of listing) assert.match(l, /^\S+ root\/root /, `owned by root: ${l}`);
    assert.match(entry('usr/bin/taizhang-cli') ?? '', /^-rwxr-xr-x /, 'the program, executable');
    for (const path of [
      'usr/share/applications/cn.taizhang.web.desktop',
      'usr/share/doc/taizhang-web/copyright',
      ...ICON_SIZES.map((s) => `usr/share/icons/hicolor/${s}x${s}/apps/cn.taizhang.web.png`),
    ]) {
      assert.match(entry(path) ?? '', /^-rw-r--r-- /, `${path} in the package`);
    }

    const { dir, cleanup } = tempDir('taizhang-deb-');
    try {
      dpkgDeb('-x', deb, dir);
      const bin = join(dir, 'usr/bin/taizhang-cli');
      assert.ok(isMachine(bin, arch), `the program is built for ${arch}`);
      const glibc = highestGlibc(bin);
      assert.ok(compareVersions(glibc, GLIBC_MAX) <= 0, `the program needs GLIBC_${glibc}`);
      assert.equal(glibc, libc[1], 'Depends asks for exactly the glibc the program needs');

      const desktopFile = join(dir, 'usr/share/applications/cn.taizhang.web.desktop');
      const validate = spawnSync('desktop-file-validate', [desktopFile], { encoding: 'utf8' });
      assert.equal(validate.error, undefined, 'desktop-file-validate runs (apt-get install desktop-file-utils)');
      assert.equal(validate.status, 0, `desktop-file-validate: ${validate.stdout}${validate.stderr}`);
      const desktop = readFileSync(desktopFile, 'utf8');
      for (const line of ['Name=政务公开台账', 'Name[zh_CN]=政务公开台账', 'Exec=taizhang-cli launch',
        'Icon=cn.taizhang.web', 'Terminal=false', 'Categories=Office;']) {
        assert.ok(desktop.split('\n').includes(line), `${line} in the desktop entry`);
      }
      assert.match(desktop, /^Comment=\S/m);

      for (const s of ICON_SIZES) {
        assert.deepEqual(pngSize(join(dir, `usr/share/icons/hicolor/${s}x${s}/apps/cn.taizhang.web.png`)), [s, s]);
      }

      const copyright = readFileSync(join(dir, 'usr/share/doc/taizhang-web/copyright'), 'utf8');
      assert.match(copyright, /^Format: https:\/\/www\.debian\.org\/doc\/packaging-manuals\/copyright-format\/1\.0\//);
      assert.ok(copyright.includes('Copyright (c) 2019 NateScarlet'), 'the holiday data licence');
      assert.ok(copyright.includes('the taizhang authors'), 'the project licence');
      assert.equal(copyright.match(/Permission is hereby granted/g)?.length, 2, 'both MIT texts');
      assert.ok(!readdirSync(join(dir, 'usr')).some((d) => !['bin', 'share'].includes(d)), 'only /usr/bin and /usr/share');
      assert.ok(statSync(bin).size > 1 << 20, 'a real program, not a stub');
    } finally {
      cleanup();
    }
  });
}
