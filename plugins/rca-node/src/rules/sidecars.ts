import type { V1Pod } from '@kubernetes/client-node';

/**
 * Containers injected next to the app: service-mesh proxies (Istio's `istio-proxy`, Linkerd's
 * `linkerd-proxy`) and log/telemetry shippers, known by their container name or image.
 */
const MESH_PROXY_NAMES =
  /^(istio-proxy|linkerd-proxy|envoy|envoy-sidecar|consul-dataplane|cilium-envoy)$/;
const SHIPPER_IMAGES =
  /(^|\/)(fluent-bit|fluentd|fluent|vector|filebeat|promtail|otel\/opentelemetry-collector[\w-]*|opentelemetry-collector[\w-]*|grafana-agent|alloy)(:|@|$)/;

/** How much a sidecar's own finding counts against the app container's. */
export const SIDECAR_WEIGHT = 0.75;

/**
 * Whether `container` is a sidecar of a pod that also runs an app container: a native sidecar
 * (an init container with `restartPolicy: Always`, Kubernetes ≥ 1.29) or an injected proxy or
 * log shipper. A pod made only of such containers has no app to outrank, so none is a sidecar.
 */
export function isSidecar(pod: V1Pod, container: string | undefined): boolean {
  if (!container) return false;
  const spec = pod.spec;
  const native = (spec?.initContainers ?? []).find(
    c => c.name === container && c.restartPolicy === 'Always',
  );
  const injected = (spec?.containers ?? []).filter(
    c => MESH_PROXY_NAMES.test(c.name) || SHIPPER_IMAGES.test(c.image ?? ''),
  );
  const apps = (spec?.containers ?? []).filter(c => !injected.includes(c));
  if (!apps.length) return false;
  return !!native || injected.some(c => c.name === container);
}
