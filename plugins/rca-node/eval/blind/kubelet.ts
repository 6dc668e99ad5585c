import type { KubeObject } from '@internal/k8s-standin';
import { NS } from '../../src/__testUtils__/kit';
import { ev, NODES } from './k8s';

/**
 * Event sequences in the shapes the kubelet, scheduler and controllers emit them (message texts
 * copied from the issue threads the scenarios cite).
 */

const fp = (c: string) => `spec.containers{${c}}`;

export const scheduled = (p: string, node = NODES[0], at = 'now-25m') =>
  ev('Pod', p, 'Scheduled', `Successfully assigned ${NS}/${p} to ${node}`, {
    type: 'Normal',
    component: 'default-scheduler',
    first: at,
    last: at,
  });

/** Pulling → Failed (rpc error) → ErrImagePull → BackOff → ImagePullBackOff. */
export function pullFailure(
  p: string,
  container: string,
  image: string,
  rpcError: string,
  count = 9,
): KubeObject[] {
  const o = { fieldPath: fp(container), first: 'now-24m', count };
  return [
    ev('Pod', p, 'Pulling', `Pulling image "${image}"`, {
      ...o,
      type: 'Normal',
    }),
    ev('Pod', p, 'Failed', `Failed to pull image "${image}": ${rpcError}`, o),
    ev('Pod', p, 'Failed', 'Error: ErrImagePull', o),
    ev('Pod', p, 'BackOff', `Back-off pulling image "${image}"`, {
      ...o,
      type: 'Normal',
      count: count * 12,
    }),
    ev('Pod', p, 'Failed', 'Error: ImagePullBackOff', {
      ...o,
      count: count * 12,
    }),
  ];
}

/** Pulled/Created/Started then BackOff, as a crash loop shows in `kubectl describe`. */
export function crashLoop(
  p: string,
  container: string,
  image: string,
  count = 8,
  first = 'now-22m',
): KubeObject[] {
  const o = { fieldPath: fp(container), first, count };
  return [
    ev(
      'Pod',
      p,
      'Pulled',
      `Container image "${image}" already present on machine`,
      { ...o, type: 'Normal' },
    ),
    ev('Pod', p, 'Created', `Created container ${container}`, {
      ...o,
      type: 'Normal',
    }),
    ev('Pod', p, 'Started', `Started container ${container}`, {
      ...o,
      type: 'Normal',
    }),
    ev('Pod', p, 'BackOff', 'Back-off restarting failed container', {
      ...o,
      count: count * 4,
    }),
  ];
}

/** `Unhealthy` probe failures; liveness and startup add the kubelet's `Killing`. */
export function probeFailures(
  p: string,
  container: string,
  probe: 'Liveness' | 'Readiness' | 'Startup',
  failure: string,
  count = 30,
  first = 'now-22m',
): KubeObject[] {
  const o = { fieldPath: fp(container), first, count };
  const out = [
    ev('Pod', p, 'Unhealthy', `${probe} probe failed: ${failure}`, o),
  ];
  if (probe !== 'Readiness')
    out.push(
      ev(
        'Pod',
        p,
        'Killing',
        `Container ${container} failed ${probe.toLowerCase()} probe, will be restarted`,
        {
          ...o,
          type: 'Normal',
          count: Math.ceil(count / 3),
        },
      ),
    );
  return out;
}

export const failedScheduling = (
  p: string,
  message: string,
  count = 14,
  first = 'now-24m',
) =>
  ev('Pod', p, 'FailedScheduling', message, {
    component: 'default-scheduler',
    first,
    count,
  });

export const failedMount = (p: string, message: string, count = 12) =>
  ev('Pod', p, 'FailedMount', message, { first: 'now-23m', count });

export const scaledUp = (app: string, rs: string, n: number, at = 'now-26m') =>
  ev(
    'Deployment',
    app,
    'ScalingReplicaSet',
    `Scaled up replica set ${rs} to ${n}`,
    {
      type: 'Normal',
      component: 'deployment-controller',
      first: at,
      last: at,
    },
  );

export const scaledDown = (
  app: string,
  rs: string,
  n: number,
  at = 'now-25m',
) =>
  ev(
    'Deployment',
    app,
    'ScalingReplicaSet',
    `Scaled down replica set ${rs} to ${n}`,
    {
      type: 'Normal',
      component: 'deployment-controller',
      first: at,
      last: at,
    },
  );

export const failedCreate = (
  kind: string,
  owner: string,
  message: string,
  count = 16,
) =>
  ev(kind, owner, 'FailedCreate', message, {
    component:
      kind === 'StatefulSet'
        ? 'statefulset-controller'
        : 'replicaset-controller',
    first: 'now-24m',
    count,
  });
