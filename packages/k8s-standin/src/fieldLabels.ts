import type { KubeObject } from './scenario';

type Field = (o: KubeObject) => unknown;

const path =
  (...keys: string[]): Field =>
  o => {
    let v: unknown = o;
    for (const k of keys) v = (v as Record<string, unknown> | undefined)?.[k];
    return v;
  };

/** Every resource: the generic `metadata.*` selectable fields (apimachinery DefaultMetaV1FieldSelectorConversion). */
const META: Record<string, Field> = {
  'metadata.name': path('metadata', 'name'),
  'metadata.namespace': path('metadata', 'namespace'),
};

/*
 * The field labels a real kube-apiserver accepts per resource, from kubernetes/kubernetes
 * pkg/apis/core/v1/conversion.go (AddFieldLabelConversionFunc for Pod, Node, Event, Namespace,
 * Secret), pkg/apis/apps/v1/conversion.go (ReplicaSet), pkg/apis/batch/v1/conversion.go (Job) and
 * the registries' ToSelectableFields (pkg/registry/core/{pod,event,node}/strategy.go). Any other
 * label answers 400 "field label not supported". Keys are `<group>/<plural>`.
 */
const BY_RESOURCE: Record<string, Record<string, Field>> = {
  '/pods': {
    'spec.nodeName': path('spec', 'nodeName'),
    // Old v1 clients send spec.host; the server converts it.
    'spec.host': path('spec', 'nodeName'),
    'spec.restartPolicy': path('spec', 'restartPolicy'),
    'spec.schedulerName': path('spec', 'schedulerName'),
    'spec.serviceAccountName': path('spec', 'serviceAccountName'),
    'spec.hostNetwork': o => String(!!path('spec', 'hostNetwork')(o)),
    'status.phase': path('status', 'phase'),
    'status.podIP': path('status', 'podIP'),
    'status.nominatedNodeName': path('status', 'nominatedNodeName'),
  },
  '/events': {
    'involvedObject.kind': path('involvedObject', 'kind'),
    'involvedObject.namespace': path('involvedObject', 'namespace'),
    'involvedObject.name': path('involvedObject', 'name'),
    'involvedObject.uid': path('involvedObject', 'uid'),
    'involvedObject.apiVersion': path('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject', 'fieldPath'),
    reason: path('reason'),
    reportingComponent: path('reportingComponent'),
    // source.component, or the reporting controller when the event has no source.
    source: o =>
      path('source', 'component')(o) || path('reportingComponent')(o),
    type: path('type'),
  },
  '/nodes': {
    'spec.unschedulable': o => String(!!path('spec', 'unschedulable')(o)),
  },
  '/namespaces': { 'status.phase': path('status', 'phase') },
  '/secrets': { type: path('type') },
  'apps/replicasets': { 'status.replicas': path('status', 'replicas') },
  'batch/jobs': { 'status.successful': path('status', 'successful') },
};

/** The selectable fields of a resource, keyed by field label. */
export function fieldLabelsOf(t: {
  group: string;
  plural: string;
}): Record<string, Field> {
  return { ...META, ...BY_RESOURCE[`${t.group}/${t.plural}`] };
}
