/**
 * The audit plugin: one audit pipeline for the whole backend.
 *
 * @packageDocumentation
 */
export { auditFeatures as default, auditFeatures } from './features';
export { auditPlugin } from './plugin';
export { auditorServiceFactory } from './service/auditorServiceFactory';
export { auditHttpAuthServiceFactory } from './service/httpAuthServiceFactory';
export { auditRootHttpRouterServiceFactory } from './service/rootHttpRouterServiceFactory';
export {
  auditRootLoggerServiceFactory,
  createAuditRootLoggerServiceFactory,
  type AuditRootLoggerOptions,
} from './logging/rootLoggerServiceFactory';
export { RedactingLogger } from './logging/RedactingLogger';
export { auditHubServiceRef } from './service/auditHubServiceRef';
export { AuditHub, type AuditRecord } from './service/AuditHub';
export {
  createAuditMiddleware,
  readAuditHttpOptions,
} from './http/auditMiddleware';
export { Redactor, type RedactorOptions } from './redaction/Redactor';
export type { VictoriaLogsShipperOptions } from './shipping/VictoriaLogsShipper';
