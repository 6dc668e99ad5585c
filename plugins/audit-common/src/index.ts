/**
 * Common types of the audit plugin.
 *
 * @packageDocumentation
 */
export * from './event';
export * from './permissions';
