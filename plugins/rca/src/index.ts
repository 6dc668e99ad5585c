/**
 * RCA in the Backstage UI: the Incidents tab, the report view and the Analyze incident button.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { rcaApiRef, type RcaApi } from './api/RcaApi';
// The client and the report type live with the REST contract; re-exported for existing imports.
export { RcaClient, type CommittedReport } from '@internal/plugin-rca-common';
