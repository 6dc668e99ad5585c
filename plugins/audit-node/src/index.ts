/**
 * Node library of the audit plugin: helpers that record audit events the same way in every plugin.
 *
 * @packageDocumentation
 */
export * from './auditDenial';
