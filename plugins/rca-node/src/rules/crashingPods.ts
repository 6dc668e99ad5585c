import type { AnalyzerContext } from '../contracts';
import {
  KUBERNETES_FACTS,
  targetObjectsOf,
} from '../sources/kubernetes/kubeFacts';

/** Pods named per finding; the rest are counted. */
const MAX_NAMED = 3;

/**
 * The component's pods whose containers are crash-looping or have crashed, each with the image
 * and node they run on (`pod api-7d9f-x2 (image registry/api:1.2, node ip-10-0-1-5)`): a log
 * line says what failed, this says where, so the responder can act on the pod, image or node.
 */
export function crashingPods(
  ctx: Pick<AnalyzerContext, 'facts'>,
  entityRef: string,
): string | undefined {
  const named: string[] = [];
  let count = 0;
  for (const t of targetObjectsOf(ctx.facts.get(KUBERNETES_FACTS), entityRef)) {
    for (const pod of t.pods) {
      const crashed = (pod.status?.containerStatuses ?? []).find(
        s =>
          s.state?.waiting?.reason === 'CrashLoopBackOff' ||
          (s.state?.terminated?.exitCode ?? 0) !== 0 ||
          ((s.restartCount ?? 0) > 0 &&
            (s.lastState?.terminated?.exitCode ?? 0) !== 0),
      );
      if (!crashed) continue;
      count++;
      if (named.length >= MAX_NAMED) continue;
      const image =
        pod.spec?.containers?.find(x => x.name === crashed.name)?.image ??
        crashed.image;
      const where = [
        image && `image ${image}`,
        pod.spec?.nodeName && `node ${pod.spec.nodeName}`,
      ].filter(Boolean);
      named.push(
        `pod ${pod.metadata?.name ?? '?'}${
          where.length ? ` (${where.join(', ')})` : ''
        }`,
      );
    }
  }
  if (!named.length) return undefined;
  const more = count - named.length;
  return `crashing: ${named.join('; ')}${more > 0 ? ` and ${more} more` : ''}`;
}
