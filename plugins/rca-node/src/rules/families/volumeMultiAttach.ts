import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { MountView, PodFinding, RuleFamily } from '../family';

/** A ReadWriteOnce volume is still attached to another node. */
export const LABELS = [
  'volume_multi_attach',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The attach/detach controller reports a Multi-Attach error. */
  multiAttachError: 0.95,
};

export const TITLES = {
  multiAttach: 'Volume still attached to another node',
};

/** The pod's claims: the message names the PersistentVolume, a responder looks for the claim. */
function claimsOf(m: MountView): string {
  const claims = (m.pod.spec?.volumes ?? [])
    .map(v => v.persistentVolumeClaim?.claimName)
    .filter(Boolean);
  return claims.length ? ` (claims ${claims.join(', ')})` : '';
}

function mount(m: MountView): PodFinding | undefined {
  if (!/Multi-Attach error/i.test(m.text)) return undefined;
  return {
    category: 'volume_multi_attach',
    specificity: SPECIFICITY.multiAttachError,
    title: TITLES.multiAttach,
    explanation: `${m.podName}${claimsOf(m)}: ${m.mount[0].message}`,
    level: 2,
    evidence: m.cite(m.mount),
    onset: m.onsetOf(m.mount),
    detail: /"([^"]+)"/.exec(m.text)?.[1],
  };
}

export const volumeMultiAttach: RuleFamily = {
  name: 'volumeMultiAttach',
  labels: LABELS,
  pods: { mount },
  nextSteps: {
    volume_multi_attach: () => [
      {
        text: 'Wait for or force the detach of the volume from the old node; use a Recreate strategy for RWO volumes.',
        command: 'kubectl get volumeattachments',
      },
    ],
  },
};
