import { FactStore } from '../contracts/facts';
import {
  LOGS_FACTS,
  type LogTemplateFinding,
} from '../sources/victoriaLogs/VictoriaLogsCollector';
import { logsDuring } from './logsDuring';

const REF = 'component:default/backup';

const template = (
  line: string,
  firstSeen: string,
  trend: LogTemplateFinding['trend'] = 'new',
): LogTemplateFinding => ({
  template: line,
  incidentCount: 1,
  baselineCount: trend === 'new' ? 0 : 1,
  rateRatio: trend === 'new' ? Infinity : 1,
  trend,
  firstSeen,
  lastSeen: firstSeen,
  exemplars: [line],
  evidence: `E-${line.slice(0, 8)}`,
});

function factsWith(templates: LogTemplateFinding[]) {
  const facts = new FactStore();
  facts.set(LOGS_FACTS, {
    targets: [
      {
        entityRef: REF,
        role: 'target',
        namespace: 'ops',
        incidentLines: templates.length,
        baselineLines: 0,
        templates,
      },
    ],
  });
  return { facts };
}

describe('logsDuring', () => {
  // A git-over-SSH backup script: one line each, too few for a log rule, and its reason to exit.
  const ctx = factsWith([
    template('Starting up', '2024-05-01T09:00:00Z'),
    template("Cloning into '/backup/git'...", '2024-05-01T10:01:00Z'),
    template('Host key verification failed.', '2024-05-01T10:01:01Z'),
    template(
      'fatal: Could not read from remote repository.',
      '2024-05-01T10:01:02Z',
    ),
    template('retrying in 5s', '2024-05-01T10:01:03Z', 'steady'),
  ]);

  it('quotes and cites the error lines first seen while the run was going', () => {
    const out = logsDuring(ctx, REF, {
      from: '2024-05-01T10:00:00Z',
      to: '2024-05-01T10:05:00Z',
    });
    expect(out.text).toContain('"Host key verification failed."');
    expect(out.text).toContain('fatal: Could not read from remote repository.');
    // Before the run, or as frequent as in the baseline: not this run's output.
    expect(out.text).not.toContain('Starting up');
    expect(out.text).not.toContain('retrying');
    expect(out.evidence).toHaveLength(3);
  });

  it('says nothing for another component or a run with no new lines', () => {
    expect(logsDuring(ctx, 'component:default/other', {})).toEqual({
      evidence: [],
    });
    expect(
      logsDuring(ctx, REF, {
        from: '2024-05-02T00:00:00Z',
        to: '2024-05-02T01:00:00Z',
      }),
    ).toEqual({ evidence: [] });
  });
});
