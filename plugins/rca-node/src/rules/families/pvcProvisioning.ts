import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evEvent } from '../../sources/kubernetes/kubeEvidence';
import {
  eventsAbout,
  firstEventTime,
} from '../../sources/kubernetes/kubeFacts';
import type { RuleDraft, RuleFamily, TargetView } from '../family';
import { earliest, objectLabel } from '../helpers';

/** A PersistentVolumeClaim cannot be provisioned or bound. */
export const LABELS = [
  'pvc_storageclass_missing',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The scheduler waits for an unbound claim (the claim itself may be fine). */
  unboundClaimMessage: 0.7,
  /** The claim is Pending: its class does not exist or provisioning fails. */
  claimPending: 0.9,
};

export const TITLES = {
  claimPending: 'Volume claim cannot be provisioned',
};

/** Pending claims whose storage class is missing or whose provisioning fails. */
function infrastructure(t: TargetView): RuleDraft[] {
  const out: RuleDraft[] = [];
  for (const pvc of t.objects.pvcs) {
    if (pvc.status?.phase !== 'Pending') continue;
    const name = pvc.metadata?.name;
    const namespace = pvc.metadata?.namespace;
    const events = eventsAbout(
      t.objects,
      'PersistentVolumeClaim',
      name ?? '',
    ).filter(e => e.type === 'Warning');
    const cls = pvc.spec?.storageClassName;
    const classes = t.snapshot.storageClasses;
    const missingClass = !!cls && !!classes && !classes.has(cls);
    const failed = events.filter(e => e.reason === 'ProvisioningFailed');
    if (!missingClass && !failed.length) continue;
    out.push({
      object: objectLabel(
        t.cluster,
        'PersistentVolumeClaim',
        namespace,
        name ?? '?',
      ),
      subject: {
        cluster: t.cluster,
        kind: 'PersistentVolumeClaim',
        namespace,
        name: name ?? '?',
      },
      scope: t.scope,
      entityRef: t.objects.target.entityRef,
      level: 0,
      category: 'pvc_storageclass_missing',
      title: TITLES.claimPending,
      explanation: `PVC ${name} stays Pending${
        missingClass ? `: storage class "${cls}" does not exist` : ''
      }${failed[0] ? `: ${failed[0].message}` : ''}`,
      onset: earliest(failed.map(firstEventTime)),
      evidence: failed
        .map(e => evEvent(t.ledger, t.cluster, e))
        .concat(
          missingClass
            ? [
                t.ledger.add({
                  source: 'kubernetes',
                  cluster: t.cluster,
                  object: `PersistentVolumeClaim ${namespace}/${name}`,
                  field: 'spec.storageClassName',
                  text: `storage class "${cls}" not found in the cluster`,
                  severity: 'error',
                }),
              ]
            : [],
        ),
      specificity: SPECIFICITY.claimPending,
      steps: { namespace },
    });
  }
  return out;
}

export const pvcProvisioning: RuleFamily = {
  name: 'pvcProvisioning',
  labels: LABELS,
  messages: {
    scheduling: [
      {
        pattern:
          /unbound immediate PersistentVolumeClaims|persistentvolumeclaim .* not found|volume node affinity conflict/i,
        label: 'pvc_storageclass_missing',
        specificity: SPECIFICITY.unboundClaimMessage,
        // The pod waits on its claim: a pod-level cause, not a scheduling one.
        level: 2,
      },
    ],
  },
  infrastructure,
  nextSteps: {
    pvc_storageclass_missing: () => [
      {
        text: 'Create the StorageClass or point the PVC at an existing one.',
        command: 'kubectl get storageclass',
      },
    ],
  },
};
