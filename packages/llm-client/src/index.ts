/**
 * Resilient OpenAI-compatible LLM client.
 *
 * @packageDocumentation
 */
export { OpenAiCompatibleClient } from './OpenAiCompatibleClient';
export { UnconfiguredLlmClient } from './UnconfiguredLlmClient';
export * from './errors';
export type * from './types';
