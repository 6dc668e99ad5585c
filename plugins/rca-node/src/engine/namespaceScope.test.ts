import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  type KubeObject,
  KubernetesStandIn,
  materializeTimes,
} from '@internal/k8s-standin';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { deployment, event, pod } from '../__testUtils__/kit';
import {
  httpTraffic,
  STREAM_FIELDS,
  step,
  toImport,
} from '../__testUtils__/signalsKit';
import { analyzeScenario, component } from '../__testUtils__/harness';
import {
  startVictoriaMetrics,
  type VictoriaMetricsServer,
} from '../__testUtils__/victoriaMetricsServer';
import type { GateNamespace } from './NamespaceGate';

// Finding: analyses read namespaces the requester may not see. Canary text is planted in every
// denied namespace of every source (Kubernetes objects and events, VictoriaMetrics series,
// VictoriaLogs lines, k8sgpt Results); the requester owns only `payments-prod`. For every entity
// kind and annotation combination, no canary may reach the report, and no request to any source
// may name a denied namespace or leave the namespace open.

const ALLOWED = 'payments-prod';
const DENIED = ['kube-system', 'platform-engineering-prod'];
const CANARY = 'canary7q';

/** Moves an eval-kit object into `namespace`, renaming it so its name carries the canary. */
function inNamespace(o: KubeObject, namespace: string): KubeObject {
  const canary = namespace !== ALLOWED;
  const rename = (n?: string) =>
    canary && n ? n.replace(/^([a-z]+)-/, `$1-${CANARY}-`) : n;
  const copy = JSON.parse(JSON.stringify(o)) as KubeObject;
  copy.metadata.namespace = namespace;
  copy.metadata.name = rename(copy.metadata.name)!;
  const involved = (copy as any).involvedObject;
  if (involved) {
    involved.namespace = namespace;
    involved.name = rename(involved.name);
  }
  return copy;
}

/** A crash-looping pod of `app` with canary text in every message field. */
function failingPod(app: string): KubeObject {
  return pod(app, {
    waiting: {
      reason: 'CrashLoopBackOff',
      message: `${CANARY} secret-ish detail of ${app}`,
    },
    lastTerminated: {
      reason: 'Error',
      exitCode: 1,
      message: `${CANARY} panic: ${app} cannot reach ${CANARY}.internal`,
    },
  });
}

function objects(): KubeObject[] {
  const healthy = ['payments', 'ledger'].flatMap(app => [
    ...deployment(app),
    pod(app),
  ]);
  const noisy = ['payments', 'ledger', 'platform', 'audit'].flatMap(app => [
    ...deployment(app),
    failingPod(app),
    event('Pod', `${app}-rs1-a1b2c`, 'BackOff', `${CANARY} back-off ${app}`, {
      count: 12,
      first: 'now-20m',
    }),
  ]);
  return [
    ...healthy.map(o => inNamespace(o, ALLOWED)),
    ...DENIED.flatMap(ns => noisy.map(o => inNamespace(o, ns))),
    k8sgptResult('kube-system', 'payments'),
    k8sgptResult('platform-engineering-prod', 'platform'),
    k8sgptResult(ALLOWED, 'payments', 'fine'),
    // Results are served only where the k8sgpt-operator CRD is installed.
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'results.core.k8sgpt.ai' },
    } as KubeObject,
  ];
}

function k8sgptResult(namespace: string, app: string, text = CANARY) {
  return {
    apiVersion: 'core.k8sgpt.ai/v1alpha1',
    kind: 'Result',
    metadata: {
      name: `${namespace}${app}`.replace(/[^a-z0-9]/g, ''),
      namespace: 'k8sgpt-operator-system',
      labels: { 'backstage.io/kubernetes-id': app },
    },
    spec: {
      backend: 'openai',
      kind: 'Pod',
      name: `${namespace}/${app}-${text}-rs1-a1b2c`,
      parentObject: `Deployment/${app}`,
      error: [{ text: `${text}: back-off restarting failed container` }],
      details: '',
    },
  } as unknown as KubeObject;
}

function withAnnotations(
  kind: string,
  name: string,
  annotations: Record<string, string>,
  dependsOn: string[] = [],
): Entity {
  const base = component(name, { id: '', dependsOn });
  return {
    ...base,
    kind,
    metadata: { ...base.metadata, annotations },
  };
}

