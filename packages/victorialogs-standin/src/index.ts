/**
 * A VictoriaLogs stand-in for tests and the local demo.
 *
 * @packageDocumentation
 */
export {
  VictoriaLogsStandIn,
  type IngestOptions,
  type RecordedRequest,
  type VictoriaLogsFaults,
  type VictoriaLogsStandInOptions,
} from './VictoriaLogsStandIn';
export { parseLogsQL } from './logsql';
