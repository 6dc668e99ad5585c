/**
 * Per-namespace enforcement for the Kubernetes plugin.
 *
 * @packageDocumentation
 */
export { kubernetesModuleNamespaceGuard as default } from './module';
export {
  classifyProxyRequest,
  parseProxyPath,
  type ProxyRequest,
  type ProxyTarget,
} from './proxyPath';
