import {
  e,
  FormatSpec,
  once,
  Param,
  seq,
  t,
  TemplateSpec,
  twice,
  withHeader,
} from '../model';
import * as ts from '../time';
import {
  bytes,
  cat,
  containerId,
  goDur,
  hex,
  int,
  keep,
  nodeName,
  pick,
  podRef,
  sha256,
  uuid,
  wpick,
} from '../values';
import { klogLine, kvParams } from './common';

// Node journal (journalctl `short` output): kubelet (klog), containerd (logrus text), systemd,
// kernel. `Mon dd hh:mm:ss host ident[pid]: message`.
//   https://www.freedesktop.org/software/systemd/man/latest/journalctl.html#short
//   kubelet messages: https://github.com/kubernetes/kubernetes/tree/master/pkg/kubelet
//   (kubelet.go, prober/prober.go, pod_workers.go, kuberuntime/kuberuntime_container.go,
//   volumemanager/reconciler, eviction, network/dns/dns.go)
//   containerd CRI messages: https://github.com/containerd/containerd/tree/main/internal/cri/server ;
//   logrus text `time="…" level=info msg="…"`: https://github.com/sirupsen/logrus#formatters
//   systemd scope units: https://www.freedesktop.org/software/systemd/man/latest/systemd.scope.html
// Convention: identifier (kubelet/containerd/systemd/kernel), severity and message are the event,
// the message's own variables masked; host, pid and time are parameters. kubelet's structured
// key values are parameters except `err` (templated like a message).

const host: Param = g => g.keep('host', () => g.r.pick(g.w.nodes).host);
const kubeletPid: Param = g =>
  String(1000 + ((g.w.nodes.findIndex(n => n.host === host(g)) * 37) % 900));
const containerdPid: Param = g =>
  String(600 + ((g.w.nodes.findIndex(n => n.host === host(g)) * 13) % 300));

const journal = (
  ident: string,
  pid: Param | null,
  msg: TemplateSpec,
): TemplateSpec =>
  withHeader(
    pid ? `<*> <*> ${ident}[<*>]: ` : `<*> <*> ${ident}: `,
    pid ? [ts.journal, host, pid] : [ts.journal, host],
    msg,
  );

const kubelet = (
  sev: 'I' | 'W' | 'E',
  file: string,
  msg: string,
  ...ps: Param[]
) =>
  journal(
    'kubelet',
    kubeletPid,
    klogLine(sev, file, t(msg, ...ps), kubeletPid),
  );

/** containerd's logrus text line; `msg` is written already escaped, as Go's %q leaves it. */
const containerd = (level: string, msg: string, rest: string, ...ps: Param[]) =>
  journal(
    'containerd',
    containerdPid,
    kvParams(
      t(
        `time="<*>" level=${level} msg="${msg}"${rest ? ` ${rest}` : ''}`,
        ts.iso9,
        ...ps,
      ),
    ),
  );

const systemd = (msg: string, ...ps: Param[]) =>
  journal('systemd', () => '1', t(msg, ...ps));
const kernel = (msg: string, ...ps: Param[]) =>
  journal('kernel', null, t(msg, ...ps));

const cid = keep('cid', containerId);
const sandbox = keep('sandbox', containerId);
/** The record's pod (`namespace/name`); its name, container and uid follow from it. */
const podKey = keep('podref', podRef());
const pod: Param = g => podKey(g).split('/')[1];
const podNs: Param = g => podKey(g).split('/')[0];
const image: Param = g =>
  `registry.example.com/shop/${g.r.pick([
    'checkout',
    'cart',
    'catalog',
    'orders',
    'search',
  ])}:${g.r.pick(['1.4.2', '1.4.3', '2.0.0'])}`;
const keptImage = keep('image', image);
const container: Param = g =>
  g.keep('container', () => {
    const own = g.w.pods.find(p => p.name === pod(g))!.container;
    return g.r.weighted<string>([
      [own, 8],
      ['istio-proxy', 2],
      ['istio-init', 1],
    ]);
  });
const volume: Param = g =>
  `kube-api-access-${g.r.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`;
const podUid = keep('uid', uuid);

