import { freePort } from '@internal/backend-test-kit';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Debian package's binary (`apt-get install prometheus-alertmanager`). */
export const ALERTMANAGER_BIN =
  process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export const hasAlertmanager = () => existsSync(ALERTMANAGER_BIN);

/** One route to the rca webhook, with short timings so a test sees grouping, a repeat and the resolution within seconds. */
function alertmanagerConfig(o: { webhookUrl: string; token: string }) {
  return `route:
  receiver: rca
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 4s
receivers:
  - name: rca
    webhook_configs:
      - url: ${JSON.stringify(o.webhookUrl)}
        send_resolved: true
        max_alerts: 0
        http_config:
          authorization:
            type: Bearer
            credentials: ${JSON.stringify(o.token)}
`;
}

/** A real Alertmanager whose only receiver is the rca webhook at `webhookUrl`, with `token`. */
export async function startAlertmanager(o: {
  webhookUrl: string;
  token: string;
}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), alertmanagerConfig(o));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', d => (stderr += String(d)));
  await until(async () => (await fetch(`${url}/-/ready`)).ok, 10_000).catch(
    e => {
      child.kill();
      throw new Error(`alertmanager did not start: ${e}\n${stderr}`);
    },
  );
  return {
    url,
    /** POST /api/v2/alerts, as Prometheus does. */
    async post(alerts: object[]) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok)
        throw new Error(`alertmanager: ${res.status} ${await res.text()}`);
    },
    /** `alertmanager_notifications_total` and `_failed_total` of the webhook integration. */
    async notifications() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const metric = (name: string) =>
        Number(
          text.match(
            new RegExp(`^${name}\\{integration="webhook"\\} (\\S+)$`, 'm'),
          )?.[1] ?? 0,
        );
      return {
        sent: metric('alertmanager_notifications_total'),
        failed: metric('alertmanager_notifications_failed_total'),
      };
    },
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await new Promise(r => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 100 ms until it holds; throws after `timeoutMs`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms${last ? `: ${last}` : ''}`);
}
