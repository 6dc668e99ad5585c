import { spawn } from 'node:child_process';

export interface BackendProcess {
  url: string;
  /** Sends a signal; `exited` settles when the process is gone. */
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: string | null; at: number }>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

/**
 * Runs `script` (TypeScript, through Backstage's Node transform) in a process of its own, with
 * `payload` as JSON in `RCA_TEST_BACKEND`; resolves once it prints `listening <url>`. For tests
 * that stop a backend the way a container runtime does (SIGTERM) or the way a node dies (SIGKILL).
 */
export function startBackendProcess(options: {
  script: string;
  payload: object;
  startTimeoutMs?: number;
}): Promise<BackendProcess> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      options.script,
    ],
    {
      env: {
        ...process.env,
        RCA_TEST_BACKEND: JSON.stringify(options.payload),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', c => (stderr += c));
  const exited = new Promise<{
    code: number | null;
    signal: string | null;
    at: number;
  }>(ok =>
    child.on('exit', (code, signal) => ok({ code, signal, at: Date.now() })),
  );
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`backend did not start: ${stderr.slice(-2000)}`));
    }, options.startTimeoutMs ?? 90_000);
    exited.then(({ code }) => {
      clearTimeout(timer);
      fail(new Error(`backend exited (${code}): ${stderr.slice(-2000)}`));
    });
    child.stdout.on('data', c => {
      stdout += c;
      const match = /listening (\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      ok({
        url: match[1],
        kill: signal => child.kill(signal),
        exited,
        stderr: () => stderr,
      });
    });
  });
}
