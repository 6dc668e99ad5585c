/**
 * The kubernetes-namespace resource type, its read and write permissions and the namespace-to-owner mapping.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './namespaceRef';
export * from './namespacePolicyConfig';
export * from './namespaceOwner';
