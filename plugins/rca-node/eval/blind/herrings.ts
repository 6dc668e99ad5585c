import type { KubeObject } from '@internal/k8s-standin';
import {
  type Container,
  ev,
  NODES,
  obj,
  pod,
  running,
  terminated,
  waiting,
} from './k8s';
import { chronic, json, klog, logfmt, traceId } from './telemetry';

/**
 * Red herrings shared by several scenarios: plausible, loud, and unrelated to the incident. Each
 * names its object so the runner can tell when one is ranked first.
 */

export const ISTIO = 'docker.io/istio/proxyv2:1.20.3';

/** An istio-proxy that was OOMKilled once, `ago` (e.g. `3d`, `5h`) ago, and has run since. */
export const oldSidecarOom = (ago = '3d'): Container => ({
  name: 'istio-proxy',
  image: ISTIO,
  restarts: 1,
  state: running(`now-${ago}`),
  last: terminated('OOMKilled', 137, {
    started: `now-${ago}-9d`,
    finished: `now-${ago}`,
  }),
  resources: {
    limits: { cpu: '2', memory: '256Mi' },
    requests: { cpu: '100m', memory: '128Mi' },
  },
});

export const sidecar = (): Container => ({
  name: 'istio-proxy',
  image: ISTIO,
  ports: [{ containerPort: 15090, name: 'http-envoy-prom' }],
});

/** Another team's Deployment crash-looping in the same namespace, with its BackOff events. */
export function neighbourCrash(
  app: string,
  podName: string,
  message: string,
  exitCode = 1,
): KubeObject[] {
  return [
    pod({
      app,
      name: podName,
      owner: {
        kind: 'ReplicaSet',
        name: podName.split('-').slice(0, -1).join('-'),
      },
      node: NODES[2],
      containers: [
        {
          name: app,
          image: `registry.example.com/${app}:0.9.3`,
          restarts: 41,
          state: waiting(
            'CrashLoopBackOff',
            `back-off 5m0s restarting failed container=${app} pod=${podName}_shop(uid-shop-${podName})`,
          ),
          last: terminated('Error', exitCode, { message }),
        },
      ],
    }),
    ev('Pod', podName, 'BackOff', 'Back-off restarting failed container', {
      first: 'now-6h',
      last: 'now-2m',
      count: 97,
      fieldPath: `spec.containers{${app}}`,
    }),
  ];
}

/** HPA conditions after a recovered metrics outage. */
const RECOVERED = [
  {
    type: 'AbleToScale',
    status: 'True',
    reason: 'ReadyForNewScale',
    message: 'recommended size matches current size',
    lastTransitionTime: 'now-40m',
  },
  {
    type: 'ScalingActive',
    status: 'True',
    reason: 'ValidMetricFound',
    message:
      'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    lastTransitionTime: 'now-44m',
  },
  {
    type: 'ScalingLimited',
    status: 'False',
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
    lastTransitionTime: 'now-44m',
  },
];

/** An HPA whose metrics outage ended 45 minutes ago: old warning events, conditions healthy now. */
export function clearedHpa(
  app: string,
  min = 3,
  max = 12,
  current = 3,
): KubeObject[] {
  return [
    obj(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      app,
      {
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: app,
          },
          minReplicas: min,
          maxReplicas: max,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 70 },
              },
            },
          ],
        },
        status: {
          currentReplicas: current,
          desiredReplicas: current,
          currentMetrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                current: { averageUtilization: 41, averageValue: '205m' },
              },
            },
          ],
          conditions: RECOVERED,
        },
      },
      { labels: { 'backstage.io/kubernetes-id': app } },
    ),
    ev(
      'HorizontalPodAutoscaler',
      app,
      'FailedGetResourceMetric',
      'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)',
      {
        component: 'horizontal-pod-autoscaler',
        first: 'now-58m',
        last: 'now-45m',
        count: 27,
      },
    ),
  ];
}

/** Normal cert-manager events: a certificate renewed on schedule. */
export const certRenewed = (cert: string): KubeObject[] => [
  ev(
    'Certificate',
    cert,
    'Issuing',
    'The certificate has been successfully issued',
    {
      type: 'Normal',
      component: 'cert-manager-certificates-issuing',
      first: 'now-35m',
      last: 'now-35m',
    },
  ),
  ev(
    'Certificate',
    cert,
    'Reused',
    'Reusing private key stored in existing Secret resource',
    {
      type: 'Normal',
      component: 'cert-manager-certificates-key-manager',
      first: 'now-36m',
      last: 'now-36m',
    },
  ),
];

/** A node that was cordoned and drained for a routine upgrade half an hour ago. */
export const drainedNode = (name = NODES[0]): KubeObject[] => [
  ev(
    'Node',
    name,
    'NodeNotSchedulable',
    `Node ${name} status is now: NodeNotSchedulable`,
    {
      type: 'Normal',
      first: 'now-32m',
      last: 'now-32m',
      host: name,
    },
  ),
  ev(
    'Node',
    name,
    'NodeSchedulable',
    `Node ${name} status is now: NodeSchedulable`,
    {
      type: 'Normal',
      first: 'now-24m',
      last: 'now-24m',
      host: name,
    },
  ),
];

/** A warning that has fired every few minutes for weeks (present before the window too). */
export const staleWarningEvent = (
  kind: string,
  name: string,
  reason: string,
  message: string,
) =>
  ev(kind, name, reason, message, {
    first: 'now-19d',
    last: 'now-4m',
    count: 5210,
  });

/** Chronic app errors in JSON, logfmt or klog form, at the same rate before and in the window. */
export const chronicJson = (
  p: string,
  c: string,
  msg: string,
  fields: Record<string, unknown> = {},
) =>
  chronic(p, c, (i, at) =>
    json(at, 'error', msg, { ...fields, trace_id: traceId(p, i) }),
  );

export const chronicLogfmt = (
  p: string,
  c: string,
  msg: string,
  fields: Record<string, string> = {},
) => chronic(p, c, (_i, at) => logfmt(at, 'warn', msg, fields));

export const chronicKlog = (p: string, c: string, file: string, msg: string) =>
  chronic(p, c, (_i, at) => klog(at, 'W', file, msg));
