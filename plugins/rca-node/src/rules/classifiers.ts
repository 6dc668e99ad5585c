import type { RootCauseLabel } from '@internal/plugin-rca-common';

type Rule = [RegExp, RootCauseLabel, number];

/** Image pull failures, after Robusta's classifier (containerd and docker message forms). */
const IMAGE_PULL: Rule[] = [
  [
    /unauthorized|authentication required|pull access denied|insufficient_scope|403 forbidden|denied: |no basic auth credentials|failed to authorize/i,
    'image_pull_unauthorized',
    0.95,
  ],
  [
    /manifest unknown|not found: manifest|: not found|repository does not exist|name unknown|manifest for .* not found|failed to resolve reference/i,
    'image_tag_not_found',
    0.95,
  ],
  [
    /invalid reference format|couldn't parse image reference|InvalidImageName/i,
    'invalid_image_name',
    0.95,
  ],
];

/** Process exits and termination messages. Order matters: the first match wins. */
const CRASH: Rule[] = [
  [
    /no such host|name resolution|could not resolve|getaddrinfo (ENOTFOUND|EAI_AGAIN)|NXDOMAIN|server misbehaving/i,
    'dns_resolution_failure',
    0.85,
  ],
  [
    /is forbidden: User "system:serviceaccount|forbidden: .*cannot (get|list|watch|create)/i,
    'rbac_forbidden',
    0.85,
  ],
  [
    /no space left on device|ENOSPC|disk quota exceeded/i,
    'pvc_disk_full',
    0.85,
  ],
  [
    /executable file not found|exec format error|no such file or directory.*(exec|entrypoint|command)|exec: ".*": |command not found|permission denied.*exec|syntax error/i,
    'bad_command_or_entrypoint',
    0.9,
  ],
  [
    /environment variable|env var|must be set|is not set|missing required|required (config|setting|variable|option)|invalid config|configuration error|config(uration)? (file )?not found|undefined variable|missing (config|setting|key)/i,
    'crashloop_missing_env_or_config',
    0.85,
  ],
  [
    /too many connections|connection pool|pool exhausted|remaining connection slots|HikariPool|Connection is not available|timeout acquiring (a )?connection|QueuePool limit|could not obtain (a )?connection|pool timeout/i,
    'connection_pool_exhaustion',
    0.75,
  ],
  [
    /connection refused|ECONNREFUSED|i\/o timeout|dial tcp|connect(ion)? timed out|ETIMEDOUT|EHOSTUNREACH|no route to host|upstream connect error|could not connect|unable to connect|failed to connect/i,
    'app_crash_dependency_unreachable',
    0.8,
  ],
];

const SCHEDULING: Rule[] = [
  [
    /Insufficient (cpu|memory|nvidia\.com\/gpu|ephemeral-storage|pods)|Too many pods/i,
    'unschedulable_insufficient_resources',
    0.95,
  ],
  [
    /untolerated taint|had taint.*that the pod didn't tolerate/i,
    'unschedulable_untolerated_taint',
    0.9,
  ],
  [
    /didn't match pod anti-affinity|didn't match pod affinity\/anti-affinity|anti-affinity/i,
    'unschedulable_anti_affinity',
    0.9,
  ],
  [
    /didn't match Pod's node affinity|node\(s\) didn't match node selector|node affinity\/selector/i,
    'unschedulable_node_selector_mismatch',
    0.9,
  ],
  [
    /unbound immediate PersistentVolumeClaims|persistentvolumeclaim .* not found|volume node affinity conflict/i,
    'pvc_storageclass_missing',
    0.7,
  ],
];

function classify(
  rules: Rule[],
  text: string,
): { label: RootCauseLabel; specificity: number } | undefined {
  for (const [re, label, specificity] of rules)
    if (re.test(text)) return { label, specificity };
  return undefined;
}

export const classifyImagePull = (text: string) => classify(IMAGE_PULL, text);
export const classifyCrash = (text: string) => classify(CRASH, text);
export const classifyScheduling = (text: string) => classify(SCHEDULING, text);

/** CreateContainerConfigError and FailedMount: which reference is missing. */
export function classifyMissingReference(
  text: string,
): { label: RootCauseLabel; specificity: number } | undefined {
  if (
    /secret "?[^"\s]*"? not found|couldn't find key .* in Secret|secrets? .* not found/i.test(
      text,
    )
  ) {
    return { label: 'missing_secret_or_key', specificity: 0.95 };
  }
  if (
    /configmaps? "?[^"\s]*"? not found|couldn't find key .* in ConfigMap/i.test(
      text,
    )
  ) {
    return { label: 'missing_configmap_volume', specificity: 0.95 };
  }
  return undefined;
}

/** Exit codes that say something on their own. */
export function classifyExitCode(
  code: number | undefined,
): { label: RootCauseLabel; specificity: number } | undefined {
  if (code === 126 || code === 127)
    return { label: 'bad_command_or_entrypoint', specificity: 0.8 };
  return undefined;
}
