/**
 * Node library of the rca plugin.
 *
 * @packageDocumentation
 */
export { llmClientServiceRef } from './llm/llmClientServiceRef';
export { readLlmClientOptions } from './llm/readLlmClientOptions';
