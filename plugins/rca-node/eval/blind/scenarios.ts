import { admissionScenarios } from './scenarios/admission';
import { batchScenarios } from './scenarios/batch';
import { configChangeScenarios } from './scenarios/configChanges';
import { configScenarios } from './scenarios/config';
import { controlScenarios } from './scenarios/controls';
import { dependencyScenarios } from './scenarios/dependencies';
import { dnsScenarios } from './scenarios/dns';
import { imageScenarios } from './scenarios/images';
import { ingressScenarios } from './scenarios/ingress';
import { memoryScenarios } from './scenarios/memory';
import { nodeScenarios } from './scenarios/nodes';
import { policyScenarios } from './scenarios/policies';
import { pressureScenarios } from './scenarios/pressure';
import { probeScenarios } from './scenarios/probes';
import { rolloutScenarios } from './scenarios/rollouts';
import { scalingScenarios } from './scenarios/scaling';
import { schedulingScenarios } from './scenarios/scheduling';
import { startupScenarios } from './scenarios/startup';
import { storageScenarios } from './scenarios/storage';
import type { BlindScenario } from './types';

/** The blind set, by theme; README.md lists the sources and the limits met. */
export const blindScenarios: BlindScenario[] = [
  ...imageScenarios,
  ...startupScenarios,
  ...configScenarios,
  ...configChangeScenarios,
  ...dnsScenarios,
  ...policyScenarios,
  ...ingressScenarios,
  ...dependencyScenarios,
  ...schedulingScenarios,
  ...admissionScenarios,
  ...nodeScenarios,
  ...pressureScenarios,
  ...storageScenarios,
  ...probeScenarios,
  ...rolloutScenarios,
  ...memoryScenarios,
  ...scalingScenarios,
  ...batchScenarios,
  ...controlScenarios,
];
