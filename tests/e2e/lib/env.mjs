// Paths and small process helpers shared by both end-to-end suites.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = join(ROOT, 'target/debug/taizhang-cli');
export const APP = join(ROOT, 'target/debug/taizhang');

export function requireBinary(path) {
  if (!existsSync(path)) throw new Error(`${path} is missing: build it first (scripts/test.sh does)`);
  return path;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'taizhang-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Start a program; resolve once a line of its stdout matches `pattern`. */
export function spawnUntil(cmd, args, { env = {}, pattern, timeoutMs = 20000 } = {}) {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`${cmd} did not print ${pattern} within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        res({ child, match: m, output: () => out, errors: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`${cmd} exited with ${code} before printing ${pattern}\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

/** Stop a child process and wait for it to go. */
export function stopChild(child, signal = 'SIGTERM') {
  return new Promise((res) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return res();
    child.once('exit', () => res());
    child.kill(signal);
    setTimeout(() => { try { child.kill('SIGKILL'); } catch { /* gone */ } }, 3000).unref();
  });
}

/**
 * Xvfb on a display number it chooses itself (`-displayfd`): it skips numbers
 * in use and takes over the stale locks and sockets of X servers that were
 * killed, which a search of /tmp for a free number cannot tell apart (on a
 * machine that runs the tests day after day they pile up). Stop it with
 * SIGTERM (stopChild) so that it removes its own socket and lock.
 */
export function startXvfb(screen = '1366x768') {
  const child = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', `${screen}x24`, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => { child.kill(); rej(new Error('Xvfb gave no display number within 10 s')); }, 10000);
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      child.stdout.destroy();
      res({ child, display: `:${out.trim()}` });
    });
    child.once('error', (e) => { clearTimeout(timer); rej(new Error(`Xvfb: ${e.message} (install xvfb)`)); });
    child.once('exit', (code) => { clearTimeout(timer); rej(new Error(`Xvfb exited (${code}) before giving a display number`)); });
  });
}

/** Wait until `probe()` returns a truthy value; throw with `what` after the timeout. */
export async function waitFor(probe, what, timeoutMs = 10000, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/** Import data packages (paths relative to tests/e2e/fixtures) into a data file with the CLI. */
export function seed(db, packages = []) {
  for (const p of packages) {
    execFileSync(requireBinary(CLI), ['--db', db, 'import', join(ROOT, 'tests/e2e/fixtures', p)], { stdio: 'pipe' });
  }
}
