import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { RuleFamily } from '../family';
import { kubectl } from '../steps';

/** A hostname the service uses does not resolve. */
export const LABELS = [
  'dns_resolution_failure',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The process reports a name that does not resolve. */
  resolutionMessage: 0.85,
};

export const TITLES = {
  crashLoop: 'Crash loop: a hostname does not resolve',
};

/**
 * The cluster DNS checks of Kubernetes' "Debugging DNS Resolution": the DNS pods (label
 * `k8s-app=kube-dns`, CoreDNS or kube-dns alike) running, their logs, and the `kube-dns` Service
 * having endpoints. Commands for the responder: the engine itself reads no kube-system object.
 */
const CLUSTER_DNS_STEPS = [
  {
    text: 'Check that the cluster DNS pods are running (needs read access to kube-system).',
    command: 'kubectl -n kube-system get pods -l k8s-app=kube-dns',
  },
  {
    text: "Read the cluster DNS pods' logs for errors.",
    command: 'kubectl -n kube-system logs -l k8s-app=kube-dns',
  },
  {
    // EAI_AGAIN and timeouts mean the server did not answer: an OOMKilled or overloaded CoreDNS.
    text: 'Check the CoreDNS Deployment for OOMKilled restarts or too few replicas (named coredns on kubeadm, EKS, AKS and k3s; kube-dns on GKE).',
    command: 'kubectl -n kube-system describe deployment coredns',
  },
  {
    text: 'Check that the kube-dns Service has endpoints.',
    command:
      'kubectl -n kube-system get endpointslices -l kubernetes.io/service-name=kube-dns',
  },
];

export const dns: RuleFamily = {
  name: 'dns',
  labels: LABELS,
  messages: {
    crash: [
      {
        pattern:
          /no such host|name resolution|(could not|can'?t|cannot|unable to) resolve|getaddrinfo (ENOTFOUND|EAI_AGAIN)|NXDOMAIN|server misbehaving|UnknownHostException|Name or service not known|Name does not resolve/i,
        label: 'dns_resolution_failure',
        specificity: SPECIFICITY.resolutionMessage,
      },
    ],
  },
  crashTitles: { dns_resolution_failure: TITLES.crashLoop },
  nextSteps: {
    dns_resolution_failure: c => [
      {
        text: 'Check the hostname and cluster DNS.',
        command: `${kubectl(
          c,
        )} run rca-dns --rm -it --image=busybox --restart=Never -- nslookup <host>`,
      },
      ...CLUSTER_DNS_STEPS,
    ],
  },
};
