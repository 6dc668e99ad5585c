import { type ClusterView, type Flag, flag, nsName, type Obj } from './flags';

/** k8sgpt's PersistentVolumeClaim analyzer: Pending with a ProvisioningFailed event. */
export function pvcAnalyzer(view: ClusterView): Flag[] {
  return view
    .of('PersistentVolumeClaim')
    .filter(p => p.status?.phase === 'Pending')
    .flatMap(p =>
      view
        .eventsOf(
          'PersistentVolumeClaim',
          p.metadata.name,
          p.metadata.namespace,
        )
        .slice(0, 1)
        .filter(e => e.reason === 'ProvisioningFailed')
        .map(e => flag('PersistentVolumeClaim', p, e.message)),
    );
}

/** k8sgpt's Service analyzer, which walks Endpoints: none, not ready, warning events. */
export function serviceAnalyzer(view: ClusterView): Flag[] {
  const services = new Map(view.of('Service').map(s => [nsName(s), s]));
  return view.of('Endpoints').flatMap(ep => {
    const svc = services.get(nsName(ep));
    if (
      !svc ||
      ep.metadata.annotations?.['control-plane.alpha.kubernetes.io/leader']
    )
      return [];
    const out: Flag[] = [];
    const subsets: Obj[] = ep.subsets ?? [];
    if (!subsets.length)
      for (const [k, v] of Object.entries(svc.spec?.selector ?? {}))
        out.push(
          flag(
            'Service',
            svc,
            `Service has no endpoints, expected label ${k}=${v}`,
          ),
        );
    const notReady = subsets.flatMap(s => s.notReadyAddresses ?? []);
    if (notReady.length)
      out.push(
        flag(
          'Service',
          svc,
          `Service has not ready endpoints, pods: [${notReady
            .map(a => a.targetRef?.name)
            .join(' ')}], expected ${notReady.length}`,
        ),
      );
    for (const e of view.eventsOf(
      'Service',
      svc.metadata.name,
      svc.metadata.namespace,
    ))
      if (e.type !== 'Normal')
        out.push(
          flag('Service', svc, `Service ${nsName(svc)} has event ${e.message}`),
        );
    return out;
  });
}

function ingressBackends(i: Obj): string[] {
  const names = (i.spec?.rules ?? []).flatMap((r: Obj) =>
    (r.http?.paths ?? []).map((p: Obj) => p.backend?.service?.name),
  );
  if (i.spec?.defaultBackend?.service?.name)
    names.push(i.spec.defaultBackend.service.name);
  return names.filter(Boolean);
}

/** k8sgpt's Ingress analyzer: class, backend Services and TLS Secrets that do not exist. */
export function ingressAnalyzer(view: ClusterView): Flag[] {
  const has = (kind: string) => new Set(view.of(kind).map(nsName));
  const classes = new Set(view.of('IngressClass').map(c => c.metadata.name));
  const services = has('Service');
  const secrets = has('Secret');
  return view.of('Ingress').flatMap(i => {
    const ns = i.metadata.namespace;
    const out: string[] = [];
    const cls =
      i.spec?.ingressClassName ??
      i.metadata.annotations?.['kubernetes.io/ingress.class'];
    if (!cls)
      out.push(`Ingress ${nsName(i)} does not specify an Ingress class.`);
    else if (!classes.has(cls))
      out.push(`Ingress uses the ingress class ${cls} which does not exist.`);
    for (const s of ingressBackends(i))
      if (!services.has(`${ns}/${s}`))
        out.push(`Ingress uses the service ${ns}/${s} which does not exist.`);
    for (const t of i.spec?.tls ?? [])
      if (t.secretName && !secrets.has(`${ns}/${t.secretName}`))
        out.push(
          `Ingress uses the secret ${ns}/${t.secretName} as a TLS certificate which does not exist.`,
        );
    return out.map(t => flag('Ingress', i, t));
  });
}

/** k8sgpt's Node analyzer: Ready not True, or a pressure condition True/Unknown. */
export function nodeAnalyzer(view: ClusterView): Flag[] {
  return view.of('Node').flatMap(n =>
    (n.status?.conditions ?? [])
      .filter((c: Obj) => {
        if (c.type === 'Ready') return c.status !== 'True';
        // Pressure conditions and unknown types (node-problem-detector's) count when True or Unknown.
        return c.type !== 'EtcdIsVoter' && c.status !== 'False';
      })
      .map((c: Obj) =>
        flag(
          'Node',
          n,
          `${n.metadata.name} has condition of type ${c.type}, reason ${c.reason}: ${c.message}`,
        ),
      ),
  );
}

function hpaTarget(view: ClusterView, h: Obj): Obj | undefined {
  const ref = h.spec?.scaleTargetRef ?? {};
  return view
    .of(ref.kind)
    .find(
      o =>
        o.metadata.name === ref.name &&
        o.metadata.namespace === h.metadata.namespace,
    );
}

/** k8sgpt's HorizontalPodAutoscaler analyzer (opt-in, enabled here): conditions and target resources. */
export function hpaAnalyzer(view: ClusterView): Flag[] {
  return view.of('HorizontalPodAutoscaler').flatMap(h => {
    const out: string[] = [];
    for (const c of h.status?.conditions ?? []) {
      if (
        c.type === 'ScalingLimited' &&
        c.status === 'True' &&
        c.reason !== 'TooFewReplicas'
      )
        out.push(c.message);
      else if (c.type !== 'ScalingLimited' && c.status === 'False')
        out.push(c.message);
    }
    const target = hpaTarget(view, h);
    const ref = h.spec?.scaleTargetRef ?? {};
    if (!target)
      out.push(
        `${ref.kind} ${h.metadata.namespace}/${ref.name} does not exist.`,
      );
    else if (
      (target.spec?.template?.spec?.containers ?? []).some(
        (c: Obj) => !c.resources?.requests && !c.resources?.limits,
      )
    )
      out.push(
        `${ref.kind} ${h.metadata.namespace}/${ref.name} does not have resource configured.`,
      );
    return out.filter(Boolean).map(t => flag('HorizontalPodAutoscaler', h, t));
  });
}
