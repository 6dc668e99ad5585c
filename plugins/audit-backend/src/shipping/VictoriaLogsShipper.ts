import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { CustomErrorBase, InputError } from '@backstage/errors';
import { AUDIT_STREAM_FIELDS } from '@internal/plugin-audit-common';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { AuditStore, ClaimedRow } from '../service/AuditStore';
import type { AuditMetrics } from '../service/metrics';

const gzip = promisify(gzipCb);
const DAY = 86_400_000;

/** @public */
export interface VictoriaLogsShipperOptions {
  /** Base URL, e.g. http://victorialogs:9428 */
  url: string;
  accountId?: string;
  projectId?: string;
  /** Extra request headers (an Authorization header for a proxy in front of VictoriaLogs). */
  headers: Record<string, string>;
  streamFields: string[];
  batchSize: number;
  flushIntervalMs: number;
  timeoutMs: number;
  maxBackoffMs: number;
  /** Attempts after which a batch VictoriaLogs keeps refusing as malformed is given up. */
  maxAttempts: number;
  /** VictoriaLogs drops rows older than its retention without an error: those are re-timed. */
  retentionMs: number;
  /** VictoriaLogs' -insert.maxLineSizeBytes: longer lines are dropped by the server. */
  maxLineBytes: number;
}

/** `audit.victoriaLogs`, or undefined when the block is absent (events stay local). */
export function readVictoriaLogsShipperOptions(
  config: Config,
): VictoriaLogsShipperOptions | undefined {
  const c = config.getOptionalConfig('audit.victoriaLogs');
  if (!c) return undefined;
  const url = c.getString('url').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new InputError(
      `audit.victoriaLogs.url must be an http(s) URL such as http://victorialogs:9428, got ${JSON.stringify(
        url.replace(/\/\/[^@/]*@/, '//…@'),
      )}`,
    );
  const headers: Record<string, string> = {};
  const h = c.getOptionalConfig('headers');
  for (const key of h?.keys() ?? []) headers[key] = h!.getString(key);
  return {
    url,
    accountId: c.getOptionalString('accountId'),
    projectId: c.getOptionalString('projectId'),
    headers,
    streamFields: c.getOptionalStringArray('streamFields') ?? [
      ...AUDIT_STREAM_FIELDS,
    ],
    batchSize: c.getOptionalNumber('batchSize') ?? 500,
    flushIntervalMs: c.getOptionalNumber('flushIntervalMs') ?? 1000,
    timeoutMs: c.getOptionalNumber('timeoutMs') ?? 10_000,
    maxBackoffMs: c.getOptionalNumber('maxBackoffMs') ?? 60_000,
    maxAttempts: c.getOptionalNumber('maxAttempts') ?? 5,
    retentionMs: (c.getOptionalNumber('retentionDays') ?? 7) * DAY,
    maxLineBytes: c.getOptionalNumber('maxLineBytes') ?? 256 * 1024,
  };
}

/** VictoriaLogs refused a batch; `malformed` batches are never retried as they are. */
class DeliveryError extends CustomErrorBase {
  constructor(message: string, readonly malformed: boolean) {
    super(message);
  }
}

/**
 * Drains the outbox to VictoriaLogs `/insert/jsonline`: oldest first, gzip batches, retries with
 * exponential backoff and full jitter. Rows are marked shipped only after a 2xx, so delivery is
 * at least once; the event id lets consumers drop the rare duplicate.
 */
export class VictoriaLogsShipper {
  readonly #owner = crypto.randomUUID();
  readonly #endpoint: string;
  #running = false;
  #loop?: Promise<void>;
  #wake?: () => void;
  #failures = 0;