const KUBELET = [
  e(
    90,
    kubelet(
      'I',
      'kubelet.go:2430',
      '"SyncLoop ADD" source="api" pods=<*>',
      cat('["', podKey, '"]'),
    ),
  ),
  e(
    140,
    kubelet(
      'I',
      'kubelet.go:2446',
      '"SyncLoop UPDATE" source="api" pods=<*>',
      cat('["', podKey, '"]'),
    ),
  ),
  e(
    80,
    kubelet(
      'I',
      'kubelet.go:2455',
      '"SyncLoop DELETE" source="api" pods=<*>',
      cat('["', podKey, '"]'),
    ),
  ),
  e(
    78,
    kubelet(
      'I',
      'kubelet.go:2449',
      '"SyncLoop REMOVE" source="api" pods=<*>',
      cat('["', podKey, '"]'),
    ),
  ),
  e(
    220,
    kubelet(
      'I',
      'kubelet.go:2477',
      '"SyncLoop (PLEG): event for pod" pod="<*>" event=<*>',
      podKey,
      cat(
        '{"ID":"',
        podUid,
        '","Type":"',
        wpick(['ContainerStarted', 3], ['ContainerDied', 2]),
        '","Data":"',
        cid,
        '"}',
      ),
    ),
  ),
  e(
    40,
    kubelet(
      'I',
      'kubelet.go:2529',
      '"SyncLoop (probe)" probe="<*>" status="<*>" pod="<*>"',
      pick('readiness', 'liveness', 'startup'),
      wpick(['ready', 4], ['', 1], ['unhealthy', 1]),
      podKey,
    ),
  ),
  e(
    70,
    kubelet(
      'I',
      'prober.go:107',
      '"Probe failed" probeType="<*>" pod="<*>" podUID="<*>" containerName="<*>" probeResult="failure" output="Get \\"http://<*>/<*>\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"',
      pick('Readiness', 'Liveness'),
      podKey,
      podUid,
      container,
      g => `10.244.${g.r.int(0, 5)}.${g.r.int(2, 254)}:8080`,
      pick('actuator/health/readiness', 'healthz', 'readyz'),
    ),
  ),
  e(
    30,
    kubelet(
      'I',
      'prober.go:107',
      '"Probe failed" probeType="<*>" pod="<*>" podUID="<*>" containerName="<*>" probeResult="failure" output="Get \\"http://<*>/<*>\\": dial tcp <*>: connect: connection refused"',
      pick('Readiness', 'Liveness', 'Startup'),
      podKey,
      podUid,
      container,
      g => `10.244.${g.r.int(0, 5)}.${g.r.int(2, 254)}:8080`,
      pick('actuator/health/readiness', 'healthz'),
      g => `10.244.${g.r.int(0, 5)}.${g.r.int(2, 254)}:8080`,
    ),
  ),
  e(
    20,
    kubelet(
      'I',
      'prober.go:107',
      '"Probe failed" probeType="<*>" pod="<*>" podUID="<*>" containerName="<*>" probeResult="failure" output="HTTP probe failed with statuscode: <*>"',
      pick('Readiness', 'Liveness'),
      podKey,
      podUid,
      container,
      pick('500', '503'),
    ),
  ),
  e(
    60,
    kubelet(
      'I',
      'kuberuntime_container.go:779',
      '"Killing container with a grace period" pod="<*>" podUID="<*>" containerName="<*>" containerID="<*>" gracePeriod=<*>',
      podKey,
      podUid,
      container,
      cat('containerd://', cid),
      pick('30', '60'),
    ),
  ),
  e(
    40,
    kubelet(
      'E',
      'pod_workers.go:1298',
      '"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"<*>\\" with CrashLoopBackOff: \\"back-off <*> restarting failed container=<*> pod=<*>_<*>(<*>)\\"" pod="<*>" podUID="<*>"',
      container,
      pick('10s', '20s', '40s', '1m20s', '2m40s', '5m0s'),
      container,
      pod,
      podNs,
      podUid,
      podKey,
      podUid,
    ),
  ),
  e(
    8,
    kubelet(
      'E',
      'pod_workers.go:1298',
      '"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"<*>\\" with ImagePullBackOff: \\"Back-off pulling image \\\\\\"<*>\\\\\\"\\"" pod="<*>" podUID="<*>"',
      container,
      image,
      podKey,
      podUid,
    ),
  ),
  e(
    60,
    kubelet('I', 'scope.go:117', '"RemoveContainer" containerID="<*>"', cid),
  ),
  e(
    18,
    kubelet(
      'E',
      'remote_runtime.go:432',
      '"ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"<*>\\": not found" containerID="<*>"',
      cid,
      cid,
    ),
  ),
  e(
    50,
    kubelet(
      'I',
      'reconciler_common.go:258',
      '"operationExecutor.VerifyControllerAttachedVolume started for volume \\"<*>\\" (UniqueName: \\"kubernetes.io/projected/<*>-<*>\\") pod \\"<*>\\" (UID: \\"<*>\\") " pod="<*>"',
      volume,
      podUid,
      volume,
      pod,
      podUid,
      podKey,
    ),
  ),
  e(
    50,
    kubelet(
      'I',
      'operation_generator.go:721',
      '"MountVolume.SetUp succeeded for volume \\"<*>\\" (UniqueName: \\"kubernetes.io/projected/<*>-<*>\\") pod \\"<*>\\" (UID: \\"<*>\\") " pod="<*>"',
      volume,
      podUid,
      volume,
      pod,
      podUid,
      podKey,
    ),
  ),
  e(
    46,
    kubelet(
      'I',
      'reconciler_common.go:300',
      '"Volume detached for volume \\"<*>\\" (UniqueName: \\"kubernetes.io/projected/<*>-<*>\\") on node \\"<*>\\" DevicePath \\"\\""',
      volume,
      podUid,
      volume,
      nodeName,
    ),
  ),
  e(
    4,
    kubelet(
      'E',
      'pod_workers.go:1298',
      '"Error syncing pod, skipping" err="unmounted volumes=[data], unattached volumes=[], failed to process volumes=[]: context deadline exceeded" pod="data/postgres-0" podUID="<*>"',
      podUid,
    ),
  ),
  e(
    70,
    kubelet(
      'E',
      'dns.go:153',
      '"Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 169.254.169.253 10.0.0.2"',
    ),
  ),
  e(
    40,
    kubelet(
      'W',
      'manager.go:1169',
      'Failed to process watch event {EventType:0 Name:/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<*>.slice/cri-containerd-<*>.scope WatchSource:0}: task <*> not found: not found',
      g => podUid(g).replace(/-/g, '_'),
      cid,
      cid,
    ),
  ),
  e(
    10,
    kubelet(
      'I',
      'eviction_manager.go:366',
      '"Eviction manager: attempting to reclaim" resourceName="<*>"',
      pick('memory', 'ephemeral-storage'),
    ),
  ),
  e(
    8,
    kubelet(
      'I',
      'eviction_manager.go:377',
      '"Eviction manager: must evict pod(s) to reclaim" resourceName="<*>"',
      pick('memory', 'ephemeral-storage'),
    ),
  ),
  e(
    8,
    kubelet(
      'I',
      'eviction_manager.go:616',
      '"Eviction manager: pod is evicted successfully" pod="<*>"',
      podKey,
    ),
  ),
  e(
    twice,
    kubelet(
      'I',
      'eviction_manager.go:402',
      '"Eviction manager: unable to evict any pods from the node"',
    ),
  ),
  e(
    12,
    kubelet(
      'I',
      'image_gc_manager.go:400',
      '"Attempting to delete unused images"',
    ),
  ),
  e(
    10,
    kubelet(
      'I',
      'image_gc_manager.go:461',
      '"Removing image to free bytes" imageID="<*>" size=<*> runtimeHandler=""',
      cat('sha256:', sha256),
      bytes(2e8, 0.6),
    ),
  ),
  e(
    4,
    kubelet(
      'W',
      'kubelet.go:2046',
      '"Unable to attach or mount volumes for pod; skipping pod" err="unmounted volumes=[config], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition" pod="<*>"',
      podKey,
    ),
  ),
  e(
    twice,
    kubelet(
      'E',
      'kubelet_node_status.go:549',
      '"Error updating node status, will retry" err="error getting node \\"<*>\\": Get \\"https://10.0.0.10:443/api/v1/nodes/<*>?resourceVersion=0&timeout=10s\\": context deadline exceeded"',
      keep('node', nodeName),
      keep('node', nodeName),
    ),
  ),
  e(
    once,
    kubelet(
      'I',
      'kubelet_node_status.go:76',
      '"Attempting to register node" node="<*>"',
      nodeName,
    ),
  ),
];

