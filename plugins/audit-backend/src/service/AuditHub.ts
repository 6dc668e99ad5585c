import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  type AuditEvent,
  auditEventSchema,
} from '@internal/plugin-audit-common';
import type { Request } from 'express';
import type { Writable } from 'node:stream';
import { Redactor } from '../redaction/Redactor';
import { AuditMetrics } from './metrics';

/** An event ready to leave the process: validated, redacted and serialised once. */
export interface AuditRecord {
  event: AuditEvent;
  /** `JSON.stringify(event)`: what the outbox stores and VictoriaLogs receives. */
  line: string;
}

export type AuditConsumer = (records: AuditRecord[]) => Promise<void>;

/** The slice of the logger the hub uses (root logger in the backend). */
export interface HubLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface AuditHubOptions {
  redactor?: Redactor;
  logger?: HubLogger;
  /** JSON lines for cluster log collectors; unset = off. */
  stdout?: Writable;
  /** Events held in memory while the consumer is absent or failing. */
  maxBuffered?: number;
  /** Keep the `initiated` step of plugin audit events (off: the outcome record is enough). */
  recordInitiated?: boolean;
  metrics?: AuditMetrics;
}

const hubs = new WeakMap<Config, AuditHub>();

/**
 * The root of the audit pipeline, one per backend. Every auditor (one per plugin) and the HTTP
 * middleware emit here; the audit plugin subscribes and writes to its outbox. The hub validates
 * each event, writes it to stdout when asked, and hands batches to the consumer (group commit),
 * holding them in a bounded buffer until the consumer exists or while it fails.
 */
export class AuditHub {
  readonly redactor: Redactor;
  readonly metrics: AuditMetrics;
  readonly recordInitiated: boolean;
  readonly #logger?: HubLogger;
  readonly #stdout?: Writable;
  readonly #maxBuffered: number;
  #buffer: AuditRecord[] = [];
  #stdoutLines: string[] = [];
  #consumer?: AuditConsumer;
  #timer?: NodeJS.Timeout;
  #inFlight?: Promise<void>;
  #failures = 0;
  #delivering = 0;
  #bufferFull = false;
  readonly #credentials = new WeakMap<Request, BackstageCredentials>();

  /** The hub of the backend that owns `config` (the root config is one object per backend). */
  static forBackend(config: Config, logger?: HubLogger): AuditHub {
    let hub = hubs.get(config);
    if (!hub) {
      hub = new AuditHub({
        redactor: Redactor.fromConfig(config),
        logger,
        stdout: config.getOptionalBoolean('audit.stdout.enabled')
          ? process.stdout
          : undefined,
        maxBuffered: config.getOptionalNumber('audit.buffer.maxEvents'),
        recordInitiated: config.getOptionalBoolean('audit.recordInitiated'),
      });
      hubs.set(config, hub);
    }
    return hub;
  }

  constructor(options: AuditHubOptions = {}) {
    this.redactor = options.redactor ?? new Redactor();
    this.metrics = options.metrics ?? new AuditMetrics();
    this.recordInitiated = options.recordInitiated ?? false;
    this.#logger = options.logger;
    this.#stdout = options.stdout;
    this.#maxBuffered = options.maxBuffered ?? 10_000;
  }

