import { accessEvent } from './shapes/accessLine';
import { klogHeader } from './shapes/klogHeader';
import { quotedPhrases } from './shapes/quotedPhrase';
import { reduceTrace } from './shapes/stackTrace';
import { jsonEvent } from './structured/jsonLine';
import type { KeyRole } from './structured/eventKeys';
import type { EventText } from './structured/event';
import { keyValueEvent } from './structured/keyValueLine';

/**
 * Structure first: the text the miner templates for one log record. A multi-line record is reduced
 * to its exception and top frame, a JSON or key=value line to its event fields, an access line to
 * method, route and status class; any other line is mined as written.
 */
export function eventText(
  line: string,
  roles: Map<string, KeyRole>,
): EventText {
  if (line.includes('\n')) {
    const trace = reduceTrace(line);
    // A trace's top frame is its event with the exception: it leads, as written.
    if (trace.top !== undefined) return { key: trace.top, text: trace.text };
  }
  const text = line;
  const klog = text.includes('] ') ? klogHeader(text) : undefined;
  if (klog) {
    const body = lineEvent(klog.rest, roles);
    return {
      key: body.key === undefined ? klog.key : `${klog.key} ${body.key}`,
      message: body.message,
      text: `${klog.prefix} ${body.text}`,
    };
  }
  return lineEvent(text, roles);
}

/** One line (or a reduced trace) without a klog header. */
function lineEvent(text: string, roles: Map<string, KeyRole>): EventText {
  const c = text.charCodeAt(0);
  if (c === 123 /* { */ && text.charCodeAt(text.length - 1) === 125) {
    const json = jsonEvent(text, roles);
    if (json !== undefined) return json;
  }
  if (text.includes('=')) {
    const kv = keyValueEvent(text, roles);
    if (kv !== undefined) return kv;
  }
  if (text.includes('/')) {
    const access = accessEvent(text);
    if (access !== undefined) return access;
  }
  return { text: quotedPhrases(text) };
}
