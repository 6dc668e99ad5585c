import type { AnalyzerContext } from '../contracts';
import {
  KUBERNETES_FACTS,
  targetObjectsOf,
} from '../sources/kubernetes/kubeFacts';

/** What a server answers when the credentials it was given are wrong (PostgreSQL, MySQL, Kafka, Oracle, HTTP). */
export const AUTH_FAILURE =
  /password authentication failed|access denied for user|authentication failed|invalid (username|password|credentials)|SQLSTATE 28P01|\b28P01\b|ORA-01017|SASL authentication|401 Unauthorized/i;

const CREDENTIAL_VAR = /PASS|SECRET|TOKEN|CRED|USER|KEY|AUTH/i;
const MAX_NAMED = 4;

/**
 * Where the component's credentials come from: the env variables read from a Secret
 * (`DB_PASSWORD from Secret billing-db-credentials, key password`), and whole Secrets loaded as env.
 * Env values are read when the container starts, so a Secret rotated since then is not what it
 * uses; the pods' start time is given for that comparison. Names only: no value is read.
 */
export function credentialSources(
  ctx: Pick<AnalyzerContext, 'facts'>,
  entityRef: string,
): string | undefined {
  const found = new Set<string>();
  let started: string | undefined;
  for (const t of targetObjectsOf(ctx.facts.get(KUBERNETES_FACTS), entityRef)) {
    const pod = t.pods[0];
    started ??= pod?.status?.startTime as unknown as string | undefined;
    for (const container of pod?.spec?.containers ?? []) {
      for (const e of container.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref?.name && CREDENTIAL_VAR.test(e.name))
          found.add(`${e.name} from Secret ${ref.name}, key ${ref.key}`);
      }
      for (const f of container.envFrom ?? [])
        if (f.secretRef?.name) found.add(`env from Secret ${f.secretRef.name}`);
    }
  }
  if (!found.size) return undefined;
  // Not "credentials: X": the secret redaction reads that as a name and its value.
  return `its credentials come from the environment, ${[...found]
    .slice(0, MAX_NAMED)
    .join('; ')} (env is read when the container starts${
    started ? `; the pods started at ${new Date(started).toISOString()}` : ''
  }: a Secret rotated since reaches them only after a restart)`;
}
