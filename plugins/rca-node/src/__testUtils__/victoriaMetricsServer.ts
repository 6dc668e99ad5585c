import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { freePort } from '@internal/backend-test-kit';

/** One series in VictoriaMetrics' JSON-line import format; timestamps in ms. */
export interface ImportSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

export interface VictoriaMetricsServer {
  url: string;
  /** Imports series and flushes them so they are queryable at once. */
  load(series: ImportSeries[]): Promise<void>;
  /** Deletes every series. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export const VICTORIA_METRICS_BIN =
  process.env.VICTORIA_METRICS_BIN ?? '/usr/bin/victoria-metrics';

export function victoriaMetricsInstalled(): boolean {
  return existsSync(VICTORIA_METRICS_BIN);
}

/**
 * Starts the real VictoriaMetrics (Debian package `victoria-metrics`) on a free loopback port with
 * a throw-away data directory. Flags after ../shared/docs/integrations.md §1: a 100-year retention
 * so fixed-timestamp fixtures are kept, no cache and no latency offset so data is visible at once.
 */
export async function startVictoriaMetrics(
  options: { port?: number } = {},
): Promise<VictoriaMetricsServer> {
  if (!victoriaMetricsInstalled())
    throw new NotFoundError(
      `VictoriaMetrics is not installed at ${VICTORIA_METRICS_BIN}: apt-get install victoria-metrics (./rca test installs it), or set VICTORIA_METRICS_BIN`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'rca-vm-'));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    VICTORIA_METRICS_BIN,
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${dir}`,
      '-retentionPeriod=100y',
      '-search.disableCache',
      '-search.latencyOffset=0s',
      '-loggerLevel=ERROR',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', d => {
    stderr += String(d);
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new ServiceUnavailableError(
        `VictoriaMetrics exited at start: ${stderr.slice(0, 500)}`,
      );
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new ServiceUnavailableError(
        'VictoriaMetrics did not start within 15 s',
      );
    }
    await new Promise(r => setTimeout(r, 25));
  }
  return {
    url,
    async load(series) {
      if (!series.length) return;
      const body = series.map(s => JSON.stringify(s)).join('\n');
      const res = await fetch(`${url}/api/v1/import`, { method: 'POST', body });
      if (!res.ok)
        throw new ServiceUnavailableError(`import failed: ${await res.text()}`);
      await fetch(`${url}/internal/force_flush`);
    },
    async clear() {
      await fetch(
        `${url}/api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent(
          '{__name__=~".+"}',
        )}`,
        { method: 'POST' },
      );
      await fetch(`${url}/internal/force_flush`);
    },
    async stop() {
      await new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
