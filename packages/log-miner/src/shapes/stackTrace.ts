/** A multi-line record reduced to its event: the top frame (as written), and the lines above it. */
export interface Trace {
  /** The top frame, without its arguments and addresses; undefined when no frame was found. */
  top?: string;
  /** The lines before the frames (the log line, the exception) and, for Python, the exception after. */
  text: string;
}

const JAVA_FRAME = /^\s+at \S/;
const PY_FRAME = /^\s+File "[^"]*", line \d+/;
const GO_FILE = /^\t\S+\.go:\d+/;

/**
 * Multi-line events keyed by exception type and top frame: a stack trace is reduced to the lines
 * before its frames (the log line, the exception), its top frame, and for Python the exception
 * printed after it. Frames below the top one are another call path of the same event, so they are
 * dropped. Recognised by shape, with no per-language configuration:
 *
 * - Java and Node: frames are `at …` lines; the top frame is the first.
 * - Python: frames are `File "…", line N, in f` lines (each with its source line below); the top
 *   frame is the last, and the exception follows it.
 * - Go: frames are a function line and a tab-indented `file.go:N` line; the top frame is the first
 *   one below the runtime's `panic(…)` frame. Arguments and addresses are dropped from it.
 */
export function reduceTrace(content: string): Trace {
  const lines = content.split('\n');
  const at = lines.findIndex(l => JAVA_FRAME.test(l));
  if (at >= 0)
    return { top: lines[at].trim(), text: lines.slice(0, at).join('\n') };
  let last = -1;
  for (let i = lines.length - 1; i >= 0 && last < 0; i--)
    if (PY_FRAME.test(lines[i])) last = i;
  if (last >= 0) {
    const first = lines.findIndex(l => PY_FRAME.test(l));
    return {
      top: lines[last].trim(),
      text: [...lines.slice(0, first), ...lines.slice(last + 1)].join('\n'),
    };
  }
  const file = lines.findIndex(l => GO_FILE.test(l));
  if (file > 0) {
    let top = file - 1;
    // The runtime's own panic frame is not where the program failed: take the frame below it.
    if (lines[top].startsWith('panic(') && GO_FILE.test(lines[top + 3] ?? ''))
      top += 2;
    const fn = lines[top].replace(/\(.*\)$/, '');
    const at2 = lines[top + 1].trim().replace(/ \+0x[0-9a-f]+$/, '');
    return { top: `${fn} ${at2}`, text: lines.slice(0, file - 1).join('\n') };
  }
  return { text: content };
}
