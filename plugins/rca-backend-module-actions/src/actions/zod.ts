import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/** The zod (v3 API) the actions registry hands to schema factories. */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];
