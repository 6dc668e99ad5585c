import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubernetesStandIn } from '@internal/k8s-standin';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { deployment, entity, NS, pod, scenarioOf } from '../__testUtils__/kit';
import {
  chronicLogs,
  httpTraffic,
  latency,
  step,
  STREAM_FIELDS,
  toImport,
  toLogRows,
} from '../__testUtils__/signalsKit';
import { analyzeScenario } from '../__testUtils__/harness';
import {
  startVictoriaMetrics,
  type VictoriaMetricsServer,
} from '../__testUtils__/victoriaMetricsServer';
import { LOG_FIELD_PRESETS } from './victoriaLogs/logFields';

// The metrics and logs collectors against a real VictoriaMetrics and the VictoriaLogs stand-in:
// what the report says when each source answers, fails, hangs or is gone.
// One VictoriaMetrics process and one of each stand-in serve every describe block below.
const k8s = new KubernetesStandIn({ clusters: {} });
const vl = new VictoriaLogsStandIn();
let vm: VictoriaMetricsServer;
let hanging: Server;
const now = new Date();
const A = 'checkout';
const podName = `${A}-rs1-a1b2c`;
const scenario = scenarioOf(
  {
    name: 'sources',
    expected: 'dns_resolution_failure',
    entities: [entity(A)],
    objects: [...deployment(A), pod(A)],
  },
  now,
);
const window = { from: new Date(now.getTime() - 3_600_000), to: now };
const base = () => ({
  scenario,
  entities: [entity(A)],
  standIn: k8s,
  window,
  sourceTimeoutMs: 2000,
});

beforeAll(async () => {
  await Promise.all([k8s.start(), vl.start()]);
  k8s.load(scenario);
  vm = await startVictoriaMetrics();
  await vm.load(
    toImport(
      [
        ...httpTraffic(podName, step(-20, 0.004, 0.3)),
        ...latency(podName, step(-20, 0.1, 2)),
      ],
      now,
    ),
  );
  vl.ingest(
    toLogRows(
      [
        ...chronicLogs(podName),
        {
          pod: podName,
          level: 'error',
          message: i =>
            `lookup orders-db.${NS}.svc on 10.96.0.10:53: no such host (attempt ${i})`,
          count: 50,
          from: -20,
          to: 0,
        },
      ],
      now,
    ),
    { streamFields: STREAM_FIELDS },
  );
  hanging = createServer(() => {
    // never answers
  });
  await new Promise<void>(r => hanging.listen(0, '127.0.0.1', r));
}, 30_000);

afterAll(async () => {
  hanging.closeAllConnections();
  hanging.close();
  await Promise.all([k8s.stop(), vl.stop(), vm?.stop()]);
}, 30_000);

