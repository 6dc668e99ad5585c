/**
 * @jest-environment node
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// `./rca start` (scripts/start.sh) must leave nothing running once it ends, however it ends. The
// product's processes are found by a marker in their environment, which every child inherits.
const ROOT = resolve(__dirname, '../../../..');

/** Pids of live processes whose environment holds `marker`. */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(marker))
        pids.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise(r => setTimeout(r, 250));
  }
  return check();
}

/**
 * Starts `./rca start` from a parent shell that ignores SIGINT (as `cmd &` in a script does), and
 * waits until the services are launched. Returns the parent's pid, the script's and the marker.
 */
async function startFromParent(wrapped = false) {
  const marker = `RCA_START_PROBE=${randomUUID()}`;
  const [key, value] = marker.split('=');
  const inner = `trap '' INT; ./rca start & echo "script $!"; wait`;
  // Wrapped: the parent runs the script under `sh -c` (as Playwright's webServer does), so the
  // wrapper outlives the parent.
  const command = wrapped
    ? `sh -c '${inner.replace(/'/g, `'\\''`)}'; true`
    : inner;
  const parent = spawn('bash', ['-c', command], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, [key]: value, CI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  parent.stdout!.on('data', d => (out += String(d)));
  parent.stderr!.on('data', d => (out += String(d)));
  const launched = await until(() => /backend: http/.test(out), 240_000);
  if (!launched) throw new Error(`./rca start did not launch:\n${out}`);
  // The services (yarn, node, the stand-ins) are up or on their way.
  await until(() => processesWith(marker).length >= 6, 20_000);
  const script = Number(/script (\d+)/.exec(out)?.[1]);
  return {
    parent: parent.pid!,
    script,
    marker,
    before: processesWith(marker),
  };
}

describe('./rca start', () => {
  it('stops everything it started when its parent is killed with SIGKILL', async () => {
    const { parent, marker, before } = await startFromParent();
    expect(before.length).toBeGreaterThanOrEqual(6);
    process.kill(parent, 'SIGKILL');
    const clean = await until(() => processesWith(marker).length === 0, 20_000);
    expect(processesWith(marker)).toEqual([]);
    expect(clean).toBe(true);
  }, 300_000);

  it('stops everything it started when the process behind its `sh -c` wrapper is killed', async () => {
    const { parent, marker, before } = await startFromParent(true);
    expect(before.length).toBeGreaterThanOrEqual(6);
    process.kill(parent, 'SIGKILL');
    await until(() => processesWith(marker).length === 0, 20_000);
    expect(processesWith(marker)).toEqual([]);
  }, 300_000);

  it('stops everything it started when it is killed itself with SIGKILL', async () => {
    const { script, marker, before } = await startFromParent();
    expect(before.length).toBeGreaterThanOrEqual(6);
    process.kill(script, 'SIGKILL');
    // No trap runs on SIGKILL: the watchdog stops the services (the parent's `wait` then returns).
    await until(() => processesWith(marker).length === 0, 20_000);
    expect(processesWith(marker)).toEqual([]);
  }, 300_000);
});
