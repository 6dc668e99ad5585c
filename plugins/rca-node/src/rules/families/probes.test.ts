import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { EvidenceLedger } from '../../contracts';
import type { TargetObjects } from '../../sources/kubernetes/kubeFacts';
import type { StartupLine } from '../../sources/victoriaLogs/startupLines';
import { podFindings } from '../drivers/podFindings';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const at = (s: number) => new Date(NOW - s * 1000);

/**
 * A container killed by its liveness probe 40 s after start (budget 10 + 3×10 s), with the
 * kubelet's "connection refused": on its own, start-up slower than the probe allows. The probe
 * targets port 8080 and the container declares no port.
 */
function killedByLiveness(): { pod: V1Pod; events: CoreV1Event[] } {
  const pod: V1Pod = {
    metadata: { name: 'api-6d8f7-x2x9z', namespace: 'shop' },
    spec: {
      containers: [
        {
          name: 'api',
          image: 'registry.example/api:2.0',
          livenessProbe: {
            httpGet: { path: '/healthz', port: 8080 as never },
            initialDelaySeconds: 10,
            periodSeconds: 10,
            failureThreshold: 3,
          },
        },
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'api',
          image: 'registry.example/api:2.0',
          imageID: '',
          ready: false,
          restartCount: 6,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: {
            terminated: {
              exitCode: 137,
              reason: 'Error',
              startedAt: at(100),
              finishedAt: at(60),
            },
          },
        },
      ],
    },
  };
  const event = (reason: string, message: string): CoreV1Event => ({
    metadata: { name: `api.${reason}` },
    involvedObject: {
      kind: 'Pod',
      name: 'api-6d8f7-x2x9z',
      namespace: 'shop',
      fieldPath: 'spec.containers{api}',
    },
    reason,
    message,
    type: 'Warning',
    count: 18,
    lastTimestamp: at(60),
    firstTimestamp: at(1200),
  });
  return {
    pod,
    events: [
      event(
        'Unhealthy',
        'Liveness probe failed: Get "http://10.1.2.3:8080/healthz": dial tcp 10.1.2.3:8080: connect: connection refused',
      ),
      event(
        'Killing',
        'Container api failed liveness probe, will be restarted',
      ),
    ],
  };
}

function findings(lines?: StartupLine[]) {
  const { pod, events } = killedByLiveness();
  return podFindings(
    {
      ledger: new EvidenceLedger(),
      cluster: 'prod',
      objects: { events } as unknown as TargetObjects,
      window: { from: at(3600), to: new Date(NOW) },
      startupLines: lines,
    },
    pod,
  );
}

describe('liveness probe on the wrong port vs start-up too slow', () => {
  it('reads a kill during start-up with "connection refused" as start-up too slow when the app never said it listens', () => {
    expect(findings().map(f => f.category)).toContain(
      'startup_too_slow_for_probe',
    );
  });

  it('blames the probe when the app logs that it listens on another port', () => {
    const [found] = findings([
      {
        time: at(95).toISOString(),
        pod: 'api-6d8f7-x2x9z',
        container: 'api',
        text: 'HTTP server listening on :9000',
        port: 9000,
        evidence: 'victorialogs|listening',
      },
    ]).filter(f => f.category.includes('probe'));
    expect(found.category).toBe('liveness_probe_misconfigured');
    expect(found.explanation).toMatch(
      /port 8080 is not one the container listens on: its logs say port 9000/,
    );
    expect(found.evidence).toContain('victorialogs|listening');
  });

  it('does not call it slow start-up when the app said it listens on the probed port', () => {
    const categories = findings([
      {
        time: at(95).toISOString(),
        pod: 'api-6d8f7-x2x9z',
        container: 'api',
        text: 'listening on :8080',
        port: 8080,
      },
    ]).map(f => f.category);
    expect(categories).toContain('liveness_probe_misconfigured');
    expect(categories).not.toContain('startup_too_slow_for_probe');
  });
});

describe('readiness probe against an app bound to loopback', () => {
  it('says the app listens on 127.0.0.1 only, citing its own line', () => {
    const pod: V1Pod = {
      metadata: { name: 'sched-8d7c-4wq9m', namespace: 'shop' },
      spec: {
        containers: [
          { name: 'sched', image: 'registry.k8s.io/kube-scheduler:v1.30.2' },
        ],
      },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        ],
        containerStatuses: [
          {
            name: 'sched',
            image: 'registry.k8s.io/kube-scheduler:v1.30.2',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { running: { startedAt: at(1200) } },
          },
        ],
      },
    };
    const events: CoreV1Event[] = [
      {
        metadata: { name: 'sched.unhealthy' },
        involvedObject: {
          kind: 'Pod',
          name: 'sched-8d7c-4wq9m',
          namespace: 'shop',
        },
        reason: 'Unhealthy',
        message:
          'Readiness probe failed: Get "https://10.1.2.4:10259/healthz": dial tcp 10.1.2.4:10259: connect: connection refused',
        type: 'Warning',
        count: 60,
        lastTimestamp: at(30),
        firstTimestamp: at(1180),
      },
    ];
    const [found] = podFindings(
      {
        ledger: new EvidenceLedger(),
        cluster: 'prod',
        objects: { events } as unknown as TargetObjects,
        window: { from: at(3600), to: new Date(NOW) },
        startupLines: [
          {
            time: at(1190).toISOString(),
            pod: 'sched-8d7c-4wq9m',
            container: 'sched',
            text: 'Serving securely on 127.0.0.1:10259',
            port: 10259,
            loopback: true,
            evidence: 'victorialogs|serving',
          },
        ],
      },
      pod,
    );
    expect(found.category).toBe('readiness_probe_failing');
    expect(found.explanation).toMatch(
      /listens on a loopback address only \("Serving securely on 127\.0\.0\.1:10259"\)/,
    );
    expect(found.evidence).toContain('victorialogs|serving');
  });
});
