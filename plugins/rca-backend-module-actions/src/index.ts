/**
 * The rca actions (`analyze-incident`, `get-analysis`, `list-incidents`) in Backstage's actions
 * registry, for MCP clients and other agents.
 *
 * @packageDocumentation
 */
export { rcaModuleActions as default } from './module';
export type { RcaActionsOptions } from './options';
