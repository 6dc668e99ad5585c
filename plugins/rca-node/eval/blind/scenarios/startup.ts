import { entity } from '../../../src/__testUtils__/kit';
import { step } from '../../../src/__testUtils__/signalsKit';
import { chronicKlog } from '../herrings';
import {
  daemonSet,
  deployment,
  ev,
  healthyNodes,
  node,
  NODES,
  pod,
  statefulSet,
  terminated,
  waiting,
} from '../k8s';
import { crashLoop } from '../kubelet';
import { log, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** Container start: binaries that cannot run, a command left out. */

const NPD =
  'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.14';

const ARM = [
  'ip-10-42-7-21.eu-west-1.compute.internal',
  'ip-10-42-8-54.eu-west-1.compute.internal',
];

const KEYCLOAK = 'quay.io/keycloak/keycloak:18.0.0';

export const startupScenarios: BlindScenario[] = [
  // https://github.com/kubernetes/node-problem-detector/issues/797 — the v0.8.14 image had no arm64
  // variant, so DaemonSet pods on arm64 nodes crash-looped with "exec format error".
  {
    name: 'daemonset-exec-format-error-arm64',
    expected: 'bad_command_or_entrypoint',
    source: 'https://github.com/kubernetes/node-problem-detector/issues/797',
    entities: [entity('node-problem-detector')],
    objects: [
      ...healthyNodes(),
      ...ARM.map(n =>
        node(n, {
          labels: {
            'kubernetes.io/arch': 'arm64',
            'node.kubernetes.io/instance-type': 'm7g.xlarge',
          },
        }),
      ),
      daemonSet('node-problem-detector', { image: NPD, desired: 5, ready: 3 }),
      ...NODES.map((n, i) =>
        pod({
          app: 'node-problem-detector',
          name: `node-problem-detector-${['7z8x7', 'b2kq9', 'm5t4w'][i]}`,
          owner: { kind: 'DaemonSet', name: 'node-problem-detector' },
          node: n,
          created: 'now-2d',
          containers: [
            {
              name: 'node-problem-detector',
              image: NPD,
              command: [
                '/node-problem-detector',
                '--logtostderr',
                '--config.system-log-monitor=/config/kernel-monitor.json',
              ],
            },
          ],
        }),
      ),
      ...ARM.map((n, i) =>
        pod({
          app: 'node-problem-detector',
          name: `node-problem-detector-${['q9d2h', 'x4r8s'][i]}`,
          owner: { kind: 'DaemonSet', name: 'node-problem-detector' },
          node: n,
          created: 'now-40m',
          containers: [
            {
              name: 'node-problem-detector',
              image: NPD,
              command: ['/node-problem-detector', '--logtostderr'],
              restarts: 12,
              state: waiting(
                'CrashLoopBackOff',
                'back-off 5m0s restarting failed container=node-problem-detector',
              ),
              last: terminated('Error', 255),
            },
          ],
        }),
      ),
      ...crashLoop(
        'node-problem-detector-q9d2h',
        'node-problem-detector',
        NPD,
        12,
        'now-40m',
      ),
      ev(
        'Node',
        ARM[0],
        'RegisteredNode',
        `Node ${ARM[0]} event: Registered Node ${ARM[0]} in Controller`,
        {
          type: 'Normal',
          component: 'node-controller',
          first: 'now-42m',
          last: 'now-42m',
        },
      ),
    ],
    logs: [
      log(
        'node-problem-detector-q9d2h',
        'node-problem-detector',
        'error',
        12,
        -40,
        0,
        () => 'exec /node-problem-detector: exec format error',
      ),
      log(
        'node-problem-detector-x4r8s',
        'node-problem-detector',
        'error',
        12,
        -40,
        0,
        () => 'exec /node-problem-detector: exec format error',
      ),
      chronicKlog(
        'node-problem-detector-7z8x7',
        'node-problem-detector',
        'log_watcher.go:94',
        'Failed to get system log: journal entry is empty',
      ),
    ],
    needles: [NPD, ARM[0]],
    redHerrings: [
      {
        object: 'node-problem-detector-7z8x7',
        what: 'a chronic klog warning on the healthy amd64 pods',
      },
      {
        object: ARM[0],
        what: 'the arm64 nodes joined 42 minutes ago: new capacity, healthy themselves',
      },
    ],
  },
  // https://github.com/CrunchyData/postgres-operator-examples/issues/116 — Keycloak started without the
  // `start` command prints its usage and exits 0: CrashLoopBackOff with no error in the logs.
  {
    name: 'keycloak-missing-start-command',
    expected: 'bad_command_or_entrypoint',
    source:
      'https://github.com/CrunchyData/postgres-operator-examples/issues/116',
    entities: [entity('keycloak')],
    objects: [
      ...healthyNodes(),
      ...deployment('keycloak', {
        hash: '5d9c485bc4',
        image: KEYCLOAK,
        replicas: 1,
        ready: 0,
        created: 'now-21m',
        containers: [{ name: 'keycloak', image: KEYCLOAK, args: [] }],
      }),
      pod({
        app: 'keycloak',
        name: 'keycloak-5d9c485bc4-fwwkb',
        owner: { kind: 'ReplicaSet', name: 'keycloak-5d9c485bc4' },
        created: 'now-21m',
        containers: [
          {
            name: 'keycloak',
            image: KEYCLOAK,
            args: [],
            env: [{ name: 'KC_DB', value: 'postgres' }],
            restarts: 8,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 5m0s restarting failed container=keycloak pod=keycloak-5d9c485bc4-fwwkb_shop',
            ),
            last: terminated('Completed', 0, {
              started: 'now-3m',
              finished: 'now-3m',
            }),
          },
        ],
      }),
      ...crashLoop(
        'keycloak-5d9c485bc4-fwwkb',
        'keycloak',
        KEYCLOAK,
        8,
        'now-21m',
      ),
      statefulSet('keycloakdb-00-88q6', {
        image:
          'registry.developers.crunchydata.com/crunchydata/crunchy-postgres:ubi8-14.2-1',
        ready: 1,
      }),
      pod({
        app: 'keycloakdb-00-88q6',
        name: 'keycloakdb-backup-jbjw-6vjlc',
        owner: { kind: 'Job', name: 'keycloakdb-backup-jbjw' },
        phase: 'Succeeded',
        created: 'now-20m',
        containers: [
          {
            name: 'pgbackrest',
            image:
              'registry.developers.crunchydata.com/crunchydata/crunchy-pgbackrest:ubi8-2.38-0',
            ready: false,
            state: terminated('Completed', 0, { finished: 'now-18m' }),
          },
        ],
      }),
    ],
    logs: [
      log(
        'keycloak-5d9c485bc4-fwwkb',
        'keycloak',
        'info',
        64,
        -21,
        0,
        i =>
          [
            'Keycloak - Open Source Identity and Access Management',
            'Find more information at: https://www.keycloak.org/docs/latest',
            'Usage:',
            'kc.sh [OPTIONS] [COMMAND]',
            'Use this command-line tool to manage your Keycloak cluster.',
            'Make sure the command is available on your "PATH" or prefix it with "./" (e.g.:',
            '"./kc.sh") to execute from the current folder.',
            'Commands:  build  start  start-dev  export  import  show-config  tools',
          ][i % 8],
      ),
      log(
        'keycloakdb-00-88q6-0',
        'database',
        'warn',
        30,
        -120,
        0,
        (_i, at) =>
          `${at
            .toISOString()
            .replace('T', ' ')
            .slice(
              0,
              23,
            )} UTC [2841] LOG:  could not receive data from client: Connection reset by peer`,
      ),
    ],
    signals: {
      series: traffic(
        'keycloak-5d9c485bc4-fwwkb',
        'keycloak',
        step(-21, 0, 1),
        3,
      ),
    },
    needles: ['keycloak-5d9c485bc4-fwwkb', KEYCLOAK],
    redHerrings: [
      {
        object: 'keycloakdb-backup-jbjw',
        what: 'a backup Job pod in Completed state next to the crash loop',
      },
      {
        object: 'keycloakdb-00-88q6',
        what: 'chronic "Connection reset by peer" lines in the database log',
      },
    ],
  },
];
