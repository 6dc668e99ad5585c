import { randomBytes } from 'node:crypto';
import { materializeTimes } from '@internal/k8s-standin';
import { SECRET_PATTERNS } from '@internal/redaction';
import { KubernetesCollector } from '../sources/kubernetes/KubernetesCollector';
import { RcaEngine, type RcaRunResult } from '../engine/RcaEngine';
import {
  analyzeScenario,
  catalogOf,
  component,
} from '../__testUtils__/harness';
import { deployment, event, NS, pod } from '../__testUtils__/kit';
import { redactSecrets } from './redactSecrets';

const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

// Fake credentials, assembled at run time so secret scanners do not take the source for a leak.
const secrets = () => ({
  session: alnum(32),
  bearer: `${alnum(20)}.${alnum(24)}`,
  githubPat: `${'github'}_pat_${alnum(22)}_${alnum(59)}`,
  gitlab: `${'glpat'}-${alnum(20)}`,
  google: `${'AI'}za${alnum(35)}`,
  password: alnum(16),
});

const notesWith = (s: ReturnType<typeof secrets>) =>
  [
    'Seen right after the 10:02 deploy; the browser sent',
    `Cookie: session=${s.session}; theme=dark`,
    `Authorization: Bearer ${s.bearer}`,
    `CI used ${s.githubPat} and ${s.gitlab} to push; maps key ${s.google}`,
    `db passwd=${s.password}`,
  ].join('\n');

describe('redactSecrets', () => {
  it('removes pasted headers and the GitHub, GitLab and Google key formats, keeping the prose', () => {
    const s = secrets();
    const out = redactSecrets(notesWith(s));
    for (const [kind, value] of Object.entries(s))
      expect({ kind, leaked: out.includes(value) }).toEqual({
        kind,
        leaked: false,
      });
    expect(out).toContain('Seen right after the 10:02 deploy');
    expect(out).toContain('Cookie: [REDACTED]');
    expect(out).toContain('Authorization: [REDACTED]');
    expect(out).toContain('db passwd=[REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Pods restarted 12 times; session count dropped. See https://grafana.example.com/d/x?from=now-1h';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('the title and notes of an analysis request', () => {
  it('reach the report and its Markdown without the secrets pasted into them', async () => {
    const s = secrets();
    // No cluster: the request text is all the report has to say.
    const kubernetes = new KubernetesCollector({
      clusters: [],
      requestTimeoutMs: 1000,
    });
    const engine = new RcaEngine({
      collectors: [kubernetes],
      logger: {
        error() {},
        warn() {},
        info() {},
        debug() {},
        child() {
          return this;
        },
      },
    });
    const entity = component('payments', { namespace: 'payments-prod' });
    const progress: string[] = [];
    const { report, markdown } = await engine.run({
      input: {
        id: 'notes-1',
        entityRef: 'component:default/payments',
        window: { from: new Date(Date.now() - 3_600_000), to: new Date() },
        title: `Checkout down, token ${s.gitlab}`,
        notes: notesWith(s),
      },
      entity,
      catalog: catalogOf([entity]),
      namespaceGate: {
        apply: async targets => targets,
        readersOf: async () => undefined,
      },
      onProgress: (step, message) => progress.push(`${step}: ${message}`),
    });

    const everything = [markdown, JSON.stringify(report), ...progress].join(
      '\n',
    );
    for (const [kind, value] of Object.entries(s))
      expect({ kind, leaked: everything.includes(value) }).toEqual({
        kind,
        leaked: false,
      });
    expect(report.title).toBe('Checkout down, token [REDACTED]');
    expect(report.notes).toContain('Seen right after the 10:02 deploy');
    expect(markdown).toContain('Seen right after the 10:02 deploy');
    expect(markdown).toContain('Checkout down, token \\[REDACTED\\]');
  });
});

// Every pattern of the shared catalog, planted in a Kubernetes event of the analysed pod: the
// event becomes evidence and the evidence goes into the report and its Markdown.
describe('every catalog secret in cluster data', () => {
  const cases = SECRET_PATTERNS.map(p => ({
    name: p.name,
    marker: `case ${p.name} says`,
    ...p.example,
  }));
  let run: RcaRunResult;

  beforeAll(async () => {
    const scenario = materializeTimes(
      {
        clusters: {
          prod: {
            objects: [
              ...deployment('checkout'),
              pod('checkout', { waiting: { reason: 'CrashLoopBackOff' } }),
              ...cases.map(c =>
                event(
                  'Pod',
                  'checkout-rs1-a1b2c',
                  'Unhealthy',
                  `${c.marker} ${c.text}`,
                ),
              ),
            ],
          },
        },
      },
      new Date(),
    );
    run = await analyzeScenario({
      scenario,
      entities: [component('checkout', { namespace: NS })],
    });
  });

  it.each(cases.map(c => [c.name, c] as const))(
    '%s stays out of the evidence, the report and its Markdown',
    (_name, c) => {
      const evidence = run.report.evidence.filter(e =>
        e.text.includes(c.marker),
      );
      // The event did become evidence: what follows is not true by absence.
      expect(evidence).toHaveLength(1);
      expect(run.markdown).toContain(c.marker);
      expect(evidence[0].text).toContain('[REDACTED]');
      // Markdown escapes (`\_`) are undone, so an escaped secret still counts as a leak.
      const markdown = run.markdown.replace(/\\(.)/g, '$1');
      for (const [where, text] of Object.entries({
        evidence: evidence[0].text,
        report: JSON.stringify(run.report),
        markdown,
      }))
        expect({ where, leaked: text.includes(c.secret) }).toEqual({
          where,
          leaked: false,
        });
    },
  );
});
