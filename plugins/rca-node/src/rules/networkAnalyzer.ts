import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import type { Analyzer, AnalyzerContext, HypothesisDraft } from '../contracts';
import { evEvent, evObject } from '../sources/kubernetes/kubeEvidence';
import {
  changedAt,
  firstEventTime,
  inWindow,
  iso,
  ref,
  type TargetObjects,
} from '../sources/kubernetes/kubeFacts';
import {
  matchesSelector,
  selectsAll,
} from '../sources/kubernetes/labelSelector';
import { aboutObject, earliest, eachTarget } from './helpers';
import { nextStepsFor } from './nextSteps';

const CONNECTIVITY =
  /timeout|timed out|connection refused|no such host|name resolution|getaddrinfo|EAI_AGAIN|ENOTFOUND|i\/o timeout|dial tcp|context deadline exceeded/i;

function connectivitySymptoms(t: TargetObjects, pods: V1Pod[]) {
  const names = new Set(pods.map(p => p.metadata?.name));
  const events = t.events.filter(
    e =>
      e.involvedObject?.kind === 'Pod' &&
      names.has(e.involvedObject.name) &&
      e.type === 'Warning' &&
      CONNECTIVITY.test(e.message ?? ''),
  );
  const terminations = pods.flatMap(p =>
    (p.status?.containerStatuses ?? [])
      .filter(cs => CONNECTIVITY.test(cs.lastState?.terminated?.message ?? ''))
      .map(cs => ({ pod: p, cs })),
  );
  return { events, terminations };
}

function allowsDns(np: V1NetworkPolicy): boolean {
  return (np.spec?.egress ?? []).some(
    rule =>
      !rule.ports?.length ||
      rule.ports.some(
        p => p.port === 53 || p.port === 'dns' || p.port === 'dns-tcp',
      ),
  );
}

