/**
 * Resilient OpenAI-compatible LLM client.
 *
 * @packageDocumentation
 */
export { OpenAiCompatibleClient } from './OpenAiCompatibleClient';
export { UnconfiguredLlmClient } from './UnconfiguredLlmClient';
export { redact } from './redact';
export * from './errors';
export type * from './types';
