import { createApiRef } from '@backstage/frontend-plugin-api';
import type { RcaClient } from '@internal/plugin-rca-common';

/**
 * What the UI reads from the rca backend. `RcaClient` of `@internal/plugin-rca-common` implements
 * it; tests and apps may bring their own.
 *
 * @public
 */
export type RcaApi = Pick<RcaClient, 'getReport'>;

/** @public */
export const rcaApiRef = createApiRef<RcaApi>({ id: 'plugin.rca.service' });
