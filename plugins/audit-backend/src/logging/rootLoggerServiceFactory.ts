import {
  WinstonLogger,
  type WinstonLoggerOptions,
} from '@backstage/backend-defaults/rootLogger';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Redactor } from '../redaction/Redactor';
import { RedactingLogger } from './RedactingLogger';
import { readRootLoggerOptions } from './readRootLoggerOptions';

/** @public */
export interface AuditRootLoggerOptions {
  /** Where log lines go; Backstage's console transport when absent. */
  transports?: WinstonLoggerOptions['transports'];
}

/**
 * Backstage's root logger (winston, the same format, level and overrides as the default) behind
 * the audit Redactor: no plugin, and not the HTTP access log, can print a secret from a URL,
 * message or field to stdout. Lines are redacted with the audit settings (`audit.redaction`).
 *
 * @public
 */
export function createAuditRootLoggerServiceFactory(
  options: AuditRootLoggerOptions = {},
) {
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: { config: coreServices.rootConfig },
    async factory({ config }) {
      const o = readRootLoggerOptions(config);
      const winston = WinstonLogger.create({
        meta: { service: 'backstage', ...o.meta },
        level: o.level,
        transports: options.transports,
      });
      // Log lines are not capped the way audit fields are: a long stack trace stays whole.
      const logger = new RedactingLogger(
        winston,
        Redactor.fromConfig(config, { maxStringLength: Infinity }),
      );
      // As the default factory does: config values marked secret are masked verbatim too.
      const secrets = await createConfigSecretEnumerator({ logger });
      logger.addRedactions(secrets(config));
      config.subscribe?.(() => logger.addRedactions(secrets(config)));
      logger.setLevelOverrides(o.overrides);
      config.subscribe?.(() =>
        logger.setLevelOverrides(readRootLoggerOptions(config).overrides),
      );
      return logger;
    },
  });
}

/**
 * The redacting root logger with Backstage's console output; add it next to the audit plugin.
 *
 * @public
 */
export const auditRootLoggerServiceFactory =
  createAuditRootLoggerServiceFactory();
