/**
 * The Kubernetes namespace permission policy.
 *
 * @packageDocumentation
 */
export { permissionModuleK8sNamespacePolicy as default } from './module';
export * from './K8sNamespacePolicy';
export * from './decisionMatrix';
