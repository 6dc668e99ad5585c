import {
  access,
  mkdir,
  mkdtemp,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { SimpleGit } from 'simple-git';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { GitPublishError } from './errors';
import { gitAccess, withLock } from './gitAccess';

export interface GitPublisherOptions {
  /** Remote URL, or a local path to a bare repository (created on first use when `createIfMissing`). */
  url: string;
  branch: string;
  /** Folder inside the repository. */
  directory: string;
  author: { name: string; email: string };
  /** HTTP(S) credentials, sent as a header so they never appear in remote URLs or errors. */
  credentials?: { username: string; password: string };
  /** Where this process keeps its clone. Replicas must not share one. */
  workDir: string;
  createIfMissing?: boolean;
  /** Push attempts before giving up (each rejected push fetches and rebases). Default 6. */
  maxAttempts?: number;
  /** Web URL of the repository, for commit and file links. */
  browseUrl?: string;
}

export interface PublishRequest {
  path: string;
  content: string;
  message: string;
}

export interface PublishResult {
  commitSha: string;
  path: string;
  branch: string;
  commitUrl?: string;
  fileUrl?: string;
}

const isLocalPath = (url: string) =>
  !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^[^/]+@[^/]+:/.test(url);

/**
 * Commits reports to a Git repository with simple-git: one commit per report. Concurrent
 * publications are serialised per clone; a push rejected because another replica pushed first is
 * retried after fetch and rebase.
 */
export class GitPublisher {
  readonly #o: Required<
    Omit<GitPublisherOptions, 'credentials' | 'browseUrl'>
  > &
    Pick<GitPublisherOptions, 'credentials' | 'browseUrl'>;
  readonly #access: ReturnType<typeof gitAccess>;

  constructor(options: GitPublisherOptions) {
    this.#o = { createIfMissing: false, maxAttempts: 6, ...options };
    this.#access = gitAccess(options.credentials);
  }

  static defaultWorkDir(dataDir: string, url: string): string {
    const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
    // Containers sharing a data volume often share a pid too (1): the host name tells them apart.
    const owner = `${hostname()}-${process.pid}`.replace(/[^\w.-]/g, '_');
    return join(dataDir, 'git-work', `${hash}-${owner}`);
  }

  get branch() {
    return this.#o.branch;
  }

  publish(request: PublishRequest): Promise<PublishResult> {
    return withLock(resolve(this.#o.workDir), () =>
      this.#publish(request),
    ).catch(e => {
      throw this.#access.fail(GitPublishError, 'git publication failed', e);
    });
  }

  #git(baseDir?: string): SimpleGit {
    return this.#access.git(baseDir, { maxConcurrentProcesses: 2 });
  }

  async #ensureRemote() {
    if (!isLocalPath(this.#o.url) || !this.#o.createIfMissing) return;
    const path = resolve(this.#o.url);
    try {
      await access(join(path, 'HEAD'));
      return;
    } catch {
      // Created below.
    }
    // Replicas sharing a volume may both find it missing, and concurrent `git init` in one folder
    // fails on its hook templates: each initialises a private folder and renames it into place.
    // The rename is atomic; the loser finds a repository there and discards its own.
    await mkdir(dirname(path), { recursive: true });
    const staging = await mkdtemp(`${path}.init-`);
    const init = (dir: string) =>
      this.#git(dir).raw([
        'init',
        '--bare',
        `--initial-branch=${this.#o.branch}`,
      ]);
    try {
      await init(staging);
      await rename(staging, path).catch(async e => {
        if (['EEXIST', 'ENOTEMPTY'].includes(e?.code)) return;
        // An empty mount point cannot be renamed over: initialise it where it is.
        if (e?.code === 'EBUSY') await init(path);
        else throw e;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async #ensureClone(): Promise<SimpleGit> {
    const dir = this.#o.workDir;
    try {
      await access(join(dir, '.git'));
    } catch {
      await this.#ensureRemote();
      await mkdir(dirname(dir), { recursive: true });
      await this.#git().clone(
        isLocalPath(this.#o.url) ? resolve(this.#o.url) : this.#o.url,
        dir,
      );
      await this.#git(dir)
        .addConfig('user.name', this.#o.author.name)
        .addConfig('user.email', this.#o.author.email);
    }
    return this.#git(dir);
  }

  async #syncBranch(git: SimpleGit): Promise<void> {
    await git.fetch('origin');
    const remote = `origin/${this.#o.branch}`;
    // Listed after the fetch only if the remote branch exists (an empty repository has none).
    const exists =
      (await git.raw(['branch', '-r', '--list', remote])).trim() !== '';
    if (exists) {
      // Forced, so a publication that died half-way leaves nothing behind for the next one.
      await git.raw(['checkout', '-f', '-B', this.#o.branch, remote]);
      return;
    }
    // Empty repository: start the branch.
    await git
      .raw(['checkout', '--orphan', this.#o.branch])
      .catch(() => undefined);
  }

  async #publish(request: PublishRequest): Promise<PublishResult> {
    const git = await this.#ensureClone();
    await this.#syncBranch(git);
    const file = resolveSafeChildPath(this.#o.workDir, request.path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, request.content, 'utf8');
    await git.add(request.path);
    await git.commit(request.message, [request.path]);

    for (let attempt = 1; ; attempt++) {
      try {
        await git.push('origin', `HEAD:refs/heads/${this.#o.branch}`);
        break;
      } catch (e) {
        if (attempt >= this.#o.maxAttempts || isPermanentPushError(e)) throw e;
        // Another writer got there first: replay our commit on top of theirs and try again. Git
        // does not always say so on stderr (a ref lock lost to another push can print only
        // "Pushing to …"), so any failure is retried while the remote can still be fetched.
        await new Promise(r => setTimeout(r, Math.random() * 100 * attempt));
        await git.fetch('origin', this.#o.branch).catch(() => {
          throw e;
        });
        await git.rebase([`origin/${this.#o.branch}`]);
      }
    }
    const commitSha = (await git.revparse(['HEAD'])).trim();
    const browse = this.#o.browseUrl?.replace(/\/+$/, '');
    return {
      commitSha,
      path: request.path,
      branch: this.#o.branch,
      ...(browse
        ? {
            commitUrl: `${browse}/commit/${commitSha}`,
            fileUrl: `${browse}/blob/${this.#o.branch}/${request.path}`,
          }
        : {}),
    };
  }
}

/** Failures no retry can fix: the remote refuses us, not our timing. */
function isPermanentPushError(e: unknown): boolean {
  // Word boundaries: commit hashes in the message may contain "403" or "401".
  return /authentication failed|permission denied|\b40[13]\b|could not read username|repository not found|protected branch|pre-receive hook declined/i.test(
    String((e as Error)?.message ?? e),
  );
}
