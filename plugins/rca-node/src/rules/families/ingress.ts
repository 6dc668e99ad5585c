import type { CoreV1Event, V1Ingress } from '@kubernetes/client-node';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evEvent, evObject } from '../../sources/kubernetes/kubeEvidence';
import {
  changedAt,
  eventTime,
  firstEventTime,
  ref,
} from '../../sources/kubernetes/kubeFacts';
import type { RuleDraft, RuleFamily, TargetView } from '../family';
import { earliest, endedBefore } from '../helpers';
import { kubectl } from '../steps';

/** The Ingress points at a class, Service or port that does not exist. */
export const LABELS = [
  'ingress_misconfigured',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** A missing class, backend Service or port, read from the objects. */
  danglingReference: 0.9,
  /** The TLS Secret the Ingress serves is failing to be issued (warnings about it in the window). */
  tlsNotIssued: 0.85,
};

export const TITLES = {
  dangling: 'Ingress points at something that does not exist',
  tlsNotIssued: 'Ingress TLS certificate is not issued',
};

/**
 * Warnings about the Ingress' TLS Secrets: cert-manager's ingress-shim names the Certificate after
 * `spec.tls[].secretName`, so a failing issuance is a warning about an object of that name (the
 * Certificate, its Secret). Until it is issued the controller serves its default certificate.
 */
function tlsWarnings(t: TargetView, ing: V1Ingress): CoreV1Event[] {
  const names = new Set(
    (ing.spec?.tls ?? []).map(x => x.secretName).filter(Boolean),
  );
  return t.snapshot.namespaceWarnings.filter(
    e =>
      names.has(e.involvedObject?.name) &&
      e.involvedObject?.namespace === ing.metadata?.namespace &&
      !endedBefore(eventTime(e), t.ctx.input.window),
  );
}

function tlsDraft(t: TargetView, ing: V1Ingress): RuleDraft | undefined {
  const warnings = tlsWarnings(t, ing);
  if (!warnings.length) return undefined;
  const io = warnings[0].involvedObject;
  return {
    ...t.about('Ingress', ing),
    category: 'ingress_misconfigured',
    title: TITLES.tlsNotIssued,
    explanation: `Ingress ${ing.metadata?.name} serves TLS from Secret ${
      io?.name
    }, which is not issued: ${io?.kind} ${io?.name}: ${
      warnings[0].message ?? ''
    }`,
    level: 1,
    onset: earliest(warnings.map(firstEventTime)),
    evidence: warnings.map(e => evEvent(t.ledger, t.cluster, e)),
    specificity: SPECIFICITY.tlsNotIssued,
    steps: {
      namespace: ing.metadata?.namespace,
      name: ing.metadata?.name,
      detail: `TLS Secret ${io?.name} is not issued (${io?.kind} ${io?.name})`,
    },
  };
}

/** What the Ingress names that does not exist. */
function problemsOf(t: TargetView, ing: V1Ingress): string[] {
  const problems: string[] = [];
  const cls =
    ing.spec?.ingressClassName ??
    ing.metadata?.annotations?.['kubernetes.io/ingress.class'];
  if (!cls) problems.push('it names no ingress class');
  else if (t.snapshot.ingressClasses && !t.snapshot.ingressClasses.has(cls))
    problems.push(`IngressClass "${cls}" does not exist`);
  const backends = [
    ...(ing.spec?.defaultBackend?.service
      ? [ing.spec.defaultBackend.service]
      : []),
    ...(ing.spec?.rules ?? []).flatMap(r =>
      (r.http?.paths ?? []).map(p => p.backend.service).filter(Boolean),
    ),
  ];
  const services = t.objects.namespaceServices;
  for (const b of backends) {
    const svc = services.find(
      x =>
        x.metadata?.name === b!.name &&
        x.metadata?.namespace === ing.metadata?.namespace,
    );
    if (!svc) {
      // Only where the Ingress's namespace had its Services listed (not refused) is absence a fact.
      if (services.some(x => x.metadata?.namespace === ing.metadata?.namespace))
        problems.push(`backend service "${b!.name}" does not exist`);
      continue;
    }
    const port = b!.port?.number ?? b!.port?.name;
    if (
      port !== undefined &&
      !(svc.spec?.ports ?? []).some(p => p.port === port || p.name === port)
    ) {
      problems.push(`backend service "${b!.name}" has no port ${port}`);
    }
  }
  return problems;
}

function network(t: TargetView): RuleDraft[] {
  const out: RuleDraft[] = [];
  for (const ing of t.objects.ingresses) {
    const tls = tlsDraft(t, ing);
    if (tls) out.push(tls);
    const problems = problemsOf(t, ing);
    if (!problems.length) continue;
    out.push({
      ...t.about('Ingress', ing),
      category: 'ingress_misconfigured',
      title: TITLES.dangling,
      explanation: `Ingress ${ing.metadata?.name}: ${problems.join('; ')}`,
      level: 1,
      onset: changedAt(ing),
      evidence: problems.map(p =>
        evObject(t.ledger, t.cluster, ref('Ingress', ing), 'spec', p, {
          timestamp: changedAt(ing),
          severity: 'error',
        }),
      ),
      specificity: SPECIFICITY.danglingReference,
      steps: {
        namespace: ing.metadata?.namespace,
        name: ing.metadata?.name,
        detail: problems.join('; '),
      },
    });
  }
  return out;
}

export const ingress: RuleFamily = {
  name: 'ingress',
  labels: LABELS,
  network,
  nextSteps: {
    ingress_misconfigured: c => [
      {
        text: `Fix the Ingress${c.detail ? `: ${c.detail}` : ''}.`,
        command: `${kubectl(c)} describe ingress ${c.name ?? ''}`,
      },
    ],
  },
};
