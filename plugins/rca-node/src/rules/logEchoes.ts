import type { LogTemplateFinding } from '../sources/victoriaLogs/VictoriaLogsCollector';

/**
 * The other pods of the namespace that log the same message (the server side of a failed call,
 * with its own code), as a clause and the evidence to cite: `the same message is logged by pod
 * db-0 (postgres, 60 lines): "… SQLSTATE 57P03 …"`.
 */
export function logEchoes(tpl: LogTemplateFinding): {
  text?: string;
  evidence: string[];
} {
  const echoes = tpl.echoes ?? [];
  if (!echoes.length) return { evidence: [] };
  return {
    text: `the same words are also logged by ${echoes
      .map(
        e =>
          `pod ${e.pod} (${e.container ? `${e.container}, ` : ''}${
            e.count
          } lines): ${JSON.stringify(e.text)}`,
      )
      .join('; ')}`,
    evidence: echoes.map(e => e.evidence),
  };
}
