import type { WinstonLoggerLevelOverride } from '@backstage/backend-defaults/rootLogger';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';

export interface RootLoggerOptions {
  level: string;
  meta?: JsonObject;
  overrides: WinstonLoggerLevelOverride[];
}

const LEVELS = new Set([
  'error',
  'warn',
  'info',
  'http',
  'verbose',
  'debug',
  'silly',
]);

/**
 * Backstage's own `backend.logger` settings (level, meta, per-plugin overrides), read the way
 * `rootLoggerServiceFactory` reads them, so replacing that factory changes nothing but redaction.
 */
export function readRootLoggerOptions(config: Config): RootLoggerOptions {
  const overrides = (
    config.getOptionalConfigArray('backend.logger.overrides') ?? []
  ).map((o, i) => {
    const level = o.getString('level');
    if (!LEVELS.has(level))
      throw new InputError(
        `Invalid config at backend.logger.overrides[${i}].level, '${level}' is not a valid logging level`,
      );
    const matchers = o
      .getConfig('matchers')
      .get<WinstonLoggerLevelOverride['matchers']>();
    return { level, matchers };
  });
  return {
    level:
      process.env.LOG_LEVEL ||
      config.getOptionalString('backend.logger.level') ||
      'info',
    meta: config.getOptionalConfig('backend.logger.meta')?.get<JsonObject>(),
    overrides,
  };
}
