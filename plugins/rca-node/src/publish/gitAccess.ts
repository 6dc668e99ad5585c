import { simpleGit, type SimpleGit, type SimpleGitOptions } from 'simple-git';
import { redactSecrets } from '../contracts/redactSecrets';

export type GitCredentials = { username: string; password: string };

/**
 * Git access to one repository with HTTP(S) credentials sent as a header, so they never appear in
 * remote URLs; `fail` turns any error into one of ours with the credentials scrubbed (simple-git
 * errors quote the command line).
 */
export function gitAccess(credentials?: GitCredentials) {
  const header = credentials
    ? `Basic ${Buffer.from(
        `${credentials.username}:${credentials.password}`,
      ).toString('base64')}`
    : undefined;
  const secrets = credentials
    ? [credentials.password, header!.slice('Basic '.length)]
    : [];
  return {
    git(baseDir?: string, options: Partial<SimpleGitOptions> = {}): SimpleGit {
      return simpleGit({
        baseDir,
        config: header ? [`http.extraHeader=Authorization: ${header}`] : [],
        ...options,
      });
    },
    fail<E extends Error>(
      ErrorClass: new (message: string) => E,
      prefix: string,
      e: unknown,
    ): E {
      return new ErrorClass(
        `${prefix}: ${redactSecrets(
          String((e as Error)?.message ?? e),
          secrets,
        )}`,
      );
    },
  };
}

const locks = new Map<string, Promise<unknown>>();

/**
 * One promise chain per Git directory: operations on the same clone or mirror never interleave,
 * whichever object runs them.
 */
export function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(fn);
  locks.set(key, next);
  return next.finally(() => {
    if (locks.get(key) === next) locks.delete(key);
  });
}
