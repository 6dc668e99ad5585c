/**
 * Test helpers: a scriptable Chat Completions server for driving the real SDK.
 *
 * @packageDocumentation
 */
export {
  FakeChatCompletionsServer,
  maxInAnyWindow,
  type Behaviour,
  type ReceivedRequest,
} from './fakeChatCompletionsServer';
