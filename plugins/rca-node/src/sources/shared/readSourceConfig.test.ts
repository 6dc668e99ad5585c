import { ConfigReader } from '@backstage/config';
import { readVictoriaLogsOptions } from '../victoriaLogs/readVictoriaLogsOptions';
import { readVictoriaMetricsOptions } from '../victoriaMetrics/readVictoriaMetricsOptions';

const cfg = (rca: object) => new ConfigReader({ rca });

describe('metrics and logs source config', () => {
  it('leaves a source off when its block is absent or disabled', () => {
    expect(readVictoriaMetricsOptions(cfg({}))).toBeUndefined();
    expect(
      readVictoriaLogsOptions(
        cfg({ victoriaLogs: { url: 'http://vl:9428', enabled: false } }),
      ),
    ).toBeUndefined();
  });

  it('explains a malformed URL, preset or family instead of starting half-configured', () => {
    expect(() =>
      readVictoriaMetricsOptions(cfg({ victoriaMetrics: { url: 'vm:8428' } })),
    ).toThrow(
      /rca\.victoriaMetrics\.url must be an absolute URL such as http:\/\/victoriametrics:8428, got "vm:8428"/,
    );
    expect(() =>
      readVictoriaMetricsOptions(
        cfg({
          victoriaMetrics: {
            url: 'http://vm:8428',
            queries: { http_5xx: 'x' },
          },
        }),
      ),
    ).toThrow(
      /rca\.victoriaMetrics\.queries\.http_5xx is not a metric family; known: restarts/,
    );
    expect(() =>
      readVictoriaMetricsOptions(
        cfg({
          victoriaMetrics: { url: 'http://vm:8428', httpPreset: 'envoy' },
        }),
      ),
    ).toThrow(/httpPreset must be one of app, ingress-nginx, istio/);
    expect(() =>
      readVictoriaLogsOptions(
        cfg({ victoriaLogs: { url: 'http://vl:9428', preset: 'logstash' } }),
      ),
    ).toThrow(
      /preset must be one of vector, vlagent, fluent-bit, promtail, got "logstash"/,
    );
  });

  it('applies the Fluent Bit preset and field overrides', () => {
    const o = readVictoriaLogsOptions(
      cfg({
        victoriaLogs: {
          url: 'http://vl:9428',
          preset: 'fluent-bit',
          fields: { level: 'severity' },
        },
      }),
    )!;
    expect(o.fields).toEqual({
      namespace: 'kubernetes.namespace_name',
      pod: 'kubernetes.pod_name',
      container: 'kubernetes.container_name',
      level: 'severity',
      streamFields: true,
    });
    expect(o.sampleSize).toBe(20_000);
  });

  it('replaces a default query and turns a family off with false', () => {
    const o = readVictoriaMetricsOptions(
      cfg({
        victoriaMetrics: {
          url: 'http://vm:8428',
          queries: { node_disk: false, restarts: 'my_restarts{$sel}' },
        },
      }),
    )!;
    expect(o.queries.node_disk).toBeUndefined();
    expect(o.queries.restarts).toBe('my_restarts{$sel}');
    expect(o.queries.http_5xx_ratio).toContain('http_requests_total');
  });
});
