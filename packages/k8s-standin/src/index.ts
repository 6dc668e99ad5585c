/**
 * Kubernetes API stand-in for tests, benchmarks and the demo incident.
 *
 * @packageDocumentation
 */
export { KubernetesStandIn } from './KubernetesStandIn';
export {
  loadScenarioFile,
  materializeTimes,
  resolveRelativeTime,
  validateScenario,
} from './scenario';
export type {
  ClusterFaults,
  ClusterScenario,
  KubeObject,
  Scenario,
} from './scenario';
export { RESOURCE_TYPES } from './resources';
