import type {
  CoreV1Event,
  V1ContainerStatus,
  V1Pod,
} from '@kubernetes/client-node';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { Analyzer, AnalyzerContext, HypothesisDraft } from '../contracts';
import {
  containerStatuses,
  evContainerState,
  evEvent,
  evLastTermination,
  evObject,
} from '../sources/kubernetes/kubeEvidence';
import {
  eventsAbout,
  firstEventTime,
  iso,
  ref,
  type TargetObjects,
  topOwner,
} from '../sources/kubernetes/kubeFacts';
import {
  classifyCrash,
  classifyExitCode,
  classifyImagePull,
  classifyMissingReference,
  classifyScheduling,
} from './classifiers';
import { DraftGroup, earliest, eachTarget, objectLabel } from './helpers';
import { nextStepsFor } from './nextSteps';

interface Finding {
  category: RootCauseLabel;
  specificity: number;
  title: string;
  explanation: string;
  level: number;
  evidence: string[];
  onset?: string;
  symptom?: boolean;
  container?: string;
  detail?: string;
}

const CRASH_TITLES: Partial<Record<RootCauseLabel, string>> = {
  crashloop_missing_env_or_config:
    'Crash loop: required configuration missing at start-up',
  bad_command_or_entrypoint: 'Crash loop: the container command cannot run',
  app_crash_dependency_unreachable:
    'Crash loop: a dependency is unreachable at start-up',
  dns_resolution_failure: 'Crash loop: a hostname does not resolve',
  rbac_forbidden: 'Crash loop: the ServiceAccount is forbidden an API call',
  pvc_disk_full: 'Crash loop: the volume is full',
  connection_pool_exhaustion: 'Crash loop: connection pool exhausted',
};

const PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'ImageInspectError',
]);
const START_REASONS = new Set([
  'CreateContainerError',
  'RunContainerError',
  'StartError',
  'PreStartHookError',
  'PreCreateHookError',
]);

function probeEvents(
  events: CoreV1Event[],
  kind: 'Readiness' | 'Liveness' | 'Startup',
) {
  return events.filter(
    e =>
      e.reason === 'Unhealthy' && (e.message ?? '').startsWith(`${kind} probe`),
  );
}

/**
 * Pod- and container-level causes: image pulls, config references, crashes (classified by
 * termination reason, exit code and message), OOM kills, probes, scheduling, evictions and volumes.
 * Findings are grouped per owning workload, so N identical pods make one hypothesis.
 */