/** Services without endpoints, Ingresses pointing nowhere, NetworkPolicies that cut traffic. */
export class NetworkAnalyzer implements Analyzer {
  readonly name = 'network';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const out: HypothesisDraft[] = [];
    const ev = ctx.evidence;
    const { window } = ctx.input;
    eachTarget(ctx, (s, t, scope) => {
      const base = (
        kind: string,
        o: { metadata?: { name?: string; namespace?: string } },
      ) => aboutObject(s.cluster, kind, o, scope, t.target.entityRef);

      for (const svc of t.services) {
        const selector = svc.spec?.selector;
        if (!selector || !Object.keys(selector).length) continue;
        const ep = t.endpoints.find(
          e =>
            e.metadata?.name === svc.metadata?.name &&
            e.metadata?.namespace === svc.metadata?.namespace,
        );
        const ready = (ep?.subsets ?? []).reduce(
          (n, ss) => n + (ss.addresses?.length ?? 0),
          0,
        );
        const pods = t.pods.filter(
          p => p.metadata?.namespace === svc.metadata?.namespace,
        );
        const matching = pods.filter(p =>
          matchesSelector({ matchLabels: selector }, p.metadata?.labels ?? {}),
        );
        if (ready === 0 && pods.length > 0 && matching.length === 0) {
          const labels = pods[0].metadata?.labels ?? {};
          out.push({
            ...base('Service', svc),
            category: 'service_selector_mismatch',
            title: 'Service selector matches no pods',
            explanation: `Service ${
              svc.metadata?.name
            } selects ${JSON.stringify(
              selector,
            )} but the component's pods are labelled ${JSON.stringify(
              labels,
            )}; it has no endpoints`,
            level: 1,
            onset: changedAt(svc),
            evidence: [
              evObject(
                ev,
                s.cluster,
                ref('Service', svc),
                'spec.selector',
                `selector ${JSON.stringify(selector)}`,
                { timestamp: changedAt(svc) },
              ),
              evObject(
                ev,
                s.cluster,
                ref('Endpoints', svc),
                'subsets',
                'no ready addresses',
                { severity: 'error' },
              ),
              evObject(
                ev,
                s.cluster,
                ref('Pod', pods[0]),
                'metadata.labels',
                `labels ${JSON.stringify(labels)}`,
                { severity: 'info' },
              ),
            ],
            specificity: 0.9,
            nextSteps: nextStepsFor('service_selector_mismatch', {
              namespace: svc.metadata?.namespace,
              name: svc.metadata?.name,
            }),
          });
        }
      }

      for (const ing of t.ingresses) {
        const problems: string[] = [];
        const cls =
          ing.spec?.ingressClassName ??
          ing.metadata?.annotations?.['kubernetes.io/ingress.class'];
        if (!cls) problems.push('it names no ingress class');
        else if (s.ingressClasses && !s.ingressClasses.has(cls))
          problems.push(`ingress class "${cls}" does not exist`);
        const backends = [
          ...(ing.spec?.defaultBackend?.service
            ? [ing.spec.defaultBackend.service]
            : []),
          ...(ing.spec?.rules ?? []).flatMap(r =>
            (r.http?.paths ?? []).map(p => p.backend.service).filter(Boolean),
          ),
        ];
        for (const b of backends) {
          const svc = t.namespaceServices.find(
            x =>
              x.metadata?.name === b!.name &&
              x.metadata?.namespace === ing.metadata?.namespace,
          );
          if (!svc) {
            if (t.namespaceServices.length)
              problems.push(`backend service "${b!.name}" does not exist`);
            continue;
          }
          const port = b!.port?.number ?? b!.port?.name;
          if (
            port !== undefined &&
            !(svc.spec?.ports ?? []).some(
              p => p.port === port || p.name === port,
            )
          ) {
            problems.push(`backend service "${b!.name}" has no port ${port}`);
          }
        }
        if (problems.length) {
          out.push({
            ...base('Ingress', ing),
            category: 'ingress_misconfigured',
            title: 'Ingress points at something that does not exist',
            explanation: `Ingress ${ing.metadata?.name}: ${problems.join(
              '; ',
            )}`,
            level: 1,
            onset: changedAt(ing),
            evidence: problems.map(p =>
              evObject(ev, s.cluster, ref('Ingress', ing), 'spec', p, {
                timestamp: changedAt(ing),
                severity: 'error',
              }),
            ),
            specificity: 0.9,
            nextSteps: nextStepsFor('ingress_misconfigured', {
              namespace: ing.metadata?.namespace,
              name: ing.metadata?.name,
              detail: problems.join('; '),
            }),
          });
        }
      }

      for (const np of t.networkPolicies) {
        const pods = t.pods.filter(
          p =>
            p.metadata?.namespace === np.metadata?.namespace &&
            matchesSelector(np.spec?.podSelector, p.metadata?.labels ?? {}),
        );
        const { events, terminations } = connectivitySymptoms(t, pods);
        if (!events.length && !terminations.length) continue;
        const changed = changedAt(np);
        const recent = inWindow(changed, window, 3_600_000);
        const types = np.spec?.policyTypes ?? ['Ingress'];
        const blocksDns = types.includes('Egress') && !allowsDns(np);
        const dnsSymptom = [
          ...events.map(e => e.message ?? ''),
          ...terminations.map(x => x.cs.lastState?.terminated?.message ?? ''),
        ].some(m =>
          /no such host|name resolution|getaddrinfo|EAI_AGAIN|ENOTFOUND/i.test(
            m,
          ),
        );
        if (!recent && !(blocksDns && dnsSymptom)) continue;
        const what = blocksDns
          ? 'denies egress without allowing DNS (port 53)'
          : `${types.join('+')} policy${
              selectsAll(np.spec?.podSelector) ? ' for every pod' : ''
            }`;
        const policyKey = evObject(
          ev,
          s.cluster,
          ref('NetworkPolicy', np),
          'spec',
          `${what}; last changed ${changed ?? 'unknown'}`,
          { timestamp: changed },
        );
        out.push({
          ...base('NetworkPolicy', np),
          category: 'networkpolicy_blocking',
          title: 'NetworkPolicy cuts the traffic',
          explanation: `NetworkPolicy ${np.metadata?.name} (${what}) selects the component's pods, which then show connection failures`,
          level: 0,
          onset: earliest([
            ...events.map(firstEventTime),
            ...terminations.map(x =>
              iso(x.cs.lastState?.terminated?.finishedAt),
            ),
          ]),
          evidence: [policyKey, ...events.map(e => evEvent(ev, s.cluster, e))],
          change: recent ? policyKey : undefined,
          specificity: blocksDns && dnsSymptom ? 0.9 : 0.75,
          nextSteps: nextStepsFor('networkpolicy_blocking', {
            namespace: np.metadata?.namespace,
            detail: np.metadata?.name,
          }),
        });
      }
    });
    return out;
  }
}
