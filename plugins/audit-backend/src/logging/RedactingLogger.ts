import type {
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import type { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import type { JsonObject } from '@backstage/types';
import type { Redactor } from '../redaction/Redactor';
import { redactLogMeta } from './redactLogMeta';

type Meta = Error | JsonObject | undefined;
type Inner = LoggerService &
  Partial<Pick<WinstonLogger, 'addRedactions' | 'setLevelOverrides'>>;

/**
 * A logger that removes secret-shaped text (query-string credentials, tokens, keys) from every
 * message and field before the wrapped logger formats it, and hands the same protection to its
 * children: every plugin's logger, and the root HTTP router's access log, derive from it.
 *
 * @public
 */
export class RedactingLogger implements RootLoggerService {
  readonly #inner: Inner;
  readonly #redactor: Redactor;

  constructor(inner: Inner, redactor: Redactor) {
    this.#inner = inner;
    this.#redactor = redactor;
  }

  error(message: string, meta?: Meta): void {
    this.#inner.error(this.#text(message), this.#meta(meta));
  }

  warn(message: string, meta?: Meta): void {
    this.#inner.warn(this.#text(message), this.#meta(meta));
  }

  info(message: string, meta?: Meta): void {
    this.#inner.info(this.#text(message), this.#meta(meta));
  }

  debug(message: string, meta?: Meta): void {
    this.#inner.debug(this.#text(message), this.#meta(meta));
  }

  child(meta: JsonObject): LoggerService {
    // A child's fields are fixed, so they are cleaned once here rather than on every line.
    return new RedactingLogger(
      this.#inner.child(redactLogMeta(this.#redactor, meta)),
      this.#redactor,
    );
  }

  /** Exact strings (config secrets) the wrapped winston logger masks too. */
  addRedactions(redactions: Iterable<string>): void {
    this.#inner.addRedactions?.(redactions);
  }

  setLevelOverrides(
    overrides: Parameters<WinstonLogger['setLevelOverrides']>[0],
  ): void {
    this.#inner.setLevelOverrides?.(overrides);
  }

  #text(message: string): string {
    // Callers do pass non-strings despite the type; they are left for winston to format.
    return typeof message === 'string'
      ? this.#redactor.redactText(message)
      : message;
  }

  #meta(meta: Meta): Meta {
    return meta === undefined ? meta : redactLogMeta(this.#redactor, meta);
  }
}
