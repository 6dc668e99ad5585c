import type { Entity } from '@backstage/catalog-model';
import type { KubernetesSelector } from '../contracts';

export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/** Same resolution as Backstage's Kubernetes plugin, so the analysis sees what the Kubernetes tab shows. */
export function kubernetesSelectorOf(
  entity: Entity,
): KubernetesSelector | undefined {
  const a = entity.metadata.annotations ?? {};
  const namespace = a[ANNOTATION_KUBERNETES_NAMESPACE] || undefined;
  if (a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]) {
    return {
      labelSelector: a[ANNOTATION_KUBERNETES_LABEL_SELECTOR],
      namespace,
    };
  }
  if (a[ANNOTATION_KUBERNETES_ID]) {
    return {
      labelSelector: `${ANNOTATION_KUBERNETES_ID}=${a[ANNOTATION_KUBERNETES_ID]}`,
      namespace,
    };
  }
  return undefined;
}