const CONTAINERD = [
  seq(
    60,
    containerd(
      'info',
      'RunPodSandbox for &PodSandboxMetadata{Name:<*>,Uid:<*>,Namespace:<*>,Attempt:0,}',
      '',
      pod,
      podUid,
      podNs,
    ),
    containerd(
      'info',
      'RunPodSandbox for &PodSandboxMetadata{Name:<*>,Uid:<*>,Namespace:<*>,Attempt:0,} returns sandbox id \\"<*>\\"',
      '',
      pod,
      podUid,
      podNs,
      sandbox,
    ),
  ),
  seq(
    110,
    containerd(
      'info',
      'CreateContainer within sandbox \\"<*>\\" for container &ContainerMetadata{Name:<*>,Attempt:<*>,}',
      '',
      sandbox,
      container,
      int(0, 6),
    ),
    containerd(
      'info',
      'CreateContainer within sandbox \\"<*>\\" for &ContainerMetadata{Name:<*>,Attempt:<*>,} returns container id \\"<*>\\"',
      '',
      sandbox,
      container,
      int(0, 6),
      cid,
    ),
    containerd('info', 'StartContainer for \\"<*>\\"', '', cid),
    containerd(
      'info',
      'StartContainer for \\"<*>\\" returns successfully',
      '',
      cid,
    ),
  ),
  seq(
    70,
    containerd(
      'info',
      'StopContainer for \\"<*>\\" with timeout <*> (s)',
      '',
      cid,
      pick('30', '60'),
    ),
    containerd(
      'info',
      'Stop container \\"<*>\\" with signal terminated',
      '',
      cid,
    ),
    containerd('info', 'shim disconnected', 'id=<*> namespace=k8s.io', cid),
    containerd(
      'warning',
      'cleaning up after shim disconnected',
      'id=<*> namespace=k8s.io',
      cid,
    ),
    containerd('info', 'cleaning up dead shim', 'namespace=k8s.io'),
    containerd(
      'info',
      'StopContainer for \\"<*>\\" returns successfully',
      '',
      cid,
    ),
  ),
  seq(
    50,
    containerd('info', 'StopPodSandbox for \\"<*>\\"', '', sandbox),
    containerd(
      'info',
      'TearDown network for sandbox \\"<*>\\" successfully',
      '',
      sandbox,
    ),
    containerd(
      'info',
      'StopPodSandbox for \\"<*>\\" returns successfully',
      '',
      sandbox,
    ),
  ),
  seq(
    55,
    containerd('info', 'RemoveContainer for \\"<*>\\"', '', cid),
    containerd(
      'info',
      'RemoveContainer for \\"<*>\\" returns successfully',
      '',
      cid,
    ),
  ),
  seq(
    30,
    containerd('info', 'PullImage \\"<*>\\"', '', keptImage),
    containerd(
      'info',
      'ImageCreate event name:\\"<*>\\" labels:{key:\\"io.cri-containerd.image\\" value:\\"managed\\"}',
      '',
      keptImage,
    ),
    containerd(
      'info',
      'stop pulling image <*>: active requests=0, bytes read=<*>',
      '',
      keptImage,
      bytes(6e7, 0.7),
    ),
    containerd(
      'info',
      'Pulled image \\"<*>\\" with image id \\"sha256:<*>\\", repo tag \\"<*>\\", repo digest \\"<*>\\", size \\"<*>\\" in <*>',
      '',
      keptImage,
      sha256,
      keptImage,
      g => `${keptImage(g).split(':')[0]}@sha256:${sha256(g)}`,
      bytes(6e7, 0.7),
      goDur(4000, 0.7),
    ),
  ),
  e(
    6,
    containerd(
      'error',
      'PullImage \\"<*>\\" failed',
      'error="failed to pull and unpack image \\"<*>\\": failed to resolve reference \\"<*>\\": unexpected status from HEAD request to https://registry.example.com/v2/shop/<*>/manifests/<*>: 401 Unauthorized"',
      image,
      image,
      image,
      pick('checkout', 'cart'),
      pick('1.4.3', '2.0.0'),
    ),
  ),
  e(
    4,
    containerd(
      'error',
      'PullImage \\"<*>\\" failed',
      'error="rpc error: code = NotFound desc = failed to pull and unpack image \\"<*>\\": failed to resolve reference \\"<*>\\": <*>: not found"',
      image,
      image,
      image,
      image,
    ),
  ),
  e(
    3,
    containerd(
      'error',
      'PullImage \\"<*>\\" failed',
      'error="failed to pull and unpack image \\"<*>\\": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry.example.com/v2/shop/<*>/blobs/sha256:<*>: 429 Too Many Requests - Server message: toomanyrequests: rate limit exceeded"',
      image,
      image,
      pick('checkout', 'cart'),
      sha256,
    ),
  ),
  e(
    20,
    containerd(
      'error',
      'ContainerStatus for \\"<*>\\" failed',
      'error="rpc error: code = NotFound desc = an error occurred when try to find container \\"<*>\\": not found"',
      cid,
      cid,
    ),
  ),
  e(
    8,
    containerd(
      'info',
      'Container to stop \\"<*>\\" must be in running or unknown state, current state \\"CONTAINER_EXITED\\"',
      '',
      cid,
    ),
  ),
  e(
    twice,
    containerd(
      'warning',
      'failed to cleanup rootfs mount',
      'error="failed to unmount target /run/containerd/io.containerd.runtime.v2.task/k8s.io/<*>/rootfs: device or resource busy"',
      cid,
    ),
  ),
];

