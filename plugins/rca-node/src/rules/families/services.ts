import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evObject } from '../../sources/kubernetes/kubeEvidence';
import { changedAt, ref } from '../../sources/kubernetes/kubeFacts';
import { matchesSelector } from '../../sources/kubernetes/labelSelector';
import type { RuleDraft, RuleFamily, TargetView } from '../family';
import { kubectl } from '../steps';

/** The Service selects none of the component's pods, so it has no endpoints. */
export const LABELS = [
  'service_selector_mismatch',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** No ready endpoints, and the selector matches none of the namespace's pods. */
  selectorMatchesNothing: 0.9,
};

export const TITLES = {
  mismatch: 'Service selector matches no pods',
};

function network(t: TargetView): RuleDraft[] {
  const out: RuleDraft[] = [];
  const { ledger, cluster } = t;
  for (const svc of t.objects.services) {
    const selector = svc.spec?.selector;
    if (!selector || !Object.keys(selector).length) continue;
    const ep = t.objects.endpoints.find(
      e =>
        e.metadata?.name === svc.metadata?.name &&
        e.metadata?.namespace === svc.metadata?.namespace,
    );
    const ready = (ep?.subsets ?? []).reduce(
      (n, ss) => n + (ss.addresses?.length ?? 0),
      0,
    );
    const pods = t.objects.pods.filter(
      p => p.metadata?.namespace === svc.metadata?.namespace,
    );
    const matching = pods.filter(p =>
      matchesSelector({ matchLabels: selector }, p.metadata?.labels ?? {}),
    );
    if (ready !== 0 || pods.length === 0 || matching.length !== 0) continue;
    const labels = pods[0].metadata?.labels ?? {};
    out.push({
      ...t.about('Service', svc),
      category: 'service_selector_mismatch',
      title: TITLES.mismatch,
      explanation: `Service ${svc.metadata?.name} selects ${JSON.stringify(
        selector,
      )} but the component's pods are labelled ${JSON.stringify(
        labels,
      )}; it has no endpoints`,
      level: 1,
      onset: changedAt(svc),
      evidence: [
        evObject(
          ledger,
          cluster,
          ref('Service', svc),
          'spec.selector',
          `selector ${JSON.stringify(selector)}`,
          { timestamp: changedAt(svc) },
        ),
        evObject(
          ledger,
          cluster,
          ref('Endpoints', svc),
          'subsets',
          'no ready addresses',
          { severity: 'error' },
        ),
        evObject(
          ledger,
          cluster,
          ref('Pod', pods[0]),
          'metadata.labels',
          `labels ${JSON.stringify(labels)}`,
          { severity: 'info' },
        ),
      ],
      specificity: SPECIFICITY.selectorMatchesNothing,
      steps: { namespace: svc.metadata?.namespace, name: svc.metadata?.name },
    });
  }
  return out;
}

export const services: RuleFamily = {
  name: 'services',
  labels: LABELS,
  network,
  nextSteps: {
    service_selector_mismatch: c => [
      {
        text: 'Make the Service selector match the pod labels.',
        command: `${kubectl(c)} get svc ${
          c.name ?? ''
        } -o jsonpath='{.spec.selector}'; ${kubectl(c)} get pods --show-labels`,
      },
    ],
  },
};
