import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { AnalyzerContext } from '../contracts';
import { redactSecrets } from '../contracts';
import {
  KUBERNETES_FACTS,
  targetObjectsOf,
} from '../sources/kubernetes/kubeFacts';

/** The environment settings that bound what a cause is about (a pure data table). */
const SETTINGS: Partial<Record<RootCauseLabel, RegExp>> = {
  connection_pool_exhaustion: /POOL|MAX_?CONN|CONNECTIONS/i,
};

/** Settings named per finding. */
const MAX_SETTINGS = 4;

/**
 * The component's env settings that bound the cause (`DB_POOL_MAX=2` for an exhausted pool), as
 * its pod spec sets them: the number a responder changes. Values read from a Secret or ConfigMap
 * are named, never read; literal values pass the secret redaction.
 */
export function workloadSettings(
  ctx: Pick<AnalyzerContext, 'facts'>,
  entityRef: string,
  label: RootCauseLabel,
): string | undefined {
  const pattern = SETTINGS[label];
  if (!pattern) return undefined;
  const found = new Set<string>();
  for (const t of targetObjectsOf(ctx.facts.get(KUBERNETES_FACTS), entityRef)) {
    for (const container of t.pods[0]?.spec?.containers ?? []) {
      // Whole objects loaded as env may hold the setting: named, as their data is not read.
      for (const f of container.envFrom ?? []) {
        const read = t.configMapContents.find(
          x => x.name === f.configMapRef?.name,
        );
        // Read by name: its settings are known, and the ones that bound the cause are named.
        for (const [k, v] of Object.entries(read?.settings ?? {}))
          if (pattern.test(k))
            found.add(
              `${f.prefix ?? ''}${k}=${v} (from ConfigMap ${read!.name})`,
            );
        if (f.configMapRef?.name)
          found.add(`env from ConfigMap ${f.configMapRef.name}`);
        if (f.secretRef?.name) found.add(`env from Secret ${f.secretRef.name}`);
      }
      for (const e of container.env ?? []) {
        if (!pattern.test(e.name)) continue;
        const from =
          e.valueFrom?.secretKeyRef?.name ?? e.valueFrom?.configMapKeyRef?.name;
        found.add(
          e.value !== undefined
            ? redactSecrets(`${e.name}=${e.value}`)
            : `${e.name}${from ? ` (from ${from})` : ''}`,
        );
      }
    }
  }
  return found.size
    ? `settings: ${[...found].slice(0, MAX_SETTINGS).join(', ')}`
    : undefined;
}
