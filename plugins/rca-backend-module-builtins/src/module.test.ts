import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  type Analyzer,
  type EvidenceCollector,
  rcaEngineExtensionPoint,
  type RcaEngineExtensionPoint,
} from '@internal/plugin-rca-node';
import { rcaModuleBuiltins } from './module';

describe('rcaModuleBuiltins', () => {
  it('adds the built-ins through rcaEngineExtensionPoint, as any module would', async () => {
    const collectors: EvidenceCollector[] = [];
    const analyzers: Analyzer[] = [];
    const locators: unknown[] = [];
    const engine: RcaEngineExtensionPoint = {
      addCollector: (...c) => collectors.push(...c),
      addAnalyzer: (...a) => analyzers.push(...a),
      setNamespaceLocator: l => locators.push(l),
    };
    await startTestBackend({
      extensionPoints: [[rcaEngineExtensionPoint, engine]],
      features: [
        rcaModuleBuiltins,
        mockServices.rootConfig.factory({
          data: { rca: { victoriaMetrics: { url: 'http://vm:8428' } } },
        }),
      ],
    });
    expect(collectors.map(c => c.name)).toEqual([
      'kubernetes',
      'victoriametrics',
    ]);
    expect(analyzers.length).toBeGreaterThan(0);
    expect(locators).toEqual([collectors[0]]);
  });
});