const entities: Entity[] = [
  component('payments', {
    namespace: ALLOWED,
    dependsOn: [
      'component:default/ledger',
      'component:default/platform',
      'component:default/audit',
      'resource:default/platform-db',
    ],
  }),
  // kubernetes-id only: workloads run in the allowed and the denied namespaces.
  component('ledger'),
  // No Kubernetes annotation at all: metrics and logs used to match `platform-.*` anywhere.
  withAnnotations('Component', 'platform', {}),
  // Only a namespace annotation, naming a denied namespace.
  withAnnotations('Component', 'audit', {
    'backstage.io/kubernetes-namespace': 'kube-system',
  }),
  // A label selector matching only denied namespaces.
  withAnnotations('Resource', 'platform-db', {
    'backstage.io/kubernetes-label-selector': 'app=platform',
  }),
  withAnnotations('System', 'platform', {}),
  withAnnotations('Group', 'platform-engineering', {}),
  withAnnotations('Component', 'payments-anywhere', {
    'backstage.io/kubernetes-id': 'payments',
  }),
  withAnnotations('Component', 'payments-by-label', {
    'backstage.io/kubernetes-label-selector': 'app=payments',
  }),
];

/** Records every request (path and body) before passing it to the real VictoriaMetrics. */
async function recordingProxy(target: string, seen: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push(decodeURIComponent(`${req.url} ${body}`.replace(/\+/g, ' ')));
      const up = httpRequest(
        `${target}${req.url}`,
        { method: req.method, headers: req.headers },
        upRes => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      up.end(body);
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return server;
}

const onlyAllowed = async (refs: GateNamespace[]) =>
  refs.map(r => ({
    allowed: r.cluster === 'prod' && r.namespace === ALLOWED,
    ...(r.namespace === ALLOWED
      ? {}
      : {
          error: new NotAllowedError(
            `You may not see namespace ${r.namespace}`,
          ),
        }),
  }));

// The sources are started once for the whole file (VictoriaMetrics is a real process).
const now = new Date();
const k8s = new KubernetesStandIn({ clusters: {} });
const vl = new VictoriaLogsStandIn();
const vmQueries: string[] = [];
let vm: VictoriaMetricsServer;
let proxy: Server;
const scenario = materializeTimes(
  { name: 'canary', clusters: { prod: { objects: objects() } } },
  now,
);

beforeAll(async () => {
  await Promise.all([k8s.start(), vl.start()]);
  k8s.load(scenario);
  vm = await startVictoriaMetrics();
  proxy = await recordingProxy(vm.url, vmQueries);
  const pods = (ns: string, app: string) =>
    ns === ALLOWED ? `${app}-rs1-a1b2c` : `${app}-${CANARY}-rs1-a1b2c`;
  const series = [ALLOWED, ...DENIED].flatMap(ns =>
    ['payments', 'ledger', 'platform', 'audit'].flatMap(app =>
      httpTraffic(
        pods(ns, app),
        step(-20, 0.001, ns === ALLOWED ? 0.001 : 0.9),
      ).map(s => ({ ...s, metric: { ...s.metric, namespace: ns } })),
    ),
  );
  await vm.load(toImport(series, now));
  const rows = [ALLOWED, ...DENIED].flatMap(ns =>
    ['payments', 'ledger', 'platform', 'audit'].flatMap(app =>
      Array.from({ length: 30 }, (_, i) => ({
        _time: new Date(now.getTime() - (i + 1) * 60_000).toISOString(),
        _msg:
          ns === ALLOWED
            ? `GET /health 200 (${i})`
            : `ERROR ${CANARY} ${app} leaked line ${i}`,
        level: ns === ALLOWED ? 'info' : 'error',
        kubernetes: {
          pod_namespace: ns,
          pod_name: pods(ns, app),
          container_name: app,
        },
      })),
    ),
  );
  vl.ingest(rows, { streamFields: STREAM_FIELDS });
}, 60_000);

afterAll(async () => {
  await new Promise(r => proxy?.close(r));
  await vm?.stop();
  await Promise.all([k8s.stop(), vl.stop()]);
});

const analyze = (entityRef: string) =>
  analyzeScenario({
    scenario,
    entities,
    entityRef,
    standIn: k8s,
    window: { from: new Date(now.getTime() - 3_600_000), to: now },
    victoriaMetricsUrl: `http://127.0.0.1:${
      (proxy.address() as AddressInfo).port
    }`,
    victoriaLogsUrl: vl.url,
    k8sgpt: true,
    authorize: onlyAllowed,
  });

/** Every request any source received during `run`. */
async function requestsDuring<T>(run: () => Promise<T>) {
  k8s.requests.length = 0;
  vl.requests.length = 0;
  vmQueries.length = 0;
  const result = await run();
  return {
    result,
    kubernetes: [...k8s.requests],
    logs: vl.requests.map(r => r.query ?? '').filter(Boolean),
    metrics: [...vmQueries],
  };
}

/** No request to any source names a denied namespace, or leaves the namespace open. */
function expectOnlyAllowedQueried({
  kubernetes,
  logs,
  metrics,
}: {
  kubernetes: string[];
  logs: string[];
  metrics: string[];
}) {
  // Kubernetes: namespaced requests only in the allowed namespace; the only cluster-wide ones
  // locate workloads by label (their answer is reduced to namespace names before the check),
  // read nodes, or read k8sgpt Results (filtered to allowed namespaces).
  const clusterWide =
    /^GET \/clusters\/prod\/(api\/v1\/(pods|nodes(\/[\w.-]+)?)|apis\/apps\/v1\/deployments|apis\/core\.k8sgpt\.ai\/v1alpha1\/results|apis\/(storage|networking)\.k8s\.io\/v1\/\w+)(\?|$)/;
  const namespaceOf = (r: string) => /\/namespaces\/([^/?]+)/.exec(r)?.[1];
  expect(
    kubernetes.filter(r => namespaceOf(r) && namespaceOf(r) !== ALLOWED),
  ).toEqual([]);
  expect(
    kubernetes.filter(r => !namespaceOf(r) && !clusterWide.test(r)),
  ).toEqual([]);
  // Metrics and logs: every query names the allowed namespace exactly, nothing else.
  for (const q of [...metrics.filter(m => m.includes('query=')), ...logs]) {
    expect(q).toContain(ALLOWED);
    for (const d of DENIED) expect(q).not.toContain(d);
    expect(q).not.toMatch(/namespace=~"\.\+"|namespace=~"\.\*"/);
  }
}

describe('analyses read only the namespaces the requester may read', () => {
  it.each([
    'component:default/payments',
    'component:default/ledger',
    'component:default/platform',
    'system:default/platform',
    'group:default/platform-engineering',
    'component:default/payments-anywhere',
    'component:default/payments-by-label',
  ])(
    '%s: no canary in the report, no denied namespace in any query',
    async ref => {
      const { result, kubernetes, logs, metrics } = await requestsDuring(() =>
        analyze(ref),
      );
      const text = `${result.markdown}\n${JSON.stringify(result.report)}`;
      expect(text).not.toContain(CANARY);
      expect(
        result.report.access?.namespaces.every(n => n.namespace === ALLOWED),
      ).toBe(true);

      expectOnlyAllowedQueried({ kubernetes, logs, metrics });
    },
  );

  it('entities without any namespace are analysed from the catalog only', async () => {
    for (const ref of [
      'system:default/platform',
      'group:default/platform-engineering',
    ]) {
      const { result, logs, metrics } = await requestsDuring(() =>
        analyze(ref),
      );
      expect(logs).toEqual([]);
      expect(metrics.filter(m => m.includes('query='))).toEqual([]);
      expect(result.report.access?.namespaces).toEqual([]);
      expect(result.report.gaps.join('\n')).toMatch(
        /analysed from the catalog only/,
      );
    }
  });

  it.each(['component:default/audit', 'resource:default/platform-db'])(
    '%s, whose namespaces are all denied, is refused before evidence is read',
    async ref => {
      const { result, kubernetes, logs, metrics } = await requestsDuring(() =>
        analyze(ref).then(
          () => undefined,
          (e: Error) => e,
        ),
      );
      expect(result).toBeInstanceOf(Error);
      expect(result?.name).toBe('NotAllowedError');
      expect(kubernetes.filter(r => r.includes('/namespaces/'))).toEqual([]);
      expect(logs).toEqual([]);
      expect(metrics.filter(m => m.includes('query='))).toEqual([]);
    },
  );

  it('dependencies are read only where the requester may read them', async () => {
    const { result } = await requestsDuring(() =>
      analyze('component:default/payments'),
    );
    const gaps = result.report.gaps.join('\n');
    // ledger runs in payments-prod too: kept there, its denied namespaces named as gaps.
    expect(gaps).toMatch(
      /may not see namespace .*kube-system.*component:default\/ledger/,
    );
    expect(result.progress.join('\n')).toMatch(
      /resource:default\/platform-db: left out, none of its namespaces is visible to you/,
    );
  });
});
