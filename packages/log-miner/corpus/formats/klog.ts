import { e, FormatSpec, Gen, once, Param, t, twice } from '../model';
import type { Deployment } from '../world';
import * as ts from '../time';
import {
  cat,
  deploymentName,
  goDur,
  hex,
  int,
  nodeIp,
  nodeName,
  pick,
  podName,
  podRef,
  uuid,
  wpick,
} from '../values';
import { EVENT_KEYS, klogLine } from './common';

// Kubernetes control-plane and add-on components writing klog text (kube-scheduler,
// kube-controller-manager, kube-apiserver, kube-proxy, cluster-autoscaler, metrics-server).
// Header: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg` — https://github.com/kubernetes/klog
// (klog.go, "Log lines have this form"); https://kubernetes.io/docs/concepts/cluster-administration/system-logs/
// Structured messages `"msg" key="value" …`:
//   https://github.com/kubernetes/community/blob/master/contributors/devel/sig-instrumentation/migration-to-structured-logging.md
// Messages follow the components' sources (schedule_one.go, replica_set.go, event.go,
// leaderelection.go, reflector.go, httplog.go, proxier.go, static_autoscaler.go, scraper.go).
// Convention: severity letter, call site, message and the `err` value (with its own variables
// masked) are the event; other key values are parameters. Kubernetes kinds and resource types
// (`*v1.Pod`, `kind="Deployment"`) are constant (they name what the event is about); object
// names are parameters.

const I = (file: string, msg: string, ...ps: Param[]) =>
  klogLine('I', file, t(msg, ...ps));
const W = (file: string, msg: string, ...ps: Param[]) =>
  klogLine('W', file, t(msg, ...ps));
const E = (file: string, msg: string, ...ps: Param[]) =>
  klogLine('E', file, t(msg, ...ps));

/** The record's deployment, shared by its object and message. */
function deploymentOf(g: Gen): Deployment {
  const name = g.keep('deployment', () => deploymentName(g));
  return g.w.deployments.find(d => d.name === name)!;
}
/** `namespace/name` of a ReplicaSet or Deployment. */
const rsRef: Param = g => {
  const d = deploymentOf(g);
  return `${d.namespace}/${d.name}-${g.r.pick(d.replicaSets)}`;
};
/** A pod of the same deployment as the record's ReplicaSet. */
const rsPod: Param = g => g.r.pick(deploymentOf(g).pods).name;
const deployRef: Param = g => {
  const d = deploymentOf(g);
  return `${d.namespace}/${d.name}`;
};
const scaledRs: Param = g => {
  const d = deploymentOf(g);
  return `${d.name}-${g.r.pick(d.replicaSets)}`;
};
const jobRef = cat('shop/report-', int(28_500_000, 28_599_999));
const apiUrl = (path: string) => `"https://10.96.0.1:443${path}"`;
/** A Kubernetes Event's kind, API version, type and reason classify it: they are the event too. */
const EVENT_RECORDER_KEYS = new Set([
  ...EVENT_KEYS,
  'kind',
  'apiVersion',
  'type',
  'reason',
]);
/** The event recorder's line (event.go): kind, type, reason and message text are the event. */
const eventLine = (
  kind: string,
  api: string,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  ...ps: Param[]
) =>
  klogLine(
    type === 'Normal' ? 'I' : 'W',
    'event.go:376',
    t(
      `"Event occurred" object="<*>" fieldPath="" kind="${kind}" apiVersion="${api}" type="${type}" reason="${reason}" message="${message}"`,
      ...ps,
    ),
    undefined,
    EVENT_RECORDER_KEYS,
  );
const verb = wpick(
  ['GET', 6],
  ['LIST', 2],
  ['WATCH', 3],
  ['PATCH', 2],
  ['PUT', 1],
);
const ua = pick(
  'kubelet/v1.29.2 (linux/amd64) kubernetes/4b8e819',
  'kube-controller-manager/v1.29.2 (linux/amd64) kubernetes/4b8e819/system:serviceaccount:kube-system:replicaset-controller',
  'kubectl/v1.29.2 (darwin/arm64) kubernetes/4b8e819',
  'argocd-application-controller/v0.0.0 (linux/amd64) kubernetes/$Format',
);