  /** Accepts an event whose strings have been redacted; never throws. */
  emit(event: AuditEvent): void {
    let record: AuditRecord;
    try {
      record = this.#validated(event);
    } catch (e) {
      this.#logger?.error(
        `audit event not serialisable: ${this.redactor.redactText(String(e))}`,
      );
      this.metrics.dropped(1, 'buffer-full');
      return;
    }
    this.metrics.emitted();
    if (this.#stdout) {
      if (!this.#stdoutLines.length) setImmediate(() => this.#writeStdout());
      this.#stdoutLines.push(record.line);
    }
    if (this.#buffer.length >= this.#maxBuffered) {
      this.metrics.dropped(1, 'buffer-full');
      if (!this.#bufferFull) {
        this.#bufferFull = true;
        this.#logger?.error(
          `Audit buffer full (${
            this.#maxBuffered
          } events): new events are dropped until the audit database accepts writes again`,
        );
      }
      return;
    }
    this.#buffer.push(record);
    this.#schedule();
  }

  /** The audit plugin's outbox writer. Buffered events are delivered at once. */
  subscribe(consumer: AuditConsumer): void {
    this.#consumer = consumer;
    this.#schedule();
  }

  /** Delivers everything buffered (shutdown, tests). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
    while (this.#consumer && this.#buffer.length) {
      await this.#deliver();
      if (this.#failures) break;
    }
    this.#writeStdout();
  }

  /** Events in memory: waiting, or in the batch being written right now. */
  get buffered(): number {
    return this.#buffer.length + this.#delivering;
  }

  /** Remembered by the audit-aware httpAuth, so the HTTP middleware knows who called. */
  noteCredentials(req: Request, credentials: BackstageCredentials): void {
    this.#credentials.set(req, credentials);
  }

  credentialsOf(req: Request): BackstageCredentials | undefined {
    return this.#credentials.get(req);
  }

  #validated(event: AuditEvent): AuditRecord {
    const parsed = auditEventSchema.safeParse(event);
    if (parsed.success) return { event, line: JSON.stringify(event) };
    // Never lose an event to a schema slip: keep what identifies it and say what was wrong.
    const problems = parsed.error.issues
      .slice(0, 5)
      .map(i => `${i.path.join('.')}: ${i.message}`);
    this.#logger?.warn(
      `audit event ${
        event.event?.action
      } did not match the schema (${problems.join(
        '; ',
      )}); kept with the faulty fields dropped`,
    );
    const repaired: AuditEvent = {
      _time: new Date().toISOString(),
      _msg: String(event._msg || event.event?.action || 'audit event').slice(
        0,
        2000,
      ),
      event: {
        id: crypto.randomUUID(),
        action: 'audit.invalid-event',
        outcome: 'unknown',
        severity: 'medium',
      },
      actor: { type: 'none' },
      plugin: 'audit',
      meta: {
        invalid: problems,
        original: this.redactor.redact(event) as Record<string, unknown>,
      },
    };
    return { event: repaired, line: JSON.stringify(repaired) };
  }

  #writeStdout() {
    if (!this.#stdout || !this.#stdoutLines.length) return;
    const text = `${this.#stdoutLines.join('\n')}\n`;
    this.#stdoutLines = [];
    this.#stdout.write(text);
  }

  #schedule(delayMs?: number) {
    if (!this.#consumer || this.#timer || this.#inFlight) return;
    const due = delayMs ?? (this.#buffer.length >= 200 ? 0 : 20);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#deliver().then(() => {
        if (this.#buffer.length)
          this.#schedule(
            this.#failures
              ? Math.min(30_000, 250 * 2 ** this.#failures) *
                  (0.5 + Math.random() / 2)
              : undefined,
          );
      });
    }, due);
    this.#timer.unref?.();
  }

  #deliver(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    const batch = this.#buffer.splice(0, 1000);
    if (!batch.length || !this.#consumer) {
      this.#buffer.unshift(...batch);
      return Promise.resolve();
    }
    this.#delivering = batch.length;
    this.#inFlight = this.#consumer(batch)
      .then(() => {
        if (this.#failures)
          this.#logger?.warn(
            'Audit events are being written to the outbox again',
          );
        this.#failures = 0;
        this.#bufferFull = false;
      })
      .catch(e => {
        this.#buffer.unshift(...batch);
        if (this.#failures++ === 0)
          this.#logger?.error(
            `Audit outbox write failed; ${
              this.#buffer.length
            } events held in memory and retried: ${this.redactor.redactText(
              String(e),
            )}`,
          );
      })
      .finally(() => {
        this.#delivering = 0;
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }
}
