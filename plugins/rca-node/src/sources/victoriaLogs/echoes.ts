import type { TemplateComparison } from '@internal/log-miner';
import type { CollectorContext } from '../../contracts';
import { cleanText, redactSecrets } from '../../contracts/redactSecrets';
import { quote, regexLiteral } from '../shared/httpJson';
import type { LogFields } from './logFields';
import type { VictoriaLogsClient } from './VictoriaLogsClient';

/** Another pod of the namespace logging the same message: often the other end of the call. */
export interface LogEcho {
  pod: string;
  container?: string;
  /** Lines with the phrase in the window. */
  count: number;
  /** One of them, bounded and redacted. */
  text: string;
  time: string;
  evidence: string;
}

/** Templates searched for per target, and pods named per template: each costs two reads. */
const MAX_TEMPLATES = 2;
const MAX_PODS = 2;
const MIN_WORDS = 4;

/**
 * The words of a message that name what happened, without its variables: the last run of at
 * least four plain words between punctuation, as the innermost cause of a wrapped error
 * (`migration failed: pq: the database system is starting up`). No digit, so no id or time.
 */
export function echoPhrase(text: string): string | undefined {
  const runs = text
    .split(/["'`:()[\]{}=,;|\\<>*.!?]/)
    .map(s => s.trim().replace(/\s+/g, ' '))
    .filter(
      s => /^[A-Za-z][A-Za-z ]*$/.test(s) && s.split(' ').length >= MIN_WORDS,
    );
  return runs.at(-1);
}

export interface EchoRead {
  client: VictoriaLogsClient;
  fields: LogFields;
  /** Selector of the target's namespaces with `podRegex` as given (`.*`: every pod). */
  selector(podRegex: string): string;
  /** The target's own pods, left out of the answer. */
  ownPods: RegExp;
  incident: { start: Date; end: Date };
  signal?: AbortSignal;
  query(text: string): void;
}

/**
 * For the target's first new templates, the other pods of its (readable) namespaces that log
 * the same phrase in the window, with one line each: the server side of a failed call ("the
 * database system is starting up" from the database's own pod, with its SQLSTATE).
 */
export async function readEchoes(
  ctx: Pick<CollectorContext, 'evidence'>,
  read: EchoRead,
  templates: Array<TemplateComparison & { echoes?: LogEcho[] }>,
): Promise<void> {
  const searched = templates
    .filter(t => t.trend === 'new')
    .map(t => ({ t, phrase: echoPhrase(t.exemplars[0] ?? t.template) }))
    .filter(x => x.phrase)
    .slice(0, MAX_TEMPLATES);
  for (const { t, phrase } of searched) {
    const echoes = await echoesOf(ctx, read, phrase!);
    if (echoes.length) t.echoes = echoes;
  }
}

async function echoesOf(
  ctx: Pick<CollectorContext, 'evidence'>,
  read: EchoRead,
  phrase: string,
): Promise<LogEcho[]> {
  const f = read.fields;
  const filter = `i(${quote(phrase)})`;
  const stats = `${read.selector('.*')} ${filter} | stats by (${f.pod}, ${
    f.container
  }) count() as n`;
  read.query(`victorialogs: ${stats}`);
  const rows = await read.client.stats(stats, read.incident, read.signal);
  const others = rows
    .filter(r => r.labels[f.pod] && !read.ownPods.test(r.labels[f.pod]))
    .sort((a, b) => b.value - a.value)
    .slice(0, MAX_PODS);
  const out: LogEcho[] = [];
  for (const r of others) {
    const pod = r.labels[f.pod];
    const one = `${read.selector(regexLiteral(pod))} ${filter}`;
    read.query(`victorialogs: ${one}`);
    const [line] = await read.client.query(
      one,
      { ...read.incident, limit: 1 },
      read.signal,
    );
    if (typeof line?._msg !== 'string') continue;
    out.push(echo(ctx, pod, r.labels[f.container], r.value, line));
  }
  return out;
}

function echo(
  ctx: Pick<CollectorContext, 'evidence'>,
  pod: string,
  container: string | undefined,
  count: number,
  line: Record<string, string>,
): LogEcho {
  const text = redactSecrets(cleanText(line._msg, 300));
  const evidence = ctx.evidence.add({
    source: 'victorialogs',
    object: `Pod ${pod}${container ? ` container ${container}` : ''} logs`,
    field: 'same message',
    text: `pod ${pod} logs the same message ${count} times in the window: "${text}"`,
    timestamp: line._time,
    severity: 'info',
  });
  return { pod, container, count, text, time: line._time, evidence };
}