const SCHEDULER = [
  e(
    260,
    I(
      'schedule_one.go:286',
      '"Successfully bound pod to node" pod="<*>" node="<*>" evaluatedNodes=<*> feasibleNodes=<*>',
      podRef(),
      nodeName,
      int(6, 6),
      int(1, 6),
    ),
  ),
  e(
    22,
    I(
      'schedule_one.go:1004',
      '"Unable to schedule pod; no fit; waiting" pod="<*>" err="0/<*> nodes are available: <*> Insufficient cpu, <*> node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/<*> nodes are available: <*> No preemption victims found for incoming pod, <*> Preemption is not helpful for scheduling."',
      podRef(),
      int(6, 6),
      int(1, 4),
      int(1, 3),
      int(6, 6),
      int(1, 4),
      int(1, 3),
    ),
  ),
  e(
    9,
    I(
      'schedule_one.go:1004',
      '"Unable to schedule pod; no fit; waiting" pod="<*>" err="0/<*> nodes are available: <*> Insufficient memory. preemption: 0/<*> nodes are available: <*> No preemption victims found for incoming pod."',
      podRef(),
      int(6, 6),
      int(6, 6),
      int(6, 6),
      int(6, 6),
    ),
  ),
  e(
    4,
    I(
      'schedule_one.go:1004',
      '"Unable to schedule pod; no fit; waiting" pod="<*>" err="0/<*> nodes are available: <*> node(s) had volume node affinity conflict. preemption: 0/<*> nodes are available: <*> Preemption is not helpful for scheduling."',
      podRef('postgres'),
      int(6, 6),
      int(6, 6),
      int(6, 6),
      int(6, 6),
    ),
  ),
  e(
    3,
    I(
      'schedule_one.go:845',
      '"Unable to schedule pod, possibly due to node not found; waiting" pod="<*>" err="nodes \\"<*>\\" not found"',
      podRef(),
      nodeName,
    ),
  ),
  e(
    6,
    I(
      'preemption.go:279',
      '"Preempting pod" pod="<*>" preemptor="<*>" node="<*>"',
      podRef(),
      podRef(),
      nodeName,
    ),
  ),
];

const CONTROLLERS = [
  e(
    80,
    eventLine(
      'ReplicaSet',
      'apps/v1',
      'Normal',
      'SuccessfulCreate',
      'Created pod: <*>',
      rsRef,
      rsPod,
    ),
  ),
  e(
    70,
    eventLine(
      'ReplicaSet',
      'apps/v1',
      'Normal',
      'SuccessfulDelete',
      'Deleted pod: <*>',
      rsRef,
      rsPod,
    ),
  ),
  e(
    40,
    eventLine(
      'Deployment',
      'apps/v1',
      'Normal',
      'ScalingReplicaSet',
      'Scaled up replica set <*> to <*>',
      deployRef,
      scaledRs,
      int(1, 8),
    ),
  ),
  e(
    38,
    eventLine(
      'Deployment',
      'apps/v1',
      'Normal',
      'ScalingReplicaSet',
      'Scaled down replica set <*> to <*> from <*>',
      deployRef,
      scaledRs,
      int(0, 4),
      int(1, 8),
    ),
  ),
  e(
    18,
    eventLine(
      'HorizontalPodAutoscaler',
      'autoscaling/v2',
      'Normal',
      'SuccessfulRescale',
      'New size: <*>; reason: cpu resource utilization (percentage of request) above target',
      deployRef,
      int(2, 10),
    ),
  ),
  e(
    14,
    eventLine(
      'HorizontalPodAutoscaler',
      'autoscaling/v2',
      'Normal',
      'SuccessfulRescale',
      'New size: <*>; reason: All metrics below target',
      deployRef,
      int(1, 6),
    ),
  ),
  e(
    5,
    eventLine(
      'HorizontalPodAutoscaler',
      'autoscaling/v2',
      'Warning',
      'FailedGetResourceMetric',
      'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      deployRef,
    ),
  ),
  e(
    6,
    eventLine(
      'Job',
      'batch/v1',
      'Normal',
      'SuccessfulCreate',
      'Created pod: <*>',
      jobRef,
      cat('report-', int(28_500_000, 28_599_999), '-', hex(5)),
    ),
  ),
  e(
    6,
    eventLine(
      'Job',
      'batch/v1',
      'Normal',
      'Completed',
      'Job completed',
      jobRef,
    ),
  ),
  e(
    twice,
    eventLine(
      'Job',
      'batch/v1',
      'Warning',
      'BackoffLimitExceeded',
      'Job has reached the specified backoff limit',
      jobRef,
    ),
  ),
  e(
    6,
    eventLine(
      'CronJob',
      'batch/v1',
      'Normal',
      'SuccessfulCreate',
      'Created job <*>',
      pick('shop/report'),
      cat('report-', int(28_500_000, 28_599_999)),
    ),
  ),
  e(
    30,
    I(
      'replica_set.go:563',
      '"Too few replicas" replicaSet="<*>" need=<*> creating=<*>',
      rsRef,
      int(2, 8),
      int(1, 3),
    ),
  ),
  e(
    28,
    I(
      'replica_set.go:620',
      '"Too many replicas" replicaSet="<*>" need=<*> deleting=<*>',
      rsRef,
      int(1, 6),
      int(1, 3),
    ),
  ),
  e(
    8,
    I(
      'garbagecollector.go:549',
      '"Processing item" item="<*>" virtual=false',
      cat(
        '[v1/Pod, namespace: ',
        pick('shop', 'data'),
        ', name: ',
        podName(),
        ', uid: ',
        uuid,
        ']',
      ),
    ),
  ),
  e(
    3,
    I(
      'node_lifecycle_controller.go:1113',
      '"Node became not ready" node="<*>"',
      nodeName,
    ),
  ),
  e(
    twice,
    I(
      'node_lifecycle_controller.go:1233',
      '"Controller detected that some Nodes are not-Ready. Entering partial disruption mode"',
    ),
  ),
  e(
    once,
    I(
      'node_lifecycle_controller.go:1240',
      '"Controller detected that all Nodes are not-Ready. Entering master disruption mode"',
    ),
  ),
  e(
    4,
    E(
      'disruption.go:630',
      '"Error syncing PodDisruptionBudget" podDisruptionBudget="<*>" err="Operation cannot be fulfilled on poddisruptionbudgets.policy \\"<*>\\": the object has been modified; please apply your changes to the latest version and try again"',
      cat('shop/', deploymentName),
      deploymentName,
    ),
  ),
  e(
    5,
    E(
      'deployment_controller.go:495',
      '"Error syncing deployment" deployment="<*>" err="Operation cannot be fulfilled on deployments.apps \\"<*>\\": the object has been modified; please apply your changes to the latest version and try again"',
      cat('shop/', deploymentName),
      deploymentName,
    ),
  ),
];

