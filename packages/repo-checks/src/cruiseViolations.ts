import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/** The repository root: the rules live in its `.dependency-cruiser.cjs`. */
// Never built or shipped: this package only runs from the source tree, where __dirname is exact.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = resolve(__dirname, '../../..');

/** One broken rule, as dependency-cruiser reports it. */
export interface Violation {
  rule: string;
  from: string;
  to: string;
}

interface CruiseResult {
  summary: {
    violations: Array<{ rule: { name: string }; from: string; to: string }>;
  };
}

/**
 * Runs dependency-cruiser's own CLI with the repository's rules over `dirs` of `cwd`, the way
 * `yarn lint:deps` does; the CLI (not the ESM-only API) keeps this runnable under Jest.
 */
export async function cruiseViolations(
  cwd: string,
  dirs: string[],
): Promise<Violation[]> {
  const bin = resolve(REPO_ROOT, 'node_modules/.bin/depcruise');
  const args = [
    '--config',
    resolve(REPO_ROOT, '.dependency-cruiser.cjs'),
    '--output-type',
    'json',
    ...dirs,
  ];
  const { stdout } = await promisify(execFile)(bin, args, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => {
    // Violations make the CLI exit non-zero; its report is still on stdout.
    if (e.stdout) return { stdout: e.stdout };
    throw e;
  });
  const result = JSON.parse(stdout) as CruiseResult;
  return result.summary.violations.map(v => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
  }));
}
