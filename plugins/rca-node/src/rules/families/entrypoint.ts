import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { ContainerView, PodFinding, RuleFamily } from '../family';
import { CONTAINER_LEVEL } from '../helpers';
import { kubectl, workloadRef } from '../steps';

/** The container's command cannot run: executable missing, wrong format, shell error. */
export const LABELS = [
  'bad_command_or_entrypoint',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The runtime or the shell says the command cannot run. */
  commandMessage: 0.9,
  /** Exit code 126 (not executable) or 127 (not found). */
  exitCode: 0.8,
  /**
   * Exit code 0 in a crash loop: under restartPolicy Always the command ran to completion (printed
   * its usage, ran a one-shot subcommand) instead of serving.
   */
  exitsCleanly: 0.7,
  /** The runtime cannot start the container and its message matches no pattern. */
  startError: 0.7,
};

export const TITLES = {
  crashLoop: 'Crash loop: the container command cannot run',
  startError: 'Container command cannot start',
};

const START_REASONS = new Set([
  'CreateContainerError',
  'RunContainerError',
  'StartError',
  'PreStartHookError',
  'PreCreateHookError',
]);

function waiting(c: ContainerView): PodFinding | undefined {
  const w = c.status.state?.waiting;
  if (!w || !START_REASONS.has(w.reason ?? '')) return undefined;
  const hit = c.classify('crash', w.message ?? '') ?? {
    label: 'bad_command_or_entrypoint' as const,
    specificity: SPECIFICITY.startError,
  };
  return {
    category: hit.label,
    specificity: hit.specificity,
    level: CONTAINER_LEVEL,
    container: c.status.name,
    title: TITLES.startError,
    explanation: `${c.who}: ${w.reason}: ${w.message ?? ''}`,
    evidence: c.keys,
  };
}

export const entrypoint: RuleFamily = {
  name: 'entrypoint',
  labels: LABELS,
  messages: {
    crash: [
      {
        pattern:
          /executable file not found|exec format error|no such file or directory.*(exec|entrypoint|command)|exec: ".*": |command not found|permission denied.*exec|syntax error/i,
        label: 'bad_command_or_entrypoint',
        specificity: SPECIFICITY.commandMessage,
      },
    ],
    exitCode: [
      {
        pattern: /^(126|127)$/,
        label: 'bad_command_or_entrypoint',
        specificity: SPECIFICITY.exitCode,
      },
      {
        pattern: /^0$/,
        label: 'bad_command_or_entrypoint',
        specificity: SPECIFICITY.exitsCleanly,
      },
    ],
  },
  crashTitles: { bad_command_or_entrypoint: TITLES.crashLoop },
  pods: { waiting },
  nextSteps: {
    bad_command_or_entrypoint: c => [
      {
        text: 'Check the command and args against the image entrypoint.',
        command: `${kubectl(c)} get ${workloadRef(
          c,
        )} -o jsonpath='{.spec.template.spec.containers[*].command}'`,
      },
      {
        text: 'Roll back if a new revision introduced it.',
        command: `${kubectl(c)} rollout undo ${workloadRef(c)}`,
      },
    ],
  },
};