const LEADER = [
  e(
    3,
    I(
      'leaderelection.go:250',
      'attempting to acquire leader lease kube-system/<*>...',
      pick('kube-scheduler', 'kube-controller-manager'),
    ),
  ),
  e(
    3,
    I(
      'leaderelection.go:260',
      'successfully acquired lease kube-system/<*>',
      pick('kube-scheduler', 'kube-controller-manager'),
    ),
  ),
  e(
    4,
    E(
      'leaderelection.go:332',
      'error retrieving resource lock kube-system/<*>: Get <*>: context deadline exceeded',
      pick('kube-scheduler', 'kube-controller-manager'),
      g =>
        apiUrl(
          `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${g.r.pick(
            ['kube-scheduler', 'kube-controller-manager'],
          )}?timeout=5s`,
        ),
    ),
  ),
  e(
    twice,
    I(
      'leaderelection.go:285',
      'failed to renew lease kube-system/<*>: timed out waiting for the condition',
      pick('kube-controller-manager'),
    ),
  ),
  e(once, E('server.go:308', '"Leaderelection lost"')),
];

const reflectorErr = (type: string, path: string) => [
  e(
    4,
    W(
      'reflector.go:539',
      `k8s.io/client-go/informers/factory.go:159: failed to list ${type}: Get <*>: dial tcp 10.96.0.1:443: connect: connection refused`,
      () => apiUrl(path),
    ),
  ),
  e(
    4,
    E(
      'reflector.go:147',
      `k8s.io/client-go/informers/factory.go:159: Failed to watch ${type}: failed to list ${type}: Get <*>: dial tcp 10.96.0.1:443: connect: connection refused`,
      () => apiUrl(path),
    ),
  ),
];

const APISERVER = [
  e(
    420,
    I(
      'httplog.go:132',
      '"HTTP" verb="<*>" URI="<*>" latency="<*>" userAgent="<*>" audit-ID="<*>" srcIP="<*>" resp=<*>',
      verb,
      g =>
        `/api/v1/namespaces/${g.r.pick([
          'shop',
          'data',
          'payments',
        ])}/pods?limit=500`,
      goDur(8, 1),
      ua,
      uuid,
      g => `${nodeIp(g)}:${g.r.int(32768, 60999)}`,
      wpick(['200', 30], ['201', 2], ['404', 2], ['409', 1]),
    ),
  ),
  e(
    60,
    I(
      'trace.go:236',
      'Trace[<*>]: "List" accept:application/json, */*,audit-id:<*>,client:<*>,protocol:HTTP/2.0,resource:pods,scope:namespace,url:/api/v1/namespaces/<*>/pods,user-agent:<*>,verb:LIST (<*>) (total time: <*>ms):',
      int(1e8, 2e9),
      uuid,
      nodeIp,
      pick('shop', 'data'),
      ua,
      ts.traceTime,
      int(500, 4000),
    ),
  ),
  e(
    12,
    W(
      'dispatcher.go:210',
      'Failed calling webhook, failing open validate.kyverno.svc-fail: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s": context deadline exceeded',
    ),
  ),
  e(
    6,
    E(
      'dispatcher.go:218',
      'failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s": context deadline exceeded',
    ),
  ),
  e(
    8,
    I(
      'cacher.go:901',
      'cacher (pods): <*> objects queued in incoming channel.',
      int(10, 400),
    ),
  ),
  e(
    4,
    W(
      'watcher.go:338',
      'watch chan error: etcdserver: mvcc: required revision has been compacted',
    ),
  ),
  e(
    twice,
    E(
      'status.go:71',
      'apiserver received an error that is not an metav1.Status: &errors.errorString{s:"http: Handler timeout"}: http: Handler timeout',
    ),
  ),
  e(
    3,
    I(
      'controller.go:624',
      'quota admission added evaluator for: <*>',
      pick(
        'endpointslices.discovery.k8s.io',
        'leases.coordination.k8s.io',
        'jobs.batch',
      ),
    ),
  ),
];

