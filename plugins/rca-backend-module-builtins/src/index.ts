/**
 * The rca plugin's built-in evidence sources and rules, as a module of the `rca` plugin.
 *
 * @packageDocumentation
 */
export { rcaModuleBuiltins as default } from './module';
