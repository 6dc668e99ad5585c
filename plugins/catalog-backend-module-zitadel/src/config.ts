import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  readRoleMapping,
  type ZitadelRoleMapping,
} from '@internal/plugin-zitadel-common';
import { readFileSync } from 'node:fs';

/** A service account JSON key as ZITADEL downloads it. */
export interface ServiceAccountKey {
  keyId: string;
  key: string;
  userId: string;
}

export interface ZitadelProviderConfig {
  id: string;
  /** Instance URL (the issuer), without a trailing slash. */
  baseUrl: string;
  projectId: string;
  /** Organizations whose users and grants are synced; empty = the service account's own. */
  organizationIds: string[];
  /** Organization that owns the project (its roles are listed there). */
  projectOrganizationId?: string;
  credentials:
    | { type: 'pat'; token: string }
    | { type: 'key'; key: ServiceAccountKey };
  userNamespace: string;
  roleMapping: ZitadelRoleMapping;
  pageSize: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

function readKey(json: string, where: string): ServiceAccountKey {
  let parsed: any;
  try {
    parsed = JSON.parse(json);
  } catch {
    // The content is a private key: never echo it.
    throw new InputError(`${where} is not valid JSON`);
  }
  if (
    typeof parsed?.keyId !== 'string' ||
    typeof parsed?.key !== 'string' ||
    typeof parsed?.userId !== 'string'
  ) {
    throw new InputError(`${where} must have keyId, key and userId`);
  }
  return { keyId: parsed.keyId, key: parsed.key, userId: parsed.userId };
}

function readCredentials(
  c: Config,
  where: string,
): ZitadelProviderConfig['credentials'] {
  const token = c.getOptionalString('token');
  const key = c.getOptionalString('serviceAccountKey');
  const keyFile = c.getOptionalString('serviceAccountKeyFile');
  const given = [token, key, keyFile].filter(v => v !== undefined).length;
  if (given !== 1) {
    throw new InputError(
      `${where}: set exactly one of token, serviceAccountKey or serviceAccountKeyFile`,
    );
  }
  if (token !== undefined) return { type: 'pat', token };
  if (key !== undefined) {
    return { type: 'key', key: readKey(key, `${where}.serviceAccountKey`) };
  }
  let content: string;
  try {
    content = readFileSync(keyFile!, 'utf8');
  } catch (e) {
    throw new InputError(
      `${where}.serviceAccountKeyFile: cannot read ${keyFile}: ${
        (e as NodeJS.ErrnoException).code ?? (e as Error).message
      }`,
    );
  }
  return {
    type: 'key',
    key: readKey(content, `${where}.serviceAccountKeyFile`),
  };
}

/** Reads every `catalog.providers.zitadel.<id>` block. */
export function readProviderConfigs(config: Config): ZitadelProviderConfig[] {
  const root = config.getOptionalConfig('catalog.providers.zitadel');
  if (!root) return [];
  return root.keys().map(id => {
    const c = root.getConfig(id);
    const where = `catalog.providers.zitadel.${id}`;
    const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+$/.test(baseUrl)) {
      throw new InputError(
        `${where}.baseUrl must be the instance URL without a path, e.g. https://auth.example.com`,
      );
    }
    const pageSize = c.getOptionalNumber('pageSize') ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      throw new InputError(`${where}.pageSize must be between 1 and 1000`);
    }
    return {
      id,
      baseUrl,
      projectId: c.getString('projectId'),
      organizationIds: c.getOptionalStringArray('organizationIds') ?? [],
      projectOrganizationId: c.getOptionalString('projectOrganizationId'),
      credentials: readCredentials(c, where),
      userNamespace: c.getOptionalString('userNamespace') ?? 'default',
      roleMapping: readRoleMapping(c.getOptionalConfig('roleMapping')),
      pageSize,
      schedule: c.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            c.getConfig('schedule'),
          )
        : { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
    };
  });
}
