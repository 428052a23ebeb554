// Helpers for the portable-program tests: where the programs are, ELF facts (machine, the
// highest GLIBC symbol version, shared libraries) and a small reader for .zip files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Kylin V10 / UOS 20 ship glibc 2.28: no program may need a newer symbol version. */
export const GLIBC_MAX = '2.28';

const TRIPLES = { amd64: 'x86_64-unknown-linux-gnu', arm64: 'aarch64-unknown-linux-gnu' };
const MACHINES = { amd64: 62, arm64: 183 }; // EM_X86_64, EM_AARCH64

/** Where scripts/build-linux-portable.sh leaves the program for `arch`. */
export function portableBinary(arch) {
  return join(ROOT, 'target/portable', TRIPLES[arch], 'release/taizhang-cli');
}

/** The workspace version (Cargo.toml's [workspace.package]). */
export function workspaceVersion() {
  const toml = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[workspace\.package\]$/m)[1] ?? '';
  const m = section.match(/^version\s*=\s*"([^"]+)"/m);
  if (!m) throw new Error('no version in Cargo.toml [workspace.package]');
  return m[1];
}

export function requireFile(path, how) {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${how}`);
  return path;
}

/** 'x.y' strings compared as versions. */
export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** The ELF header's facts, read from the file itself. */
export function elfHeader(path) {
  const b = readFileSync(path).subarray(0, 64);
  if (b.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${path} is not an ELF file`);
  const is64 = b[4] === 2;
  const little = b[5] === 1;
  const machine = little ? b.readUInt16LE(18) : b.readUInt16BE(18);
  return { is64, little, machine };
}

export function isMachine(path, arch) {
  const h = elfHeader(path);
  return h.is64 && h.little && h.machine === MACHINES[arch];
}

function readelf(args, path) {
  return execFileSync('readelf', ['-W', ...args, path], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Every GLIBC_x.y version the program needs (its version-needs section), sorted. */
export function glibcVersionsNeeded(path) {
  const found = new Set([...readelf(['--version-info'], path).matchAll(/Name: GLIBC_(\d+(?:\.\d+)+)/g)].map((m) => m[1]));
  return [...found].sort(compareVersions);
}

export function highestGlibc(path) {
  const all = glibcVersionsNeeded(path);
  if (!all.length) throw new Error(`${path} needs no GLIBC symbol version: not a glibc program?`);
  return all[all.length - 1];
}

/** The shared libraries the program needs (DT_NEEDED). */
export function neededLibraries(path) {
  return [...readelf(['--dynamic'], path).matchAll(/\(NEEDED\).*\[(.+)\]/g)].map((m) => m[1]);
}

/** The program interpreter (PT_INTERP), e.g. /lib/ld-linux-aarch64.so.1. */
export function interpreter(path) {
  return readelf(['--program-headers'], path).match(/Requesting program interpreter: ([^\]]+)\]/)?.[1];
}

/** Entries of a .zip file: name → () => contents (stored or deflated). Throws on a bad archive. */
export function readZip(path) {
  const buf = readFileSync(path);
  if (buf.readUInt32LE(0) !== 0x04034b50) throw new Error(`${path} does not start like a zip file`);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${path} has no zip end-of-central-directory record`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, () => {
      if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${path}: bad local header for ${name}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + compressed);
      const out = method === 0 ? data : method === 8 ? inflateRawSync(data) : null;
      if (!out) throw new Error(`${path}: ${name} uses compression method ${method}`);
      if (out.length !== size) throw new Error(`${path}: ${name} is ${out.length} bytes, not ${size}`);
      return out;
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