  constructor(
    private readonly o: {
      store: AuditStore;
      options: VictoriaLogsShipperOptions;
      metrics: AuditMetrics;
      logger: Pick<LoggerService, 'info' | 'warn' | 'error'>;
    },
  ) {
    const params = new URLSearchParams({
      _msg_field: '_msg',
      _time_field: '_time',
      _stream_fields: o.options.streamFields.join(','),
    });
    this.#endpoint = `${o.options.url}/insert/jsonline?${params}`;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** New rows are waiting: ship now rather than at the next interval. */
  wake(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
  }

  /** One claim-and-send round; returns how many rows were shipped. */
  async shipOnce(): Promise<number> {
    const rows = await this.o.store.claim(
      this.#owner,
      this.o.options.batchSize,
      this.o.options.timeoutMs * 2 + 5000,
    );
    if (!rows.length) return 0;
    try {
      await this.#send(rows.map(r => this.#line(r)));
    } catch (e) {
      const message = (e as Error).message;
      if (e instanceof DeliveryError && e.malformed) {
        const doomed = rows.filter(
          r => r.attempts + 1 >= this.o.options.maxAttempts,
        );
        if (doomed.length) {
          await this.o.store.reject(
            doomed.map(r => r.seq),
            message,
          );
          this.o.metrics.failed(doomed.length, 'rejected');
          this.o.logger.error(
            `VictoriaLogs refused ${doomed.length} audit events ${this.o.options.maxAttempts} times; they stay in the audit database (state rejected): ${message}`,
          );
        }
        const retry = rows.filter(r => !doomed.includes(r));
        await this.o.store.release(
          retry.map(r => r.seq),
          message,
        );
        this.o.metrics.failed(retry.length, 'retry');
      } else {
        await this.o.store.release(
          rows.map(r => r.seq),
          message,
        );
        this.o.metrics.failed(rows.length, 'retry');
      }
      throw e;
    }
    await this.o.store.markShipped(rows.map(r => r.seq));
    this.o.metrics.shipped(rows.length);
    return rows.length;
  }

  async #run() {
    while (this.#running) {
      let delay = this.o.options.flushIntervalMs;
      try {
        const n = await this.shipOnce();
        if (this.#failures)
          this.o.logger.info(
            `Audit events reach VictoriaLogs again after ${
              this.#failures
            } failed attempts`,
          );
        this.#failures = 0;
        if (n === this.o.options.batchSize) delay = 0;
      } catch (e) {
        this.#failures++;
        // Full jitter: replicas that failed together do not retry together.
        delay =
          Math.random() *
          Math.min(this.o.options.maxBackoffMs, 500 * 2 ** this.#failures);
        if (this.#failures === 1 || this.#failures % 20 === 0)
          this.o.logger.warn(
            `Audit shipping to VictoriaLogs failed (attempt ${
              this.#failures
            }, ${this.o.store.pending} events waiting): ${
              (e as Error).message
            }`,
          );
      }
      this.o.metrics.outboxDepth = this.o.store.pending;
      if (this.#running && delay > 0) await this.#sleep(delay);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>(resolve => {
      const t = setTimeout(done, ms);
      t.unref?.();
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.#wake = done;
    }).then(() => {
      this.#wake = undefined;
    });
  }

  /**
   * The stored line, checked once more against what VictoriaLogs silently drops: timestamps
   * outside its retention and over-long lines.
   */
  #line(row: ClaimedRow): string {
    const tooOld =
      row.timeMs < Date.now() - this.o.options.retentionMs + 3600_000;
    const tooLong =
      row.payload.length * 3 > this.o.options.maxLineBytes &&
      Buffer.byteLength(row.payload) > this.o.options.maxLineBytes;
    if (!tooOld && !tooLong) return row.payload;
    const event = JSON.parse(row.payload);
    if (tooOld) {
      event.meta = { ...event.meta, originalTime: event._time };
      event._time = new Date().toISOString();
    }
    if (tooLong) {
      const { requestBody, responseBody, ...rest } = event.meta ?? {};
      event.meta = { ...rest, truncated: true };
    }
    return JSON.stringify(event);
  }

  async #send(lines: string[]): Promise<void> {
    const body = await gzip(`${lines.join('\n')}\n`);
    const { accountId, projectId, headers, timeoutMs } = this.o.options;
    let res: Response;
    try {
      res = await fetch(this.#endpoint, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/stream+json',
          'content-encoding': 'gzip',
          ...(accountId ? { AccountID: accountId } : {}),
          ...(projectId ? { ProjectID: projectId } : {}),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new DeliveryError(
        `${this.o.options.url} unreachable: ${cause ?? (e as Error).message}`,
        false,
      );
    }
    const text = (await res.text().catch(() => '')).slice(0, 300);
    if (res.ok) return;
    throw new DeliveryError(
      `${this.o.options.url} answered ${res.status}${text ? `: ${text}` : ''}`,
      res.status === 400 || res.status === 413 || res.status === 422,
    );
  }
}