describe('VictoriaMetrics and VictoriaLogs sources', () => {
  it('turns a metric rise into evidence with an onset and a magnitude, and logs into a cause', async () => {
    const { report, markdown, progress } = await analyzeScenario({
      ...base(),
      victoriaMetricsUrl: vm.url,
      victoriaLogsUrl: vl.url,
      victoriaMetricsBearerToken: 'vm-token-s3cr3t-value',
    });
    expect(report.status).toBe('complete');
    expect(report.rootCause.category).toBe('dns_resolution_failure');
    const fiveXx = report.evidence.find(
      e => e.source === 'victoriametrics' && e.field === 'http_5xx_ratio',
    )!;
    expect(fiveXx.text).toMatch(
      /HTTP 5xx ratio rose from 0\.4% to \d+% .*\(×\d+/,
    );
    // The onset is the planted step (20 minutes ago), to the sampling step.
    expect(
      Math.abs(Date.parse(fiveXx.timestamp!) - (now.getTime() - 20 * 60_000)),
    ).toBeLessThan(3 * 60_000);
    const template = report.evidence.find(
      e => e.source === 'victorialogs' && e.field === 'log template',
    )!;
    expect(template.text).toContain(
      'new in the window: 50 lines, none in the baseline',
    );
    expect(report.timeline.some(t => t.evidence.includes(template.id))).toBe(
      true,
    );
    expect(
      report.queries.some(q =>
        q.startsWith('victoriametrics: sum(rate(http_requests_total'),
      ),
    ).toBe(true);
    expect(
      progress.some(p => p.startsWith('victoriametrics: VictoriaMetrics: ')),
    ).toBe(true);
    expect(`${JSON.stringify(report)}${markdown}`).not.toContain(
      'vm-token-s3cr3t-value',
    );
  });

  it('completes as degraded, with the gap listed, when VictoriaMetrics is down', async () => {
    const { report, markdown } = await analyzeScenario({
      ...base(),
      victoriaMetricsUrl: 'http://127.0.0.1:9',
      victoriaLogsUrl: vl.url,
    });
    expect(report.status).toBe('degraded');
    expect(report.sources.find(s => s.name === 'victoriametrics')?.status).toBe(
      'failed',
    );
    expect(report.gaps.join('\n')).toMatch(
      /VictoriaMetrics \(127\.0\.0\.1:9\) could not answer 11 of 11 queries .*: 127\.0\.0\.1:9 is unreachable/,
    );
    expect(markdown).toContain('VictoriaMetrics (127.0.0.1:9)');
    // The logs still name the cause.
    expect(report.rootCause.category).toBe('dns_resolution_failure');
  });
});

describe('VictoriaMetrics and VictoriaLogs sources: VictoriaMetrics rejecting or hanging', () => {
  it('reports a query VictoriaMetrics rejects (422) as a partial source naming the family', async () => {
    const broken = entity(A);
    broken.metadata.annotations![
      'rca.backstage.io/metrics-query-http_5xx_ratio'
    ] = 'sum(rate(http_requests_total[5m])';
    const { report } = await analyzeScenario({
      ...base(),
      entities: [broken],
      victoriaMetricsUrl: vm.url,
    });
    expect(report.status).toBe('degraded');
    expect(report.sources.find(s => s.name === 'victoriametrics')?.status).toBe(
      'partial',
    );
    expect(report.gaps.join('\n')).toMatch(
      /could not answer 1 of \d+ queries \(http_5xx_ratio\): HTTP 422: .*unparsed data/,
    );
    // The other families were still read.
    expect(report.evidence.some(e => e.field === 'latency_p95')).toBe(true);
  });

  it('gives up on a VictoriaMetrics that hangs after the timeout', async () => {
    const port = (hanging.address() as AddressInfo).port;
    const started = Date.now();
    const { report } = await analyzeScenario({
      ...base(),
      victoriaMetricsUrl: `http://127.0.0.1:${port}`,
      sourceTimeoutMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.gaps.join('\n')).toMatch(/did not answer within 300 ms/);
    expect(report.status).toBe('degraded');
  });
});

describe('VictoriaMetrics and VictoriaLogs sources: VictoriaLogs down or misread', () => {
  it('completes as degraded when VictoriaLogs is down, and when it breaks off mid-stream', async () => {
    const down = await analyzeScenario({
      ...base(),
      victoriaLogsUrl: 'http://127.0.0.1:9',
    });
    expect(down.report.status).toBe('degraded');
    expect(down.report.gaps.join('\n')).toMatch(
      /VictoriaLogs \(127\.0\.0\.1:9\) could not be read for component:default\/checkout: .*unreachable/,
    );

    vl.setFaults({ midStreamErrorAfter: 3 });
    try {
      const cut = await analyzeScenario({ ...base(), victoriaLogsUrl: vl.url });
      expect(cut.report.status).toBe('degraded');
      expect(cut.report.gaps.join('\n')).toMatch(/mid-stream|broke off/);
    } finally {
      vl.setFaults({});
    }
  });

  it('surfaces a LogsQL syntax error (400) and a field-name mismatch instead of reading "no errors"', async () => {
    const bad = await analyzeScenario({
      ...base(),
      victoriaLogsUrl: vl.url,
      logFields: { ...LOG_FIELD_PRESETS.vector, level: 'log level' },
    });
    expect(bad.report.gaps.join('\n')).toMatch(
      /HTTP (400|422): .*cannot parse query/,
    );

    const fluentBit = await analyzeScenario({
      ...base(),
      victoriaLogsUrl: vl.url,
      logFields: LOG_FIELD_PRESETS['fluent-bit'],
    });
    expect(fluentBit.report.status).toBe('degraded');
    expect(fluentBit.report.gaps.join('\n')).toMatch(
      /no lines for component:default\/checkout .*check rca\.victoriaLogs\.fields/,
    );
  });
});
