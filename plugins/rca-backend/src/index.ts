/**
 * The rca backend plugin.
 *
 * @packageDocumentation
 */
export { rcaPlugin as default } from './plugin';