export class PodAnalyzer implements Analyzer {
  readonly name = 'pods';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const group = new DraftGroup();
    eachTarget(ctx, (s, t, scope) => {
      for (const pod of t.pods) {
        for (const f of this.#findings(ctx, s.cluster, t, pod)) {
          const owner = topOwner(t, pod);
          const ns = pod.metadata?.namespace;
          group.add(
            `${s.cluster}|${f.category}|${owner.kind}/${ns}/${owner.name}`,
            {
              category: f.category,
              title: f.title,
              explanation: f.explanation,
              object: objectLabel(s.cluster, owner.kind, ns, owner.name),
              subject: {
                cluster: s.cluster,
                kind: owner.kind,
                namespace: ns,
                name: owner.name,
              },
              level: f.level,
              scope,
              entityRef: t.target.entityRef,
              onset: f.onset,
              evidence: f.evidence,
              specificity: f.specificity,
              symptom: f.symptom,
              nextSteps: nextStepsFor(f.category, {
                namespace: ns,
                kind: owner.kind,
                name: owner.name,
                pod: pod.metadata?.name,
                container: f.container,
                detail: f.detail,
              }),
            },
          );
        }
      }
    });
    return group.drafts();
  }

  #findings(
    ctx: AnalyzerContext,
    cluster: string,
    t: TargetObjects,
    pod: V1Pod,
  ): Finding[] {
    const ev = ctx.evidence;
    const podName = pod.metadata?.name ?? '?';
    const events = eventsAbout(t, 'Pod', podName);
    const out: Finding[] = [];
    const cite = (es: CoreV1Event[]) => es.map(e => evEvent(ev, cluster, e));
    const onsetOf = (es: CoreV1Event[], fallback?: string) =>
      earliest([...es.map(firstEventTime), fallback]);

    // Evicted pods carry the node's resource in their message.
    if (pod.status?.reason === 'Evicted') {
      const msg = pod.status.message ?? '';
      const key = evObject(
        ev,
        cluster,
        ref('Pod', pod),
        'status.reason',
        `Evicted: ${msg}`,
        { severity: 'error' },
      );
      const memory = /memory/i.test(msg);
      out.push({
        category: memory
          ? 'node_memory_pressure'
          : 'node_disk_pressure_eviction',
        specificity: /ephemeral-storage|disk|nodefs|imagefs|memory/i.test(msg)
          ? 0.9
          : 0.6,
        title: `Pods evicted: node low on ${memory ? 'memory' : 'disk'}`,
        explanation: `Pod ${podName} was evicted by the kubelet: ${
          msg || 'no message'
        }`,
        level: 0,
        evidence: [key, ...cite(events.filter(e => e.reason === 'Evicted'))],
        onset: onsetOf(events.filter(e => e.reason === 'Evicted')),
        detail: pod.spec?.nodeName,
      });
      return out;
    }

    // Scheduling.
    const scheduled = pod.status?.conditions?.find(
      c => c.type === 'PodScheduled',
    );
    if (pod.status?.phase === 'Pending' && scheduled?.status === 'False') {
      const failed = events.filter(e => e.reason === 'FailedScheduling');
      const text = [
        scheduled.message ?? '',
        ...failed.map(e => e.message ?? ''),
      ].join('\n');
      const c = classifyScheduling(text);
      const condKey = evObject(
        ev,
        cluster,
        ref('Pod', pod),
        'status.conditions[PodScheduled]',
        `PodScheduled=False ${scheduled.reason ?? ''}: ${
          scheduled.message ?? ''
        }`,
        {
          timestamp: iso(scheduled.lastTransitionTime),
          severity: 'error',
        },
      );
      out.push({
        category: c?.label ?? 'insufficient_evidence',
        specificity: c?.specificity ?? 0.3,
        symptom: !c,
        title: c
          ? `Pods cannot be scheduled (${c.label
              .replace('unschedulable_', '')
              .replace(/_/g, ' ')})`
          : 'Pods cannot be scheduled',
        explanation: `The scheduler cannot place ${podName}: ${
          scheduled.message ?? failed[0]?.message ?? 'no message'
        }`,
        level: c?.label === 'pvc_storageclass_missing' ? 2 : 1,
        evidence: [condKey, ...cite(failed)],
        onset: onsetOf(failed, iso(scheduled.lastTransitionTime)),
      });
    }

    // Volumes that cannot be mounted or attached keep the pod in ContainerCreating.
    const mount = events.filter(
      e => e.reason === 'FailedMount' || e.reason === 'FailedAttachVolume',
    );
    if (mount.length) {
      const text = mount.map(e => e.message ?? '').join('\n');
      const missing = classifyMissingReference(text);
      const multi = /Multi-Attach error/i.test(text);
      if (missing || multi) {
        out.push({
          category: multi ? 'volume_multi_attach' : missing!.label,
          specificity: multi ? 0.95 : missing!.specificity,
          title: multi
            ? 'Volume still attached to another node'
            : `Mounted ${
                missing!.label === 'missing_secret_or_key'
                  ? 'Secret'
                  : 'ConfigMap'
              } does not exist`,
          explanation: `${podName}: ${mount[0].message}`,
          level: 2,
          evidence: cite(mount),
          onset: onsetOf(mount),
          detail: /"([^"]+)"/.exec(text)?.[1],
        });
      }
    }

    for (const { status, init } of containerStatuses(pod)) {
      const f = this.#containerFinding(ctx, cluster, pod, status, init, events);
      if (f) out.push(f);
    }

    // Running but never ready: readiness probe failures.
    const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
    const readiness = probeEvents(events, 'Readiness');
    if (
      pod.status?.phase === 'Running' &&
      ready?.status === 'False' &&
      readiness.length &&
      !out.some(f => !f.symptom)
    ) {
      const message = readiness[readiness.length - 1].message ?? '';
      const c = classifyCrash(message);
      out.push({
        category: 'readiness_probe_failing',
        specificity: 0.8,
        title: 'Pods never become Ready: readiness probe failing',
        explanation: `${podName} runs but its readiness probe fails: ${message}`,
        level: 2,
        evidence: [
          evObject(
            ev,
            cluster,
            ref('Pod', pod),
            'status.conditions[Ready]',
            `Ready=False ${ready.reason ?? ''}: ${ready.message ?? ''}`,
            { timestamp: iso(ready.lastTransitionTime) },
          ),
          ...cite(readiness),
        ],
        onset: onsetOf(readiness),
        detail: c?.label,
      });
    }
    return out;
  }

  #containerFinding(
    ctx: AnalyzerContext,
    cluster: string,
    pod: V1Pod,
    cs: V1ContainerStatus,
    init: boolean,
    events: CoreV1Event[],
  ): Finding | undefined {
    const ev = ctx.evidence;
    const podName = pod.metadata?.name ?? '?';
    const who = `${init ? 'init container' : 'container'} ${
      cs.name
    } of ${podName}`;
    const level = 3;
    const w = cs.state?.waiting;
    const stateKey = evContainerState(ev, cluster, pod, cs, init);
    const lastKey = evLastTermination(ev, cluster, pod, cs, init);
    const forContainer = (e: CoreV1Event) =>
      !e.involvedObject?.fieldPath ||
      e.involvedObject.fieldPath.includes(`{${cs.name}}`);
    const cite = (es: CoreV1Event[]) => es.map(e => evEvent(ev, cluster, e));
    const keys = [stateKey, lastKey].filter((k): k is string => !!k);

    if (w && PULL_REASONS.has(w.reason ?? '')) {
      const failed = events.filter(
        e => e.reason === 'Failed' && forContainer(e),
      );
      const text = [w.message ?? '', ...failed.map(e => e.message ?? '')].join(
        '\n',
      );
      const c = classifyImagePull(text);
      return {
        category: c?.label ?? 'image_tag_not_found',
        specificity: c?.specificity ?? 0.55,
        title:
          c?.label === 'image_pull_unauthorized'
            ? 'Registry refuses the image pull'
            : 'Image or tag not found in the registry',
        explanation: `${who} cannot pull its image ${
          pod.spec?.containers?.find(x => x.name === cs.name)?.image ?? cs.image
        }: ${failed[0]?.message ?? w.message ?? w.reason}`,
        level,
        evidence: [...keys, ...cite(failed)],
        onset: earliest(failed.map(firstEventTime)),
        container: cs.name,
      };
    }
    if (w?.reason === 'InvalidImageName') {
      return {
        category: 'invalid_image_name',
        specificity: 0.95,
        level,
        container: cs.name,
        title: 'Malformed image reference',
        explanation: `${who}: ${w.message ?? 'invalid image name'}`,
        evidence: keys,
      };
    }
    if (w?.reason === 'CreateContainerConfigError') {
      const c = classifyMissingReference(w.message ?? '');
      return {
        category: c?.label ?? 'crashloop_missing_env_or_config',
        specificity: c?.specificity ?? 0.6,
        title:
          c?.label === 'missing_configmap_volume'
            ? 'Referenced ConfigMap does not exist'
            : 'Referenced Secret or key does not exist',
        explanation: `${who} cannot be created: ${
          w.message ?? 'CreateContainerConfigError'
        }`,
        level,
        container: cs.name,
        evidence: keys,
        onset: earliest(
          events
            .filter(e => e.reason === 'Failed' && forContainer(e))
            .map(firstEventTime),
        ),
        detail: /"([^"]+)"/.exec(w.message ?? '')?.[1],
      };
    }
    if (w && START_REASONS.has(w.reason ?? '')) {
      const c = classifyCrash(w.message ?? '') ?? {
        label: 'bad_command_or_entrypoint' as const,
        specificity: 0.7,
      };
      return {
        category: c.label,
        specificity: c.specificity,
        level,
        container: cs.name,
        title: 'Container command cannot start',
        explanation: `${who}: ${w.reason}: ${w.message ?? ''}`,
        evidence: keys,
      };
    }

    // Crashes: the current or last termination explains the restart loop.
    const term = cs.state?.terminated?.exitCode
      ? cs.state.terminated
      : cs.lastState?.terminated;
    const crashing =
      w?.reason === 'CrashLoopBackOff' ||
      (term && term.exitCode !== 0 && (cs.restartCount ?? 0) > 0) ||
      (init && term && term.exitCode !== 0);
    if (!crashing || !term) return undefined;
    const killing = events.filter(
      e =>
        e.reason === 'Killing' &&
        /liveness|startup/i.test(e.message ?? '') &&
        forContainer(e),
    );
    const liveness = [
      ...probeEvents(events, 'Liveness'),
      ...probeEvents(events, 'Startup'),
    ].filter(forContainer);
    const started = term.startedAt
      ? new Date(term.startedAt).getTime()
      : undefined;
    const finished = term.finishedAt
      ? new Date(term.finishedAt).getTime()
      : undefined;
    const onset = earliest([
      ...events
        .filter(
          e =>
            ['BackOff', 'Killing', 'Unhealthy'].includes(e.reason ?? '') &&
            forContainer(e),
        )
        .map(firstEventTime),
      iso(term.finishedAt),
    ]);
    const base = { level, container: cs.name, onset, evidence: [...keys] };

    if (term.reason === 'OOMKilled') {
      return {
        ...base,
        category: 'oom_killed_limit_too_low',
        specificity: 0.9,
        title: 'Container OOM-killed: memory limit too low',
        explanation: `${who} was OOM-killed (exit ${
          term.exitCode
        }) with memory limit ${
          pod.spec?.containers?.find(x => x.name === cs.name)?.resources?.limits
            ?.memory ?? 'unset'
        }; restarts ${cs.restartCount ?? 0}`,
      };
    }
    if (killing.length || liveness.length) {
      const container = pod.spec?.containers?.find(x => x.name === cs.name);
      const probe = container?.startupProbe ?? container?.livenessProbe;
      const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
      const ports = (container?.ports ?? []).flatMap(p => [
        p.containerPort,
        p.name,
      ]);
      const messages = liveness.map(e => e.message ?? '').join('\n');
      const wrongPort =
        port !== undefined &&
        ports.length > 0 &&
        !ports.includes(port as never);
      const wrongPath = /statuscode: 404|status code 404/i.test(messages);
      const budget = probe
        ? ((probe.initialDelaySeconds ?? 0) +
            (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3)) *
          1000
        : undefined;
      const ranFor = started && finished ? finished - started : undefined;
      const killedDuringStart =
        !wrongPort &&
        !wrongPath &&
        budget !== undefined &&
        ranFor !== undefined &&
        ranFor <= budget * 1.5 &&
        /connection refused|timeout|deadline/i.test(messages);
      const evidence = [...base.evidence, ...cite(killing), ...cite(liveness)];
      if (killedDuringStart) {
        return {
          ...base,
          evidence,
          category: 'startup_too_slow_for_probe',
          specificity: 0.8,
          title: 'Start-up slower than the probe allows',
          explanation: `${who} is killed by its probe ${Math.round(
            ranFor! / 1000,
          )} s after start, before it listens (probe budget ${Math.round(
            budget! / 1000,
          )} s): ${liveness[0]?.message ?? killing[0]?.message}`,
        };
      }
      return {
        ...base,
        evidence,
        category: 'liveness_probe_misconfigured',
        specificity: wrongPort || wrongPath ? 0.9 : 0.7,
        title: 'Liveness probe kills a running container',
        explanation: `${who} is restarted by its liveness probe${
          wrongPort
            ? ` on port ${port}, which the container does not expose`
            : ''
        }${wrongPath ? ' (the probe path answers 404)' : ''}: ${
          liveness[0]?.message ?? killing[0]?.message
        }`,
      };
    }
    const message = term.message ?? '';
    const c = classifyCrash(message) ?? classifyExitCode(term.exitCode);
    if (c) {
      return {
        ...base,
        category: c.label,
        specificity: c.specificity,
        title: CRASH_TITLES[c.label] ?? `Container crash-looping (${c.label})`,
        explanation: `${who} exits with code ${term.exitCode}${
          message ? `: ${message}` : ''
        }`,
      };
    }
    const backoff = events.filter(
      e => e.reason === 'BackOff' && forContainer(e),
    );
    return {
      ...base,
      evidence: [...base.evidence, ...cite(backoff)],
      category: 'insufficient_evidence',
      specificity: 0.35,
      symptom: true,
      title: 'Container crash-looping, cause not visible in Kubernetes',
      explanation: `${who} exits with code ${term.exitCode} (${
        term.reason ?? 'Error'
      }) and no termination message; the cause is in its logs`,
    };
  }
}
