import { ConfigReader } from '@backstage/config';
import { defaultAnalyzers } from '@internal/plugin-rca-node';
import { readRcaBuiltins } from './readRcaBuiltins';

const cluster = {
  name: 'prod',
  url: 'https://prod.example.com',
  serviceAccountToken: 'token',
};

const config = (rca: object) =>
  new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }],
    },
    rca,
  });

const names = (o: { name: string }[]) => o.map(x => x.name);

describe('readRcaBuiltins', () => {
  it('adds Kubernetes and the default rules, and locates namespaces with Kubernetes', () => {
    const builtins = readRcaBuiltins(config({}));
    expect(names(builtins.collectors)).toEqual(['kubernetes']);
    expect(builtins.namespaceLocator).toBe(builtins.collectors[0]);
    expect(builtins.namespaceLocator.clusterNames).toEqual(['prod']);
    expect(names(builtins.analyzers)).toEqual(names(defaultAnalyzers()));
  });

  it('adds each optional source whose config block is present, in a fixed order', () => {
    const builtins = readRcaBuiltins(
      config({
        k8sgpt: { enabled: true },
        victoriaLogs: { url: 'http://vl:9428' },
        victoriaMetrics: { url: 'http://vm:8428' },
      }),
    );
    expect(names(builtins.collectors)).toEqual([
      'kubernetes',
      'victoriametrics',
      'victorialogs',
      'k8sgpt',
    ]);
  });

  it('leaves a disabled source out and refuses a malformed one', () => {
    expect(
      names(
        readRcaBuiltins(
          config({
            k8sgpt: { enabled: false },
            victoriaLogs: { url: 'http://vl:9428', enabled: false },
          }),
        ).collectors,
      ),
    ).toEqual(['kubernetes']);
    expect(() =>
      readRcaBuiltins(config({ victoriaMetrics: { url: 'vm:8428' } })),
    ).toThrow(/rca\.victoriaMetrics\.url must be an absolute URL/);
  });
});
