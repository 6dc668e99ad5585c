import { maskToken, PARAM } from '../masking';

const PHRASE = /"([^"\s]+(?:\s+[^"\s]+)+)"/g;

/**
 * A quoted multi-word field of a prose line (a DNS query `"A IN example.org. udp 66 false 1232"`,
 * a request `"GET /v2/servers HTTP/1.1"`) names its event in the words before its first value;
 * from that value on, the field is values (name, protocol, sizes, flags).
 */
export function quotedPhrases(line: string): string {
  if (!line.includes('"')) return line;
  return line.replace(PHRASE, (all, inner: string) => {
    const words = inner.split(/\s+/);
    const first = words.findIndex(w => maskToken(w) !== w);
    if (first < 0) return all;
    return `"${[...words.slice(0, first), PARAM].join(' ')}"`;
  });
}
