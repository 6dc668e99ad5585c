import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { analyzeScenario } from '../__testUtils__/harness';
import { entity, NS, scenarioOf } from '../__testUtils__/kit';
import { STREAM_FIELDS } from '../__testUtils__/signalsKit';
import { podNamePatterns } from '../sources/kubernetes/podNamePatterns';

// Metrics and logs are keyed by pod name, and a workload need not be named after its entity: a
// CronJob's pods are `<cronjob>-<minutes>-<id>`. They are read under the names their pods carry.

const vl = new VictoriaLogsStandIn();
const now = Date.now();
const at = (m: number) => new Date(now - m * 60_000).toISOString();
const labels = { 'backstage.io/kubernetes-id': 'backups', app: 'backups' };
const JOB = 'state-export-28937460';

beforeAll(async () => {
  vl.ingest(
    [
      ...["Cloning into '/backup/git'...", 'Host key verification failed.'].map(
        (msg, i) => ({
          _time: at(20 - i / 10),
          _msg: msg,
          level: i ? 'error' : 'info',
          kubernetes: {
            pod_namespace: NS,
            pod_name: `${JOB}-x7k2q`,
            container_name: 'export',
          },
        }),
      ),
    ],
    { streamFields: STREAM_FIELDS },
  );
  await vl.start();
});

afterAll(() => vl.stop());

const job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name: JOB,
    namespace: NS,
    labels,
    ownerReferences: [
      { kind: 'CronJob', name: 'state-export', controller: true, uid: 'cj' },
    ],
  },
  spec: { backoffLimit: 0, template: { metadata: { labels } } },
  status: {
    failed: 1,
    startTime: at(21),
    conditions: [
      {
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        lastTransitionTime: at(19),
      },
    ],
  },
};
const jobPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: `${JOB}-x7k2q`,
    namespace: NS,
    labels: { ...labels, 'job-name': JOB },
    creationTimestamp: at(21),
    ownerReferences: [{ kind: 'Job', name: JOB, controller: true, uid: 'job' }],
  },
  spec: {
    containers: [{ name: 'export', image: 'registry.example.com/export:2' }],
  },
  status: {
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'export',
        ready: false,
        restartCount: 0,
        image: 'registry.example.com/export:2',
        state: {
          terminated: { reason: 'Error', exitCode: 128, finishedAt: at(19) },
        },
      },
    ],
  },
};

describe('pods named after their workload, not the entity', () => {
  it("reads a CronJob's pod logs and quotes the failed run's last lines", async () => {
    const { report } = await analyzeScenario({
      scenario: scenarioOf({
        name: 'backups',
        expected: 'job_backoff_limit_exceeded',
        entities: [entity('backups')],
        objects: [job, jobPod] as never,
      }),
      entities: [entity('backups')],
      victoriaLogsUrl: vl.url,
    });
    const top = report.hypotheses[0];
    expect(top.category).toBe('job_backoff_limit_exceeded');
    expect(top.explanation).toContain('Host key verification failed');
    // The logs were asked for under the pods' names, and only in the readable namespace.
    expect(
      report.queries
        .filter(q => q.startsWith('victorialogs:'))
        .every(q => q.includes(`kubernetes.pod_namespace="${NS}"`)),
    ).toBe(true);
    expect(report.queries.join('\n')).toContain(
      'kubernetes.pod_name=~"(backups-.*|state-export-[0-9]+-[a-z0-9]{5})"',
    );
  });

  it('names pods as each controller does, and no look-alike workload', () => {
    const owned = (name: string, kind: string, owner: string, hash?: string) =>
      ({
        metadata: {
          name,
          labels: hash ? { 'pod-template-hash': hash } : {},
          ownerReferences: [{ kind, name: owner, controller: true }],
        },
      } as never);
    const patterns = podNamePatterns([
      owned('web-7d9f8c-abcde', 'ReplicaSet', 'web-7d9f8c', '7d9f8c'),
      owned('web-7d9f8c-fghij', 'ReplicaSet', 'web-7d9f8c', '7d9f8c'),
      owned('state-export-28937460-x7k2q', 'Job', 'state-export-28937460'),
      owned('pg-main-1', 'StatefulSet', 'pg-main'),
      owned('agent-p2m8v', 'DaemonSet', 'agent'),
      { metadata: { name: 'debug-shell' } } as never,
    ]);
    expect(patterns).toHaveLength(5);
    const regex = new RegExp(`^(?:${patterns.join('|')})$`);
    for (const pod of [
      'web-5c7b9d6f8d-p2lmx',
      'state-export-28937490-b4n9w',
      'pg-main-0',
      'agent-z9q3t',
      'debug-shell',
    ])
      expect(pod).toMatch(regex);
    // Other workloads whose names start the same way stay out.
    for (const pod of [
      'web-gateway-5c7b9d6f8d-p2lmx',
      'state-export-report-28937490-b4n9w',
      'pg-main-backup-0',
      'agent-proxy-z9q3t',
      'debug-shell-2',
    ])
      expect(pod).not.toMatch(regex);
  });
});
