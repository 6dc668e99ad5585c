import type { V1Pod } from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import type { RcaTarget } from '../../contracts';
import {
  KUBERNETES_FACTS,
  type TargetObjects,
} from '../../sources/kubernetes/kubeFacts';
import { LOGS_FACTS } from '../../sources/victoriaLogs/VictoriaLogsCollector';
import { createRunContext } from '../RunContext';
import { settleSilence, whyNoLogs } from './settleSilence';

const END = new Date('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(END.getTime() - ms);

function pod(name: string, status: V1Pod['status']): V1Pod {
  return { metadata: { name, namespace: 'shop' }, status };
}

const neverStarted = pod('api-7d9f-abcde', {
  phase: 'Pending',
  containerStatuses: [
    {
      name: 'api',
      image: 'registry.example/api:1.2',
      imageID: '',
      ready: false,
      restartCount: 0,
      state: { waiting: { reason: 'ImagePullBackOff' } },
    },
  ],
});
const completedJob = pod('backup-28937587-djj5f', { phase: 'Succeeded' });
const running = pod('api-7d9f-fghij', {
  phase: 'Running',
  containerStatuses: [
    {
      name: 'api',
      image: 'registry.example/api:1.2',
      imageID: '',
      ready: true,
      restartCount: 0,
      state: { running: { startedAt: ago(3_600_000) } },
    },
  ],
});
const justStarted = pod('api-7d9f-klmno', {
  phase: 'Running',
  containerStatuses: [
    {
      name: 'api',
      image: 'registry.example/api:1.2',
      imageID: '',
      ready: false,
      restartCount: 0,
      state: { running: { startedAt: ago(20_000) } },
    },
  ],
});

describe('whyNoLogs', () => {
  it('states why pods that never started, finished or just started have no lines', () => {
    expect(whyNoLogs([neverStarted], END)).toBe(
      'pod api-7d9f-abcde never started',
    );
    expect(whyNoLogs([completedJob], END)).toMatch(
      /pod backup-28937587-djj5f finished \(Succeeded\)/,
    );
    expect(whyNoLogs([justStarted], END)).toMatch(/less than a minute/);
    expect(whyNoLogs([], END)).toMatch(/no pods/);
  });

  it('has no reason when some pod ran long enough to log', () => {
    expect(whyNoLogs([neverStarted, running], END)).toBeUndefined();
  });
});

describe('settleSilence', () => {
  const target = {
    entityRef: 'component:default/api',
    role: 'target',
  } as RcaTarget;

  function runWith(pods: V1Pod[] | undefined) {
    const run = createRunContext({
      input: {
        id: 'r1',
        entityRef: target.entityRef,
        window: { from: ago(3_600_000), to: END },
      } as never,
      logger: mockServices.logger.mock(),
    });
    run.facts.set(LOGS_FACTS, {
      targets: [
        {
          entityRef: target.entityRef,
          role: 'target',
          incidentLines: 0,
          baselineLines: 0,
          templates: [],
          silence: 'VictoriaLogs has no lines for component:default/api',
        },
      ],
    });
    if (pods)
      run.facts.set(KUBERNETES_FACTS, {
        clusters: [
          {
            cluster: 'prod',
            targets: [{ target, pods } as unknown as TargetObjects],
            namespaceWarnings: [],
            nodes: new Map(),
          },
        ],
      });
    settleSilence(run);
    return run;
  }

  it('states "no logs because the pods never started" as a fact, not a gap', () => {
    const run = runWith([neverStarted]);
    expect(run.gaps).toEqual([]);
    expect(run.statedFacts).toEqual([
      'VictoriaLogs has no lines for component:default/api: pod api-7d9f-abcde never started',
    ]);
  });

  it('keeps it a gap when the pods ran, or when Kubernetes could not say', () => {
    for (const run of [runWith([running]), runWith(undefined)]) {
      expect(run.statedFacts).toEqual([]);
      expect(run.gaps).toEqual([
        'VictoriaLogs has no lines for component:default/api: check rca.victoriaLogs.fields for your log shipper',
      ]);
    }
  });
});
