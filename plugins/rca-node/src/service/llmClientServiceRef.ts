import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  OpenAiCompatibleClient,
  UnconfiguredLlmClient,
  type LlmClient,
} from '@internal/llm-client';
import { readLlmClientOptions } from './readLlmClientOptions';

/**
 * The LLM client, configured from `rca.llm`. Root-scoped so that every plugin in the process shares
 * one circuit breaker and one rate budget. Without `rca.llm` it reports `configured: false`.
 *
 * @public
 */
export const llmClientServiceRef = createServiceRef<LlmClient>({
  id: 'rca.llm-client',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory({ config, logger, lifecycle }) {
        const options = readLlmClientOptions(config);
        const llmLogger = logger.child({ service: 'llm-client' });
        if (!options) {
          llmLogger.info(
            'No rca.llm configured; reports use deterministic summaries',
          );
          return new UnconfiguredLlmClient();
        }
        const client = new OpenAiCompatibleClient({
          ...options,
          logger: llmLogger,
          cache: options.cache && {
            store: CacheManager.fromConfig(config).forPlugin('rca-llm'),
            ttlMs: options.cache.ttlMs,
          },
        });
        lifecycle.addShutdownHook(() => client.close());
        llmLogger.info(
          `LLM client ready: model ${options.model} at ${
            new URL(options.baseUrl).origin
          }`,
        );
        return client;
      },
    }),
});
