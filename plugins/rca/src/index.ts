/**
 * RCA in the Backstage UI: the Incidents tab, the report view and the Analyze incident button.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { rcaApiRef, type RcaApi, type CommittedReport } from './api/RcaApi';
export { RcaClient } from './api/RcaClient';
