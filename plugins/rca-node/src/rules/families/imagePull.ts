import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { firstEventTime } from '../../sources/kubernetes/kubeFacts';
import type { ContainerView, PodFinding, RuleFamily } from '../family';
import { CONTAINER_LEVEL, earliest } from '../helpers';
import { kubectl, workloadRef } from '../steps';

/** The image cannot be pulled: missing tag, refused credentials, malformed reference. */
export const LABELS = [
  'image_tag_not_found',
  'image_pull_unauthorized',
  'invalid_image_name',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The registry refuses the credentials. */
  unauthorized: 0.95,
  /** The registry has no such manifest. */
  tagNotFound: 0.95,
  /** The reference does not parse (message or InvalidImageName state). */
  invalidName: 0.95,
  /** A pull fails with a message no pattern recognises: most often a missing tag. */
  unclassifiedPull: 0.55,
};

export const TITLES = {
  unauthorized: 'Registry refuses the image pull',
  notFound: 'Image or tag not found in the registry',
  invalidName: 'Malformed image reference',
};

/** Pull failures, after Robusta's classifier (containerd and docker message forms). */
const PULL_MESSAGES = [
  {
    pattern:
      /unauthorized|authentication required|pull access denied|insufficient_scope|403 forbidden|denied: |no basic auth credentials|failed to authorize|toomanyrequests|429 too many requests|pull rate limit/i,
    label: 'image_pull_unauthorized',
    specificity: SPECIFICITY.unauthorized,
  },
  {
    pattern:
      /manifest unknown|not found: manifest|: not found|repository does not exist|name unknown|manifest for .* not found|failed to resolve reference/i,
    label: 'image_tag_not_found',
    specificity: SPECIFICITY.tagNotFound,
  },
  {
    pattern:
      /invalid reference format|couldn't parse image reference|InvalidImageName/i,
    label: 'invalid_image_name',
    specificity: SPECIFICITY.invalidName,
  },
] as const;

const PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'ImageInspectError',
]);

/** The credentials the kubelet pulled with: where a refused pull is fixed. */
function pullSecrets(c: ContainerView): string {
  const names = (c.pod.spec?.imagePullSecrets ?? [])
    .map(s => s.name)
    .filter(Boolean);
  return names.length ? ` with imagePullSecrets ${names.join(', ')}` : '';
}

function waiting(c: ContainerView): PodFinding | undefined {
  const w = c.status.state?.waiting;
  if (w && PULL_REASONS.has(w.reason ?? '')) {
    const failed = c.events.filter(
      e => e.reason === 'Failed' && c.forContainer(e),
    );
    const text = [w.message ?? '', ...failed.map(e => e.message ?? '')].join(
      '\n',
    );
    const hit = c.classify('imagePull', text);
    return {
      category: hit?.label ?? 'image_tag_not_found',
      specificity: hit?.specificity ?? SPECIFICITY.unclassifiedPull,
      title:
        hit?.label === 'image_pull_unauthorized'
          ? TITLES.unauthorized
          : TITLES.notFound,
      explanation: `${c.who} cannot pull its image ${
        c.pod.spec?.containers?.find(x => x.name === c.status.name)?.image ??
        c.status.image
      }${pullSecrets(c)}: ${failed[0]?.message ?? w.message ?? w.reason}`,
      level: CONTAINER_LEVEL,
      evidence: [...c.keys, ...c.cite(failed)],
      onset: earliest(failed.map(firstEventTime)),
      container: c.status.name,
    };
  }
  if (w?.reason === 'InvalidImageName') {
    return {
      category: 'invalid_image_name',
      specificity: SPECIFICITY.invalidName,
      level: CONTAINER_LEVEL,
      container: c.status.name,
      title: TITLES.invalidName,
      explanation: `${c.who}: ${w.message ?? 'invalid image name'}`,
      evidence: c.keys,
    };
  }
  return undefined;
}

export const imagePull: RuleFamily = {
  name: 'imagePull',
  labels: LABELS,
  messages: { imagePull: PULL_MESSAGES },
  pods: { waiting },
  nextSteps: {
    image_tag_not_found: c => [
      {
        text: 'Push the missing tag or point the Deployment at an existing one.',
        command: `${kubectl(c)} set image ${workloadRef(c)} ${
          c.container ?? '<container>'
        }=<image>:<existing-tag>`,
      },
    ],
    image_pull_unauthorized: c => [
      {
        text: 'Check the imagePullSecrets of the pod and the registry credentials in them.',
        command: `${kubectl(c)} get ${workloadRef(
          c,
        )} -o jsonpath='{.spec.template.spec.imagePullSecrets}'`,
      },
    ],
    invalid_image_name: c => [
      {
        text: 'Fix the image reference (registry/repository:tag).',
        command: `${kubectl(c)} set image ${workloadRef(c)} ${
          c.container ?? '<container>'
        }=<valid image>`,
      },
    ],
  },
};
