import { entity } from '../../../src/__testUtils__/kit';
import { chronicKlog, chronicLogfmt, neighbourCrash } from '../herrings';
import {
  cronJob,
  deployment,
  ev,
  healthyNodes,
  job,
  NODES,
  obj,
  pod,
  running,
  service,
  terminated,
  waiting,
} from '../k8s';
import { crashLoop } from '../kubelet';
import { klog, log } from '../telemetry';
import type { BlindScenario } from '../types';

/** Jobs, API permissions, init containers and dependencies needed at start. */

const BACKUP = 'quay.io/plange/kube-backup:1.12.0-1';
const CLEANUP = 'quay.io/lwolf/kube-cleanup-operator:0.8.3';
const BUSYBOX = 'busybox:1.28';
const MM = 'mattermost/mattermost-team-edition:9.11.1';

const backupPod = (
  name: string,
  jobName: string,
  started: string,
  failed: boolean,
) =>
  pod({
    app: 'kube-backup',
    name,
    owner: { kind: 'Job', name: jobName },
    phase: failed ? 'Failed' : 'Succeeded',
    created: started,
    volumes: [
      {
        name: 'sshkey',
        secret: { secretName: 'kube-backup-ssh', defaultMode: 420 },
      },
    ],
    containers: [
      {
        name: 'backup',
        image: BACKUP,
        ready: false,
        env: [
          { name: 'GIT_REPO', value: 'git@github.com:acme/cluster-state.git' },
        ],
        state: terminated(failed ? 'Error' : 'Completed', failed ? 128 : 0, {
          finished: started,
        }),
      },
    ],
  });

