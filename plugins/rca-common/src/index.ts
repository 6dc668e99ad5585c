/**
 * Common types of the rca plugin.
 *
 * @packageDocumentation
 */
export * from './taxonomy';
export * from './window';
export * from './quoteInput';
export * from './request';
export * from './report';
export * from './reportMarkdown';
export * from './permissions';
export * from './reportReaders';
