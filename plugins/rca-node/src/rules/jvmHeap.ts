import type { V1Container } from '@kubernetes/client-node';

/**
 * Above this share of the container limit, the JVM heap leaves too little for what lives outside
 * it (metaspace, code cache, thread stacks, direct buffers, GC structures): the kernel kills the
 * process at the limit although nothing leaks. The JVM's own default is 25%; vendors advise at
 * most 75%.
 */
export const MAX_HEAP_SHARE = 0.75;

const UNITS: Record<string, number> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  ki: 1024,
  mi: 1024 ** 2,
  gi: 1024 ** 3,
};

/** `2000Mi`, `2G`, `512m` (as the JVM reads -Xmx) → bytes. */
function bytes(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kmg]i?)?$/i.exec(value.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  // Kubernetes quantities `M`/`G` are decimal; the JVM's `m`/`g` are binary: close enough here.
  return Number(m[1]) * (UNITS[unit] ?? 1);
}

/**
 * The heap the container's JVM options allow, as a share of its memory limit, when options in its
 * env, command or args fix it (-XX:MaxRAMPercentage, -Xmx) and exceed {@link MAX_HEAP_SHARE}.
 * The text names the option, for the explanation.
 */
export function oversizedHeap(
  c: V1Container | undefined,
): { share: number; option: string } | undefined {
  if (!c) return undefined;
  const text = [
    ...(c.env ?? []).map(e => e.value ?? ''),
    ...(c.command ?? []),
    ...(c.args ?? []),
  ].join(' ');
  const percent = /-XX:MaxRAMPercentage=(\d+(?:\.\d+)?)/.exec(text);
  if (percent && Number(percent[1]) / 100 > MAX_HEAP_SHARE)
    return { share: Number(percent[1]) / 100, option: percent[0] };
  const xmx = /-Xmx(\d+[kmgKMG]?)\b/.exec(text);
  const limit = c.resources?.limits?.memory;
  const heap = xmx && bytes(xmx[1]);
  const max = limit && bytes(String(limit));
  if (heap && max && heap / max > MAX_HEAP_SHARE)
    return { share: heap / max, option: xmx[0] };
  return undefined;
}
