import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { rcaEngineExtensionPoint } from '@internal/plugin-rca-node';
import { readRcaBuiltins } from './readRcaBuiltins';

/**
 * The built-in sources (Kubernetes, VictoriaMetrics, VictoriaLogs, k8sgpt) and rules of the `rca`
 * plugin, added through `rcaEngineExtensionPoint` exactly as a third-party module adds its own.
 *
 * @public
 */
export const rcaModuleBuiltins = createBackendModule({
  pluginId: 'rca',
  moduleId: 'builtins',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        engine: rcaEngineExtensionPoint,
      },
      async init({ config, engine }) {
        const builtins = readRcaBuiltins(config);
        engine.addCollector(...builtins.collectors);
        engine.addAnalyzer(...builtins.analyzers);
        engine.setNamespaceLocator(builtins.namespaceLocator);
      },
    });
  },
});
