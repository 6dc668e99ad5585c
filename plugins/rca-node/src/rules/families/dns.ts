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

export const dns: RuleFamily = {
  name: 'dns',
  labels: LABELS,
  messages: {
    crash: [
      {
        pattern:
          /no such host|name resolution|could not resolve|getaddrinfo (ENOTFOUND|EAI_AGAIN)|NXDOMAIN|server misbehaving/i,
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
    ],
  },
};
