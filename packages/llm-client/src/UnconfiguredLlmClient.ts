import { LlmNotConfiguredError } from './errors';
import type {
  LlmCircuitState,
  LlmClient,
  LlmCompleteRequest,
  LlmCompleteResult,
} from './types';

/** Stands in when no LLM is configured, so callers take their deterministic path. @public */
export class UnconfiguredLlmClient implements LlmClient {
  readonly configured = false;
  readonly model = undefined;

  async complete<T>(
    _request: LlmCompleteRequest<T>,
  ): Promise<LlmCompleteResult<T>> {
    throw new LlmNotConfiguredError();
  }

  circuitState(): LlmCircuitState {
    return 'closed';
  }

  async close(): Promise<void> {}
}
