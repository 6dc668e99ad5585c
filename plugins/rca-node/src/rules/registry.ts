import type { RuleFamily } from './family';
import { configuration } from './families/configuration';
import { connectionPool } from './families/connectionPool';
import { cpuThrottling } from './families/cpuThrottling';
import { dependencies } from './families/dependencies';
import { dns } from './families/dns';
import { entrypoint } from './families/entrypoint';
import { hpa } from './families/hpa';
import { imagePull } from './families/imagePull';
import { ingress } from './families/ingress';
import { jobs } from './families/jobs';
import { networkPolicy } from './families/networkPolicy';
import { nodes } from './families/nodes';
import { oomKilled } from './families/oomKilled';
import { probes } from './families/probes';
import { pvcDiskFull } from './families/pvcDiskFull';
import { pvcProvisioning } from './families/pvcProvisioning';
import { quota } from './families/quota';
import { rbac } from './families/rbac';
import { rollout } from './families/rollout';
import { scheduling } from './families/scheduling';
import { services } from './families/services';
import { unexplained } from './families/unexplained';
import { volumeMultiAttach } from './families/volumeMultiAttach';

/**
 * Every root-cause family. The order is precedence: message rules of the same kind are tried in
 * this order (first match wins), pod hooks chain in it, and each driver emits its drafts in it.
 * Constraints it keeps (see README.md):
 * - crash messages: dns < rbac < pvcDiskFull < entrypoint < configuration < connectionPool < dependencies
 * - scheduler messages: scheduling < pvcProvisioning; mount failures: volumeMultiAttach < configuration
 * - crashed containers: oomKilled < probes
 * - workloads: rollout < quota < hpa < jobs; network: services < ingress < networkPolicy;
 *   infrastructure: nodes < pvcProvisioning;
 *   metrics: rollout < oomKilled < cpuThrottling < pvcDiskFull < hpa < nodes
 */
export const RULE_FAMILIES: readonly RuleFamily[] = [
  rollout, // workloads (Deployments), metrics (regression)
  quota, // workloads (ReplicaSets)
  oomKilled, // crashed, metrics, log messages
  probes, // crashed (liveness, startup), pod symptom (readiness)
  cpuThrottling, // metrics
  dns, // crash messages
  rbac, // crash messages
  pvcDiskFull, // crash messages, metrics
  entrypoint, // crash and exit-code messages, waiting (start errors)
  volumeMultiAttach, // mount
  configuration, // crash and missing-reference messages, waiting, mount
  connectionPool, // crash messages
  dependencies, // crash messages
  imagePull, // image-pull messages, waiting
  hpa, // workloads, metrics
  jobs, // workloads
  nodes, // pod ended (eviction), infrastructure, metrics
  scheduling, // scheduler messages, pod condition
  pvcProvisioning, // scheduler messages, infrastructure
  services, // network
  ingress, // network
  networkPolicy, // network
  unexplained, // next steps of the catch-all verdicts
];

/** The first family answer, in registry order. */
export function firstOf<T>(
  ask: (family: RuleFamily) => T | undefined,
): T | undefined {
  for (const family of RULE_FAMILIES) {
    const answer = ask(family);
    if (answer) return answer;
  }
  return undefined;
}
