import { randomBytes } from 'node:crypto';
import { KubernetesCollector } from '../sources/kubernetes/KubernetesCollector';
import { RcaEngine } from '../engine/RcaEngine';
import { catalogOf, component } from '../__testUtils__/harness';
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
