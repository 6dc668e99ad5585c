import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { firstEventTime } from '../../sources/kubernetes/kubeFacts';
import type {
  ContainerView,
  MountView,
  PodFinding,
  RuleFamily,
} from '../family';
import { envReferences } from '../envReferences';
import { CONTAINER_LEVEL, earliest } from '../helpers';
import { kubectl, type StepsFor, workloadRef } from '../steps';

/**
 * Configuration the workload needs is missing: a referenced Secret, key or ConfigMap, or a setting
 * the process checks at start-up. `config_change_regression` is raised by the engine's change
 * alignment; its next steps live here.
 */
export const LABELS = [
  'crashloop_missing_env_or_config',
  'missing_secret_or_key',
  'missing_configmap_volume',
  'config_change_regression',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The kubelet names the missing Secret or key. */
  missingSecret: 0.95,
  /** The kubelet names the missing ConfigMap. */
  missingConfigMap: 0.95,
  /** The process says a setting is missing or invalid. */
  missingSetting: 0.85,
  /** CreateContainerConfigError with a message that names no reference. */
  unclassifiedConfigError: 0.6,
  /** The engine found a ConfigMap changed without a rollout just before a failure that reads it. */
  configChangeBeforeOnset: 0.8,
};

export const TITLES = {
  missingSetting: 'Crash loop: required configuration missing at start-up',
  referencedConfigMap: 'Referenced ConfigMap does not exist',
  referencedSecret: 'Referenced Secret or key does not exist',
  mounted: (what: 'Secret' | 'ConfigMap') => `Mounted ${what} does not exist`,
};

/** CreateContainerConfigError and FailedMount: which reference is missing. */
const MISSING_REFERENCE = [
  {
    pattern:
      /secret "?[^"\s]*"? not found|couldn't find key .* in Secret|secrets? .* not found/i,
    label: 'missing_secret_or_key',
    specificity: SPECIFICITY.missingSecret,
  },
  {
    pattern:
      /configmaps? "?[^"\s]*"? not found|couldn't find key .* in ConfigMap/i,
    label: 'missing_configmap_volume',
    specificity: SPECIFICITY.missingConfigMap,
  },
] as const;

const MISSING_SETTING = [
  {
    pattern:
      /environment variable|env var|must be set|is not set|missing required|required (config|setting|variable|option)|invalid config|configuration error|config(uration)? (file )?not found|undefined variable|missing (config|setting|key)|(failed|unable|cannot|could not) (to )?(load|parse|read|decode|unmarshal) (the )?(config|settings|configuration)|yaml: (line \d+|unmarshal)|mapping values are not allowed|did not find expected key/i,
    label: 'crashloop_missing_env_or_config',
    specificity: SPECIFICITY.missingSetting,
  },
] as const;

/** The first quoted name in a message: the missing object. */
const quoted = (text: string) => /"([^"]+)"/.exec(text)?.[1];

/** The variables the container reads from the missing object, named for the responder. */
function readBy(c: ContainerView): string {
  const w = c.status.state?.waiting;
  const vars = envReferences(
    [
      ...(c.pod.spec?.containers ?? []),
      ...(c.pod.spec?.initContainers ?? []),
    ].find(x => x.name === c.status.name),
    quoted(w?.message ?? ''),
  );
  return vars.length ? `; the container reads ${vars.join(', ')} from it` : '';
}

function waiting(c: ContainerView): PodFinding | undefined {
  const w = c.status.state?.waiting;
  if (w?.reason !== 'CreateContainerConfigError') return undefined;
  const hit = c.classify('missingReference', w.message ?? '');
  return {
    category: hit?.label ?? 'crashloop_missing_env_or_config',
    specificity: hit?.specificity ?? SPECIFICITY.unclassifiedConfigError,
    title:
      hit?.label === 'missing_configmap_volume'
        ? TITLES.referencedConfigMap
        : TITLES.referencedSecret,
    explanation: `${c.who} cannot be created: ${
      w.message ?? 'CreateContainerConfigError'
    }${readBy(c)}`,
    level: CONTAINER_LEVEL,
    container: c.status.name,
    evidence: c.keys,
    onset: earliest(
      c.events
        .filter(e => e.reason === 'Failed' && c.forContainer(e))
        .map(firstEventTime),
    ),
    detail: quoted(w.message ?? ''),
  };
}

function mount(m: MountView): PodFinding | undefined {
  const hit = m.classify('missingReference', m.text);
  if (!hit) return undefined;
  return {
    category: hit.label,
    specificity: hit.specificity,
    title: TITLES.mounted(
      hit.label === 'missing_secret_or_key' ? 'Secret' : 'ConfigMap',
    ),
    explanation: `${m.podName}: ${m.mount[0].message}`,
    level: 2,
    evidence: m.cite(m.mount),
    onset: m.onsetOf(m.mount),
    detail: quoted(m.text),
  };
}

const settingSteps: StepsFor = c => [
  {
    text: 'Read the previous container log for the missing setting.',
    command: `${kubectl(c)} logs ${c.pod ?? workloadRef(c)}${
      c.container ? ` -c ${c.container}` : ''
    } --previous`,
  },
  {
    text: 'Compare the environment of the last two revisions.',
    command: `${kubectl(c)} rollout history ${workloadRef(c)} --revision=<n>`,
  },
  {
    text: 'Roll back to the last good revision while the config is fixed.',
    command: `${kubectl(c)} rollout undo ${workloadRef(c)}`,
  },
];

export const configuration: RuleFamily = {
  name: 'configuration',
  labels: LABELS,
  messages: { missingReference: MISSING_REFERENCE, crash: MISSING_SETTING },
  crashTitles: { crashloop_missing_env_or_config: TITLES.missingSetting },
  pods: { waiting, mount },
  nextSteps: {
    crashloop_missing_env_or_config: settingSteps,
    config_change_regression: settingSteps,
    missing_secret_or_key: c => [
      {
        text: `Create the missing Secret or key${
          c.detail ? ` (${c.detail})` : ''
        }.`,
        command: `${kubectl(c)} get secrets`,
      },
    ],
    missing_configmap_volume: c => [
      {
        text: `Create the missing ConfigMap${
          c.detail ? ` (${c.detail})` : ''
        } or fix the reference.`,
        command: `${kubectl(c)} get configmaps`,
      },
    ],
  },
};
