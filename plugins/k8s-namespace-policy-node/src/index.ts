/**
 * Node library of the Kubernetes namespace policy.
 *
 * @packageDocumentation
 */
export * from './resource';
export * from './GroupDirectory';
export * from './NamespaceOwnerResolver';
export * from './NamespaceAccess';
