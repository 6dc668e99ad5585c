import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { RuleFamily } from '../family';
import { kubectl, type StepsFor } from '../steps';

/**
 * A dependency refuses or times out. `upstream_dependency_failure` (the dependency itself is
 * failing first) is raised by the engine's ranking; its next steps live here.
 */
export const LABELS = [
  'app_crash_dependency_unreachable',
  'upstream_dependency_failure',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The process cannot connect to something it needs. */
  unreachableMessage: 0.8,
  /** The engine blames a failing dependency while the component itself only shows symptoms. */
  upstreamWithOwnSymptoms: 0.9,
  /** The engine blames a failing dependency and the component shows nothing of its own. */
  upstreamAlone: 0.6,
  /**
   * TLS verification fails against the callee (expired, not yet valid, unknown authority, wrong
   * name): the certificate the dependency serves is at fault, not the network.
   */
  tlsRefused: 0.85,
};

export const TITLES = {
  crashLoop: 'Crash loop: a dependency is unreachable at start-up',
};

const dependencySteps: StepsFor = c => [
  {
    text: `Check the dependency first${
      c.detail ? `: ${c.detail}` : ''
    }; this service is failing because of it.`,
  },
  {
    text: 'Confirm the dependency endpoint resolves and accepts connections from the namespace.',
    command: `${kubectl(
      c,
    )} run rca-probe --rm -it --image=busybox --restart=Never -- nc -zv <host> <port>`,
  },
];

export const dependencies: RuleFamily = {
  name: 'dependencies',
  labels: LABELS,
  messages: {
    log: [
      {
        pattern:
          /x509: |certificate has expired|certificate is not yet valid|certificate signed by unknown authority|tls: (failed to verify|bad certificate|handshake failure)|SSLHandshakeException|PKIX path (building|validation) failed|CERTIFICATE_VERIFY_FAILED|CERT_HAS_EXPIRED/i,
        label: 'upstream_dependency_failure',
        specificity: SPECIFICITY.tlsRefused,
      },
    ],
    crash: [
      {
        pattern:
          /connection refused|ECONNREFUSED|i\/o timeout|dial tcp|connect(ion)? timed out|ETIMEDOUT|EHOSTUNREACH|no route to host|upstream connect error|could not connect|unable to connect|failed to connect|database system is (starting up|shutting down|in recovery mode)|57P03/i,
        label: 'app_crash_dependency_unreachable',
        specificity: SPECIFICITY.unreachableMessage,
      },
    ],
  },
  crashTitles: { app_crash_dependency_unreachable: TITLES.crashLoop },
  nextSteps: {
    app_crash_dependency_unreachable: dependencySteps,
    upstream_dependency_failure: dependencySteps,
  },
};
