import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type {
  CrashView,
  MetricsView,
  PodFinding,
  RuleDraft,
  RuleFamily,
} from '../family';
import { containerLimit } from '../containerLimit';
import { crashBase, earliest, percent } from '../helpers';
import { oversizedHeap } from '../jvmHeap';
import { confirmWithMetrics, kubectl, workloadRef } from '../steps';

/** Memory: the limit is too low for the working set, or the working set grows until the kill. */
export const LABELS = [
  'oom_killed_limit_too_low',
  'memory_leak',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The container's termination reason is OOMKilled. */
  oomKilled: 0.9,
  /** OOM-killed restarts in the metrics, without a steady climb. */
  oomRestartsMetric: 0.75,
  /** A new or rising out-of-memory log line. */
  outOfMemoryLog: 0.6,
  /** The working set climbs in a straight line to the limit. */
  memoryLeak: 0.93,
  /** OOM-killed while its JVM options give the heap most of the limit: sized, not leaking. */
  oversizedHeap: 0.95,
};

export const TITLES = {
  oomKilled: 'Container OOM-killed: memory limit too low',
  oomRestarts: 'Containers are OOM-killed at their memory limit',
  memoryLeak: 'Memory grows steadily until the container is OOM-killed',
};

function crashed(c: CrashView): PodFinding | undefined {
  const term = c.terminated;
  if (term.reason !== 'OOMKilled') return undefined;
  const spec = c.pod.spec?.containers?.find(x => x.name === c.status.name);
  const heap = oversizedHeap(spec);
  return {
    ...crashBase(c),
    // An oversized heap is the configuration at fault: upstream of any growth the metrics show.
    ...(heap ? { level: 0 } : {}),
    category: 'oom_killed_limit_too_low',
    specificity: heap ? SPECIFICITY.oversizedHeap : SPECIFICITY.oomKilled,
    title: TITLES.oomKilled,
    explanation: `${c.who} was OOM-killed (exit ${
      term.exitCode
    }) with memory limit ${
      spec?.resources?.limits?.memory ?? 'unset'
    }; restarts ${c.status.restartCount ?? 0}${
      heap
        ? `; ${heap.option} gives the JVM heap ${percent(
            heap.share,
          )} of the limit, leaving too little for metaspace, threads and native memory`
        : ''
    }`,
  };
}

function metrics(m: MetricsView): RuleDraft[] {
  const leaks = m.of('memory_limit_ratio').filter(f => f.ramp);
  if (leaks.length) {
    const ramp = leaks[0].ramp!;
    const limit = containerLimit(
      m.ctx,
      { namespace: leaks[0].namespace ?? '', ...leaks[0].labels },
      'memory',
    );
    return [
      m.draft('memory_leak', [...leaks, ...m.of('oom_restarts')], {
        title: TITLES.memoryLeak,
        explanation: `working set climbed from ${percent(
          ramp.from,
        )} to ${percent(ramp.to)} of the ${
          limit ? `${limit} ` : ''
        }limit in a straight line (r² ${ramp.r2.toFixed(
          2,
        )}); a bigger limit only delays the kill`,
        onset: earliest(leaks.map(f => f.ramp!.start)),
        specificity: SPECIFICITY.memoryLeak,
      }),
    ];
  }
  if (!m.of('oom_restarts').length) return [];
  return [
    m.draft(
      'oom_killed_limit_too_low',
      [...m.of('oom_restarts'), ...m.of('memory_limit_ratio')],
      {
        title: TITLES.oomRestarts,
        explanation:
          'OOM-killed restarts in the window, with the working set at the limit and no steady climb',
        specificity: SPECIFICITY.oomRestartsMetric,
      },
    ),
  ];
}

export const oomKilled: RuleFamily = {
  name: 'oomKilled',
  labels: LABELS,
  messages: {
    // The runtime's own word for the kill, quoted in events ("failed to start container …: OOMKilled").
    crash: [
      {
        pattern: /\bOOMKilled\b/,
        label: 'oom_killed_limit_too_low',
        specificity: SPECIFICITY.oomKilled,
      },
    ],
    log: [
      {
        pattern:
          /OutOfMemoryError|heap out of memory|JavaScript heap|Cannot allocate memory|MemoryError|memory limit exceeded/i,
        label: 'oom_killed_limit_too_low',
        specificity: SPECIFICITY.outOfMemoryLog,
      },
    ],
  },
  pods: { crashed },
  metrics,
  nextSteps: {
    oom_killed_limit_too_low: c => [
      {
        text: 'Compare the working set with the memory limit, then raise the limit (or lower usage).',
        command: `${kubectl(c)} top pod --containers${
          c.pod ? ` ${c.pod}` : ''
        }`,
      },
      {
        text: 'Raise the memory limit of the container.',
        command: `${kubectl(c)} set resources ${workloadRef(c)}${
          c.container ? ` -c ${c.container}` : ''
        } --limits=memory=<2x current>`,
      },
    ],
    memory_leak: confirmWithMetrics,
  },
};
