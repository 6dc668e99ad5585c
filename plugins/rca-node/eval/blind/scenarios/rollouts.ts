import { entity } from '../../../src/__testUtils__/kit';
import { latency, step, wobble } from '../../../src/__testUtils__/signalsKit';
import {
  chronicJson,
  chronicLogfmt,
  clearedHpa,
  oldSidecarOom,
  sidecar,
} from '../herrings';
import {
  deployment,
  healthyNodes,
  NODES,
  pod,
  running,
  terminated,
  waiting,
} from '../k8s';
import { crashLoop, scaledDown, scaledUp } from '../kubelet';
import { json, log, traceId, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** Rollouts: stuck on the progress deadline, or healthy and worse. */

const REC = 'registry.example.com/ml/recommender';

const PODINFO = 'ghcr.io/stefanprodan/podinfo';

export const rolloutScenarios: BlindScenario[] = [
  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment — the new
  // ReplicaSet never became available and the Deployment reported ProgressDeadlineExceeded while the old
  // ReplicaSet kept serving.
  {
    name: 'rollout-progress-deadline-exceeded',
    expected: 'rollout_stuck_progress_deadline',
    source:
      'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment',
    entities: [entity('recommender')],
    objects: [
      ...healthyNodes(),
      ...deployment('recommender', {
        hash: '7c6b9f8d5d',
        image: `${REC}:3.0.0`,
        prev: { hash: '5d8c7b6f9c', image: `${REC}:2.9.6` },
        created: 'now-28m',
        replicas: 3,
        ready: 2,
        containers: [{ name: 'recommender', image: `${REC}:3.0.0` }, sidecar()],
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            lastTransitionTime: 'now-60d',
          },
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message:
              'ReplicaSet "recommender-7c6b9f8d5d" has timed out progressing.',
            lastTransitionTime: 'now-18m',
          },
        ],
      }),
      ...['5d8c7b6f9c-2kx7q', '5d8c7b6f9c-w9m4t'].map((s, i) =>
        pod({
          app: 'recommender',
          name: `recommender-${s}`,
          owner: { kind: 'ReplicaSet', name: 'recommender-5d8c7b6f9c' },
          node: NODES[i],
          created: 'now-6d',
          containers: [
            { name: 'recommender', image: `${REC}:2.9.6` },
            i ? sidecar() : oldSidecarOom('5d'),
          ],
        }),
      ),
      pod({
        app: 'recommender',
        name: 'recommender-7c6b9f8d5d-q4n8x',
        owner: { kind: 'ReplicaSet', name: 'recommender-7c6b9f8d5d' },
        node: NODES[2],
        created: 'now-28m',
        containers: [
          {
            name: 'recommender',
            image: `${REC}:3.0.0`,
            restarts: 9,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 5m0s restarting failed container=recommender',
            ),
            last: terminated('Error', 2),
          },
          { ...sidecar(), state: running('now-28m') },
        ],
      }),
      ...crashLoop(
        'recommender-7c6b9f8d5d-q4n8x',
        'recommender',
        `${REC}:3.0.0`,
        9,
        'now-28m',
      ),
      scaledUp('recommender', 'recommender-7c6b9f8d5d', 1, 'now-28m'),
      scaledDown('recommender', 'recommender-5d8c7b6f9c', 2, 'now-28m'),
      ...clearedHpa('recommender', 3, 12, 3),
    ],
    logs: [
      log(
        'recommender-7c6b9f8d5d-q4n8x',
        'recommender',
        'error',
        9,
        -28,
        0,
        () =>
          'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x1469e2a]\n\ngoroutine 1 [running]:\nmain.loadModel(...)\n\t/src/cmd/recommender/main.go:88 +0x2a',
      ),
      chronicJson(
        'recommender-5d8c7b6f9c-2kx7q',
        'recommender',
        'feature store lookup slow',
        { p99_ms: 420 },
      ),
    ],
    signals: {
      series: traffic(
        'recommender-5d8c7b6f9c-2kx7q',
        'recommender',
        () => 0.003,
        30,
      ),
    },
    needles: ['recommender-7c6b9f8d5d', 'ProgressDeadlineExceeded'],
    redHerrings: [
      {
        object: 'recommender-5d8c7b6f9c-2kx7q',
        what: 'its istio-proxy was OOMKilled five days ago',
      },
      {
        object: 'HorizontalPodAutoscaler shop/recommender',
        what: 'an HPA metrics outage that ended 45 minutes ago',
      },
    ],
  },
  // https://docs.flagger.app/tutorials/istio-progressive-delivery#automated-rollback — the failure the
  // tutorial's automated rollback guards against: a new revision that passes readiness but answers 500s.
  {
    name: 'healthy-rollout-raises-5xx',
    expected: 'bad_rollout_regression',
    source:
      'https://docs.flagger.app/tutorials/istio-progressive-delivery#automated-rollback',
    entities: [entity('podinfo')],
    objects: [
      ...healthyNodes(),
      ...deployment('podinfo', {
        hash: '6f7c8d9b5b',
        image: `${PODINFO}:6.1.0`,
        prev: { hash: '7b5d9c8f6d', image: `${PODINFO}:6.0.3` },
        created: 'now-24m',
        replicas: 2,
        containers: [{ name: 'podinfo', image: `${PODINFO}:6.1.0` }, sidecar()],
      }),
      ...['6f7c8d9b5b-k8w2q', '6f7c8d9b5b-t4z9n'].map((s, i) =>
        pod({
          app: 'podinfo',
          name: `podinfo-${s}`,
          owner: { kind: 'ReplicaSet', name: 'podinfo-6f7c8d9b5b' },
          node: NODES[i],
          created: 'now-24m',
          containers: [
            { name: 'podinfo', image: `${PODINFO}:6.1.0` },
            i ? sidecar() : oldSidecarOom('3d'),
          ],
        }),
      ),
      scaledUp('podinfo', 'podinfo-6f7c8d9b5b', 2, 'now-24m'),
      scaledDown('podinfo', 'podinfo-7b5d9c8f6d', 0, 'now-23m'),
    ],
    logs: [
      log(
        'podinfo-6f7c8d9b5b-k8w2q',
        'podinfo',
        'error',
        140,
        -23,
        0,
        (i, at) =>
          json(at, 'error', 'request failed', {
            caller: 'api/echo.go:43',
            path: '/api/echo',
            status: 500,
            error:
              'json: cannot unmarshal string into Go struct field Payload.amount of type float64',
            trace_id: traceId('pi', i),
          }),
      ),
      log(
        'frontend-6d8c7b9f5d-z2q8m',
        'istio-proxy',
        'info',
        80,
        -23,
        0,
        (i, at) =>
          `[${at.toISOString()}] "POST /api/echo HTTP/1.1" 500 - via_upstream - "-" 64 61 4 3 "-" "Go-http-client/1.1" "${traceId(
            'pi',
            i,
          )}" "podinfo.shop.svc.cluster.local:9898" "10.244.1.31:9898" outbound|9898||podinfo.shop.svc.cluster.local 10.244.3.17:48012 10.96.60.21:9898 10.244.3.17:51234 - default`,
      ),
      chronicLogfmt(
        'flagger-loadtester-5b9c8d7f6-x4m2w',
        'loadtester',
        'command finished',
        { cmd: 'hey -z 1m -q 10 -c 2 http://podinfo-canary.shop:9898/' },
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'podinfo-6f7c8d9b5b-k8w2q',
          'podinfo',
          wobble(step(-23, 0.002, 0.14), 0.15),
          40,
        ),
        ...traffic(
          'podinfo-6f7c8d9b5b-t4z9n',
          'podinfo',
          wobble(step(-23, 0.002, 0.13), 0.15),
          40,
        ),
        ...latency('podinfo-6f7c8d9b5b-k8w2q', step(-23, 0.05, 0.4), 40),
      ],
    },
    needles: ['podinfo-6f7c8d9b5b', '6.1.0'],
    redHerrings: [
      {
        object: 'podinfo-6f7c8d9b5b-k8w2q',
        what: 'its istio-proxy was OOMKilled three days ago',
      },
      {
        object: 'flagger-loadtester',
        what: 'the load tester runs chronically against the canary service',
      },
    ],
  },
];
