/**
 * Per-namespace enforcement for the Kubernetes plugin.
 *
 * @packageDocumentation
 */
export { kubernetesModuleNamespaceGuard as default } from './module';
export { parseProxyPath, type ProxyTarget } from './proxyPath';
