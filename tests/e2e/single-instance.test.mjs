// A second launch of the desktop app brings the first window forward and
// exits, instead of opening a second writer on the data file. The single-
// instance plugin meets its other self on the session bus, so the test runs
// the two launches on a private D-Bus session under Xvfb.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP, requireBinary, tempDir, waitFor, stopChild, startXvfb } from './lib/env.mjs';

function startBus() {
  return new Promise((resolve, reject) => {
    const child = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', (d) => resolve({ child, address: d.toString().trim() }));
    child.once('error', reject);
  });
}

function launch(env, db) {
  const child = spawn(requireBinary(APP), ['--db', db], { env: { ...process.env, ...env, TAIZHANG_STARTUP_PROBE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return { child, answered: () => stderr.includes('first command answered'), stderr: () => stderr };
}

test('a second launch hands over to the first window and exits', async () => {
  const tmp = tempDir();
  const x = await startXvfb();
  const bus = await startBus();
  const env = { DISPLAY: x.display, DBUS_SESSION_BUS_ADDRESS: bus.address };
  const db = join(tmp.dir, 'taizhang.db');
  let first;
  try {
    first = launch(env, db);
    await waitFor(first.answered, 'the first window to answer', 20000);
    // The second launch names a data file of its own: it must hand over
    // before opening (and so creating) it.
    const otherDb = join(tmp.dir, 'other.db');
    const second = launch(env, otherDb);
    const exited = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 15000);
      second.child.once('exit', (code) => { clearTimeout(timer); resolve(code); });
    });
    assert.equal(exited, 0, `the second launch exits on its own (stderr: ${second.stderr()})`);
    assert.equal(second.answered(), false, 'the second launch never opened a window of its own');
    assert.equal(first.child.exitCode, null, 'the first window is still open');
    assert.equal(existsSync(otherDb), false, 'the second launch never opened a data file');
  } finally {
    await stopChild(first?.child);
    await stopChild(bus.child);
    await stopChild(x.child);
    tmp.cleanup();
  }
});
