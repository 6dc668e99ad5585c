import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesStandIn, type Scenario } from '@internal/k8s-standin';
import type { LlmClient } from '@internal/llm-client';
import { KubernetesCollector } from '../sources/kubernetes/KubernetesCollector';
import type { ClusterConnection } from '../sources/shared/clusters';
import {
  type GateDecision,
  type GateNamespace,
  NamespaceGate,
} from '../engine/NamespaceGate';
import { defaultQueries } from '../sources/victoriaMetrics/metricFamilies';
import { VictoriaMetricsClient } from '../sources/victoriaMetrics/VictoriaMetricsClient';
import { VictoriaMetricsCollector } from '../sources/victoriaMetrics/VictoriaMetricsCollector';
import {
  LOG_FIELD_PRESETS,
  type LogFields,
} from '../sources/victoriaLogs/logFields';
import { VictoriaLogsClient } from '../sources/victoriaLogs/VictoriaLogsClient';
import { VictoriaLogsCollector } from '../sources/victoriaLogs/VictoriaLogsCollector';
import { K8sGptCollector } from '../sources/k8sgpt/K8sGptCollector';
import type { EvidenceCollector } from '../contracts';
import { RcaEngine, type RcaRunResult } from '../engine/RcaEngine';
import type { CatalogReader } from '../engine/steps/resolveTargets';

// Usable outside Jest too (evaluation and benchmark scripts).
const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/** A component entity with Kubernetes annotations and dependsOn relations, as the catalog returns it. */
export function component(
  name: string,
  options: {
    id?: string;
    namespace?: string;
    selector?: string;
    dependsOn?: string[];
    owner?: string;
  } = {},
): Entity {
  const annotations: Record<string, string> = {};
  if (options.selector)
    annotations['backstage.io/kubernetes-label-selector'] = options.selector;
  else if (options.id !== '')
    annotations['backstage.io/kubernetes-id'] = options.id ?? name;
  if (options.namespace)
    annotations['backstage.io/kubernetes-namespace'] = options.namespace;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: options.owner ?? 'group:default/payments',
    },
    relations: [
      { type: 'ownedBy', targetRef: options.owner ?? 'group:default/payments' },
      ...(options.dependsOn ?? []).map(targetRef => ({
        type: 'dependsOn',
        targetRef,
      })),
    ],
  };
}

export function catalogOf(entities: Entity[]): CatalogReader {
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  return { getEntityByRef: async ref => byRef.get(ref) };
}

export interface AnalyzeScenarioOptions {
  scenario: Scenario;
  entities: Entity[];
  entityRef?: string;
  window?: { from: Date; to: Date };
  llm?: LlmClient;
  requestTimeoutMs?: number;
  extraClusters?: ClusterConnection[];
  standIn?: KubernetesStandIn;
  /** VictoriaMetrics to read, with the default (app) queries. */
  victoriaMetricsUrl?: string;
  /** VictoriaLogs to read, with Vector's field names. */
  victoriaLogsUrl?: string;
  /** Read k8sgpt Results from the scenario's clusters. */
  k8sgpt?: boolean;
  sourceTimeoutMs?: number;
  /** Bearer token sent to VictoriaMetrics (to prove it never reaches the report). */
  victoriaMetricsBearerToken?: string;
  /** Log field names; default Vector's. */
  logFields?: LogFields;
  /** The requester's kubernetes.namespace.read decisions; default every namespace allowed. */
  authorize?: (refs: GateNamespace[]) => Promise<GateDecision[]>;
}

/** Runs the engine against a stand-in loaded with `scenario`; every cluster in it is configured. */
export async function analyzeScenario(
  options: AnalyzeScenarioOptions,
): Promise<RcaRunResult & { progress: string[] }> {
  const standIn = options.standIn ?? new KubernetesStandIn(options.scenario);
  if (!options.standIn) await standIn.start();
  try {
    const clusters = [
      ...Object.entries(options.scenario.clusters).map(([name, c]) => ({
        name,
        url: standIn.clusterUrl(name),
        serviceAccountToken: c.token,
        // The stand-in speaks plain HTTP, which client-node only allows with skipTLSVerify.
        skipTLSVerify: true,
      })),
      ...(options.extraClusters ?? []),
    ];
    const kubernetes = new KubernetesCollector({
      clusters,
      requestTimeoutMs: options.requestTimeoutMs ?? 3000,
    });
    return await runEngine(options, kubernetes, [
      kubernetes,
      ...signalCollectors(options, clusters),
    ]);
  } finally {
    if (!options.standIn) await standIn.stop();
  }
}

/** The metrics, logs and k8sgpt collectors the options ask for. */
function signalCollectors(
  options: AnalyzeScenarioOptions,
  clusters: ClusterConnection[],
): EvidenceCollector[] {
  const timeoutMs = options.sourceTimeoutMs ?? 5000;
  const collectors: EvidenceCollector[] = [];
  if (options.victoriaMetricsUrl)
    collectors.push(
      new VictoriaMetricsCollector({
        client: new VictoriaMetricsClient({
          url: options.victoriaMetricsUrl,
          bearerToken: options.victoriaMetricsBearerToken,
          timeoutMs,
        }),
        queries: defaultQueries('app'),
      }),
    );
  if (options.victoriaLogsUrl)
    collectors.push(
      new VictoriaLogsCollector({
        client: new VictoriaLogsClient({
          url: options.victoriaLogsUrl,
          timeoutMs,
        }),
        fields: options.logFields ?? LOG_FIELD_PRESETS.vector,
      }),
    );
  if (options.k8sgpt)
    collectors.push(
      new K8sGptCollector({
        clusters,
        requestTimeoutMs: timeoutMs,
      }),
    );
  return collectors;
}

async function runEngine(
  options: AnalyzeScenarioOptions,
  kubernetes: KubernetesCollector,
  collectors: EvidenceCollector[],
): Promise<RcaRunResult & { progress: string[] }> {
  const engine = new RcaEngine({
    collectors,
    llm: options.llm,
    logger: silentLogger,
  });
  const entity = options.entityRef
    ? options.entities.find(e => stringifyEntityRef(e) === options.entityRef)!
    : options.entities[0];
  const now = new Date();
  const progress: string[] = [];
  const result = await engine.run({
    input: {
      id: 'test-run',
      entityRef: stringifyEntityRef(entity),
      window: options.window ?? {
        from: new Date(now.getTime() - 3_600_000),
        to: now,
      },
    },
    entity,
    catalog: catalogOf(options.entities),
    namespaceGate: options.authorize
      ? new NamespaceGate({
          collector: kubernetes,
          authorize: options.authorize,
        })
      : NamespaceGate.allowAll(kubernetes),
    onProgress: (step, message) => progress.push(`${step}: ${message}`),
  });
  return { ...result, progress };
}
