/**
 * Common types of the rca plugin, and the client of its REST API (`RcaClient`).
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
export * from './client';
