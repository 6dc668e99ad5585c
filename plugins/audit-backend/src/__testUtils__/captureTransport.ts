import { Writable } from 'node:stream';

const MESSAGE = Symbol.for('message');

/**
 * A winston transport keeping each formatted line, exactly what the console transport would print.
 * winston pipes straight into an object-mode stream whose `log` takes at most two arguments.
 */
export function captureTransport() {
  const lines: string[] = [];
  const stream = new Writable({
    objectMode: true,
    write(info, _encoding, done) {
      // Lines below the level arrive as `false`.
      if (info) lines.push(String(info[MESSAGE]));
      done();
    },
  });
  const transport = Object.assign(stream, {
    log(_info: unknown, next: () => void) {
      next();
    },
  });
  return { lines, transport: transport as any };
}