const PROXY = [
  e(80, I('proxier.go:799', '"Syncing iptables rules"')),
  e(
    80,
    I(
      'proxier.go:1508',
      '"Reloading service iptables data" numServices=<*> numEndpoints=<*> numFilterChains=<*> numFilterRules=<*> numNATChains=<*> numNATRules=<*>',
      int(40, 44),
      int(60, 90),
      int(5, 6),
      int(4, 12),
      int(80, 120),
      int(200, 260),
    ),
  ),
  e(
    80,
    I(
      'proxier.go:793',
      '"SyncProxyRules complete" elapsed="<*>"',
      goDur(40, 0.6),
    ),
  ),
  e(
    3,
    E(
      'proxier.go:1520',
      '"Failed to execute iptables-restore" err="exit status 4 (iptables-restore: line 88 failed\\n)"',
    ),
  ),
];

const AUTOSCALER = [
  e(30, I('static_autoscaler.go:290', 'Starting main loop')),
  e(14, I('filter_out_schedulable.go:66', 'Filtering out schedulables')),
  e(
    14,
    I(
      'filter_out_schedulable.go:123',
      '<*> pods marked as unschedulable can be scheduled.',
      int(0, 3),
    ),
  ),
  e(
    6,
    I(
      'scale_up.go:608',
      'Scale-up: setting group <*> size to <*> instead of <*> (max: 10)',
      pick('eks-general-a', 'eks-general-b'),
      int(4, 9),
      int(3, 8),
    ),
  ),
  e(
    5,
    I('scale_down.go:1006', 'Scale-down: removing empty node "<*>"', nodeName),
  ),
  e(
    4,
    W(
      'clusterstate.go:445',
      'Failed to find readiness information for <*>',
      pick('eks-general-a', 'eks-general-b'),
    ),
  ),
  e(
    twice,
    W(
      'orchestrator.go:582',
      'Node group <*> is not ready for scaleup - backoff',
      pick('eks-general-b'),
    ),
  ),
];

const METRICS = [
  e(
    12,
    E(
      'scraper.go:149',
      '"Failed to scrape node" err="Get \\"https://<*>:10250/metrics/resource\\": context deadline exceeded" node="<*>"',
      nodeIp,
      nodeName,
    ),
  ),
  e(
    4,
    E(
      'scraper.go:149',
      '"Failed to scrape node" err="Get \\"https://<*>:10250/metrics/resource\\": dial tcp <*>:10250: connect: connection refused" node="<*>"',
      nodeIp,
      nodeIp,
      nodeName,
    ),
  ),
  e(
    3,
    I(
      'server.go:191',
      '"Failed probe" probe="metric-storage-ready" err="no metrics to serve"',
    ),
  ),
];

export const klog: FormatSpec = {
  name: 'klog',
  title:
    'Kubernetes components, klog text (scheduler, controller-manager, apiserver, kube-proxy, autoscaler, metrics-server)',
  sources: [
    'https://github.com/kubernetes/klog/blob/main/klog.go',
    'https://kubernetes.io/docs/concepts/cluster-administration/system-logs/',
    'https://github.com/kubernetes/community/blob/master/contributors/devel/sig-instrumentation/migration-to-structured-logging.md',
  ],
  records: 4000,
  entries: [
    ...SCHEDULER,
    ...CONTROLLERS,
    ...LEADER,
    ...reflectorErr('*v1.Pod', '/api/v1/pods?limit=500&resourceVersion=0'),
    ...reflectorErr('*v1.Node', '/api/v1/nodes?limit=500&resourceVersion=0'),
    ...reflectorErr(
      '*v1.EndpointSlice',
      '/apis/discovery.k8s.io/v1/endpointslices?limit=500&resourceVersion=0',
    ),
    ...APISERVER,
    ...PROXY,
    ...AUTOSCALER,
    ...METRICS,
  ],
};