export const batchScenarios: BlindScenario[] = [
  // https://github.com/pieterlange/kube-backup/issues/71 — the backup CronJob's Job failed as soon as it
  // ran: "Job has reached the specified backoff limit"; its pods could not push to the Git remote.
  {
    name: 'cronjob-backup-backoff-limit',
    expected: 'job_backoff_limit_exceeded',
    source: 'https://github.com/pieterlange/kube-backup/issues/71',
    entities: [entity('kube-backup')],
    objects: [
      ...healthyNodes(),
      cronJob('kube-state-backup', 'kube-backup', {
        schedule: '*/30 * * * *',
        image: BACKUP,
        last: 'now-29m',
      }),
      job('kube-state-backup-28937460', 'kube-backup', {
        cronJob: 'kube-state-backup',
        image: BACKUP,
        failed: 4,
        started: 'now-29m',
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
            lastTransitionTime: 'now-21m',
          },
        ],
      }),
      ...['x7k2q', 'b4n9w', 'p2m8v', 'z9q3t'].map((s, i) =>
        backupPod(
          `kube-state-backup-28937460-${s}`,
          'kube-state-backup-28937460',
          `now-${29 - i * 2}m`,
          true,
        ),
      ),
      job('kube-state-backup-28937430', 'kube-backup', {
        cronJob: 'kube-state-backup',
        image: BACKUP,
        succeeded: 1,
        started: 'now-59m',
        conditions: [
          { type: 'Complete', status: 'True', lastTransitionTime: 'now-58m' },
        ],
      }),
      backupPod(
        'kube-state-backup-28937430-m3w7x',
        'kube-state-backup-28937430',
        'now-59m',
        false,
      ),
      ev(
        'Job',
        'kube-state-backup-28937460',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        { component: 'job-controller', first: 'now-21m', last: 'now-21m' },
      ),
      ev(
        'CronJob',
        'kube-state-backup',
        'SawCompletedJob',
        'Saw completed job: kube-state-backup-28937460, status: Failed',
        {
          type: 'Normal',
          component: 'cronjob-controller',
          first: 'now-21m',
          last: 'now-21m',
        },
      ),
      cronJob('report-generator', 'report-generator', {
        schedule: '0 6 * * *',
        image: 'registry.example.com/reports/generator:3.1.0',
        last: 'now-4d',
      }),
      ev(
        'CronJob',
        'report-generator',
        'MissSchedule',
        'Missed scheduled time to start a job: 2024-11-20T06:00:00Z',
        {
          component: 'cronjob-controller',
          first: 'now-4d',
          last: 'now-3d',
          count: 2,
        },
      ),
    ],
    logs: [
      log(
        'kube-state-backup-28937460-x7k2q',
        'backup',
        'error',
        4,
        -29,
        -22,
        i =>
          [
            "Cloning into '/backup/git'...",
            'Host key verification failed.',
            'fatal: Could not read from remote repository.',
            'Please make sure you have the correct access rights and the repository exists.',
          ][i],
      ),
      log(
        'kube-state-backup-28937430-m3w7x',
        'backup',
        'info',
        3,
        -59,
        -58,
        i =>
          [
            "Cloning into '/backup/git'...",
            'Exporting 14 resource types',
            '[master 4f1c2e9] Automatic backup at 2024-11-23T09:30:00Z',
          ][i],
      ),
    ],
    needles: ['kube-state-backup-28937460', 'Host key verification failed'],
    redHerrings: [
      {
        object: 'report-generator',
        what: 'another CronJob that missed two schedules days ago',
      },
      {
        object: 'kube-state-backup-28937430',
        what: 'the previous run succeeded: the failure is new, not chronic',
      },
    ],
  },
  // https://github.com/lwolf/kube-cleanup-operator/issues/81 — the operator worked in every namespace but
  // one: "pods is forbidden: User system:serviceaccount:...:cleanup-operator cannot list resource pods".
  // Here the RoleBinding was re-pointed at another namespace's ServiceAccount half an hour ago.
  {
    name: 'cleanup-operator-rbac-one-namespace',
    expected: 'rbac_forbidden',
    source: 'https://github.com/lwolf/kube-cleanup-operator/issues/81',
    entities: [entity('kube-cleanup-operator')],
    objects: [
      ...healthyNodes(),
      ...deployment('kube-cleanup-operator', {
        hash: '6c4747d7cb',
        image: CLEANUP,
        created: 'now-2d',
        replicas: 1,
        templateSpec: { serviceAccountName: 'cleanup-operator' },
      }),
      pod({
        app: 'kube-cleanup-operator',
        name: 'kube-cleanup-operator-6c4747d7cb-6bdrn',
        owner: { kind: 'ReplicaSet', name: 'kube-cleanup-operator-6c4747d7cb' },
        created: 'now-2d',
        spec: { serviceAccountName: 'cleanup-operator' },
        containers: [
          {
            name: 'kube-cleanup-operator',
            image: CLEANUP,
            args: [
              '--namespace=shop',
              '--delete-successful-after=15m',
              '--delete-evicted-after=15m',
            ],
          },
        ],
      }),
      obj(
        'v1',
        'ServiceAccount',
        'cleanup-operator',
        {},
        { created: 'now-2d' },
      ),
      obj(
        'rbac.authorization.k8s.io/v1',
        'RoleBinding',
        'cleanup-operator',
        {
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'cleanup-operator',
          },
          subjects: [
            {
              kind: 'ServiceAccount',
              name: 'cleanup-operator',
              namespace: 'batch',
            },
          ],
        },
        { created: 'now-29m' },
      ),
      ...['x2q8w', 'k7m3v', 'p9t4z'].map((s, i) =>
        pod({
          app: 'nightly-export',
          labels: { app: 'nightly-export' },
          name: `nightly-export-2893${7000 + i}-${s}`,
          owner: { kind: 'Job', name: `nightly-export-2893${7000 + i}` },
          phase: 'Succeeded',
          created: `now-${i + 1}d`,
          containers: [
            {
              name: 'export',
              image: 'registry.example.com/data/export:2.2.0',
              ready: false,
              state: terminated('Completed', 0, { finished: `now-${i + 1}d` }),
            },
          ],
        }),
      ),
      pod({
        app: 'thumbnailer',
        labels: { app: 'thumbnailer' },
        name: 'thumbnailer-5d8c9b7f6d-q2w8x',
        owner: { kind: 'ReplicaSet', name: 'thumbnailer-5d8c9b7f6d' },
        phase: 'Failed',
        reason: 'Evicted',
        message:
          'The node was low on resource: ephemeral-storage. Container thumbnailer was using 2213044Ki, which exceeds its request of 0. ',
        created: 'now-3d',
        containers: [
          {
            name: 'thumbnailer',
            image: 'registry.example.com/media/thumbnailer:1.4.0',
            ready: false,
            state: terminated('Error', 137, { finished: 'now-3d' }),
          },
        ],
      }),
    ],
    logs: [
      log(
        'kube-cleanup-operator-6c4747d7cb-6bdrn',
        'kube-cleanup-operator',
        'info',
        40,
        -120,
        -30,
        (i, at) =>
          `${at
            .toISOString()
            .slice(0, 19)
            .replace('T', ' ')
            .replace(/-/g, '/')} Deleting pod 'shop/nightly-export-2893${
            6990 - i
          }-${['q2w8x', 'k7n3v'][i % 2]}' (succeeded)`,
      ),
      log(
        'kube-cleanup-operator-6c4747d7cb-6bdrn',
        'kube-cleanup-operator',
        'error',
        60,
        -28,
        0,
        (_i, at) =>
          klog(
            at,
            'E',
            'reflector.go:178',
            'pkg/controller/controller.go:154: Failed to list *v1.Pod: pods is forbidden: User "system:serviceaccount:shop:cleanup-operator" cannot list resource "pods" in API group "" in the namespace "shop"',
          ),
      ),
    ],
    needles: [
      'cleanup-operator',
      'system:serviceaccount:shop:cleanup-operator',
    ],
    redHerrings: [
      {
        object: 'thumbnailer',
        what: 'an old evicted pod (three days): what the operator should have cleaned, not a cause',
      },
      {
        object: 'nightly-export',
        what: 'completed Job pods piling up, also left for the operator',
      },
    ],
  },
  // https://kubernetes.io/docs/concepts/workloads/pods/init-containers/ — the docs' example: init
  // containers loop on `nslookup myservice` and `nslookup mydb`; with no mydb Service the pod stays
  // Init:1/2 and the name never resolves.
  {
    name: 'init-container-waits-for-missing-service',
    expected: 'dns_resolution_failure',
    source:
      'https://kubernetes.io/docs/concepts/workloads/pods/init-containers/',
    entities: [entity('myapp')],
    objects: [
      ...healthyNodes(),
      ...deployment('myapp', {
        hash: '5f7b8c9d6c',
        image: BUSYBOX,
        created: 'now-26m',
        replicas: 1,
        ready: 0,
      }),
      pod({
        app: 'myapp',
        name: 'myapp-5f7b8c9d6c-x4k2w',
        owner: { kind: 'ReplicaSet', name: 'myapp-5f7b8c9d6c' },
        phase: 'Pending',
        node: NODES[1],
        created: 'now-26m',
        initContainers: [
          {
            name: 'init-myservice',
            image: BUSYBOX,
            command: [
              'sh',
              '-c',
              'until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done',
            ],
            ready: true,
            state: terminated('Completed', 0, { finished: 'now-25m' }),
          },
          {
            name: 'init-mydb',
            image: BUSYBOX,
            command: [
              'sh',
              '-c',
              'until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done',
            ],
            ready: false,
            state: running('now-25m'),
          },
        ],
        conditions: [
          {
            type: 'Initialized',
            status: 'False',
            reason: 'ContainersNotInitialized',
            message: 'containers with incomplete status: [init-mydb]',
          },
          { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
          { type: 'PodScheduled', status: 'True' },
        ],
        containers: [
          {
            name: 'myapp-container',
            image: BUSYBOX,
            command: ['sh', '-c', 'echo The app is running! && sleep 3600'],
            state: waiting('PodInitializing'),
          },
        ],
      }),
      service('myservice', { 'app.kubernetes.io/name': 'myservice' }, [
        { port: 80, targetPort: 9376, protocol: 'TCP' },
      ]),
      ...neighbourCrash(
        'mydb-migrations',
        'mydb-migrations-6b9c7d8f5d-k2x8q',
        'ERROR: relation "schema_migrations" does not exist',
      ),
    ],
    logs: [
      log(
        'myapp-5f7b8c9d6c-x4k2w',
        'init-mydb',
        'info',
        300,
        -25,
        0,
        i =>
          [
            'Server:    10.96.0.10',
            'Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local',
            '',
            "nslookup: can't resolve 'mydb.shop.svc.cluster.local'",
            'waiting for mydb',
          ][i % 5],
      ),
      chronicLogfmt(
        'mydb-migrations-6b9c7d8f5d-k2x8q',
        'mydb-migrations',
        'retrying migration lock',
        { lock: 'schema' },
      ),
    ],
    needles: ['mydb', 'init-mydb'],
    redHerrings: [
      {
        object: 'mydb-migrations',
        what: 'a migrations Deployment crash-looping against a database that does exist elsewhere',
      },
      {
        object: 'myservice',
        what: 'the first dependency exists and resolved fine',
      },
    ],
  },
  // https://github.com/mattermost/mattermost-docker/issues/115 — Mattermost exits at start after
  // "[CRIT] Failed to ping DB err:dial tcp ...:5432: i/o timeout": its database was not reachable.
  {
    name: 'mattermost-db-ping-timeout',
    expected: 'app_crash_dependency_unreachable',
    source: 'https://github.com/mattermost/mattermost-docker/issues/115',
    entities: [entity('mattermost')],
    objects: [
      ...healthyNodes(),
      ...deployment('mattermost', {
        hash: '7b8d9c6f5b',
        image: MM,
        created: 'now-40d',
        replicas: 2,
        ready: 0,
      }),
      ...['7b8d9c6f5b-4wq2x', '7b8d9c6f5b-m8k3z'].map((s, i) =>
        pod({
          app: 'mattermost',
          name: `mattermost-${s}`,
          owner: { kind: 'ReplicaSet', name: 'mattermost-7b8d9c6f5b' },
          node: NODES[i],
          created: 'now-40d',
          containers: [
            {
              name: 'mattermost',
              image: MM,
              restarts: 7,
              state: waiting(
                'CrashLoopBackOff',
                'back-off 2m40s restarting failed container=mattermost',
              ),
              last: terminated('Error', 1),
            },
          ],
        }),
      ),
      ...crashLoop(
        'mattermost-7b8d9c6f5b-4wq2x',
        'mattermost',
        MM,
        7,
        'now-24m',
      ),
      obj('v1', 'Service', 'mattermost-db', {
        spec: {
          type: 'ExternalName',
          externalName:
            'mattermost-prod.c9x2k4q8w1zt.eu-west-1.rds.amazonaws.com',
        },
      }),
      ev(
        'Pod',
        'mattermost-push-proxy-6d5c8b9f7c-z2q4w',
        'Unhealthy',
        'Liveness probe failed: Get "http://10.244.1.51:8066/version": context deadline exceeded',
        { first: 'now-9d', last: 'now-3m', count: 2210 },
      ),
    ],
    logs: [
      log(
        'mattermost-7b8d9c6f5b-4wq2x',
        'mattermost',
        'error',
        14,
        -24,
        0,
        (_i, at) =>
          JSON.stringify({
            timestamp: `${at.toISOString().replace('T', ' ').slice(0, 23)} Z`,
            level: 'error',
            msg: 'Failed to ping DB',
            caller: 'sqlstore/store.go:297',
            error: 'dial tcp 10.12.40.17:5432: i/o timeout',
            retrying: '10 seconds',
          }),
      ),
      log(
        'mattermost-7b8d9c6f5b-4wq2x',
        'mattermost',
        'fatal',
        7,
        -24,
        0,
        (_i, at) =>
          JSON.stringify({
            timestamp: `${at.toISOString().replace('T', ' ').slice(0, 23)} Z`,
            level: 'fatal',
            msg: 'Error starting server',
            caller: 'commands/server.go:107',
            error:
              'failed to initialize platform: cannot create store: error setting up connections: dial tcp 10.12.40.17:5432: i/o timeout',
          }),
      ),
      chronicKlog(
        'mattermost-push-proxy-6d5c8b9f7c-z2q4w',
        'push-proxy',
        'server.go:241',
        'Failed to send the message to APNS: BadDeviceToken',
      ),
    ],
    needles: ['mattermost-db', '5432'],
    redHerrings: [
      {
        object: 'mattermost-push-proxy',
        what: 'a push proxy with a liveness probe flapping for nine days',
      },
      { object: 'fraud-batch', what: 'shared namespace noise' },
    ],
  },
];