const SYSTEMD = [
  e(
    110,
    systemd(
      'Started cri-containerd-<*>.scope - libcontainer container <*>.',
      cid,
      cid,
    ),
  ),
  e(100, systemd('cri-containerd-<*>.scope: Deactivated successfully.', cid)),
  e(
    80,
    systemd(
      'cri-containerd-<*>.scope: Consumed <*> CPU time.',
      cid,
      goDur(1800, 1.5),
    ),
  ),
  e(
    20,
    systemd(
      'run-containerd-io.containerd.runtime.v2.task-k8s.io-<*>-rootfs.mount: Deactivated successfully.',
      cid,
    ),
  ),
  e(
    12,
    systemd(
      'var-lib-kubelet-pods-<*>-volumes-kubernetes.io\\x7eprojected-<*>.mount: Deactivated successfully.',
      podUid,
      volume,
    ),
  ),
  e(3, systemd('Started kubelet.service - Kubernetes Kubelet.')),
  e(
    twice,
    systemd(
      'kubelet.service: Main process exited, code=exited, status=1/FAILURE',
    ),
  ),
  e(twice, systemd("kubelet.service: Failed with result 'exit-code'.")),
];

const KERNEL = [
  e(
    4,
    kernel(
      '<*> invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=<*>',
      pick('java', 'python3', 'node'),
      pick('-997', '999', '979'),
    ),
  ),
  e(
    4,
    kernel(
      'Memory cgroup out of memory: Killed process <*> (<*>) total-vm:<*>kB, anon-rss:<*>kB, file-rss:<*>kB, shmem-rss:0kB, UID:<*> pgtables:<*>kB oom_score_adj:<*>',
      int(2000, 90000),
      pick('java', 'python3', 'node'),
      int(2e6, 9e6),
      int(5e5, 2e6),
      int(1e4, 9e4),
      pick('1000', '0', '65532'),
      int(1000, 9000),
      pick('-997', '999', '979'),
    ),
  ),
  e(6, kernel('eth0: renamed from tmp<*>', int(10000, 99999))),
  e(
    10,
    kernel(
      'IPv6: ADDRCONF(NETDEV_CHANGE): <*>: link becomes ready',
      g => `eni${hex(11)(g)}`,
    ),
  ),
  e(
    twice,
    kernel(
      'TCP: request_sock_TCP: Possible SYN flooding on port <*>. Sending cookies.  Check SNMP counters.',
      pick('10250', '8080'),
    ),
  ),
  e(once, kernel('nf_conntrack: nf_conntrack: table full, dropping packet')),
];

export const nodeJournal: FormatSpec = {
  name: 'node-journal',
  title:
    'Node journal: kubelet, containerd, systemd, kernel (journalctl short)',
  sources: [
    'https://www.freedesktop.org/software/systemd/man/latest/journalctl.html',
    'https://github.com/kubernetes/kubernetes/tree/master/pkg/kubelet',
    'https://github.com/containerd/containerd/tree/main/internal/cri/server',
    'https://github.com/sirupsen/logrus#formatters',
  ],
  records: 4000,
  entries: [...KUBELET, ...CONTAINERD, ...SYSTEMD, ...KERNEL],
};
