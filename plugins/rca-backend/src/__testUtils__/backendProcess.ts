import {
  type BackendProcess,
  startBackendProcess as startProcess,
} from '@internal/backend-test-kit';
import { resolve } from 'node:path';

export type { BackendProcess };

/** Starts `rcaBackendProcess.ts` and resolves once it listens. */
export function startBackendProcess(options: {
  config: object;
  databaseDir?: string;
  /** `backend.database` in full (PostgreSQL shared by several processes); replaces databaseDir. */
  database?: object;
  startTimeoutMs?: number;
}): Promise<BackendProcess> {
  const { startTimeoutMs, ...payload } = options;
  return startProcess({
    script: resolve(__dirname, 'rcaBackendProcess.ts'),
    payload,
    startTimeoutMs,
  });
}
