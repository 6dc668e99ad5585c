import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SimpleGit } from 'simple-git';
import type { Config } from '@backstage/config';
import { ReportRepositoryError } from './errors';
import { gitAccess, withLock } from './gitAccess';
import { readGitPublisherOptions } from './readGitPublisherOptions';
import { remoteWithoutSecrets } from './remoteWithoutSecrets';
import { slug } from './reportPath';

export interface ReportRepositoryOptions {
  /** Remote URL or local path of the reports repository (`rca.reports.git.url`). */
  url: string;
  branch: string;
  /** Folder of the reports inside the repository. */
  directory: string;
  credentials?: { username: string; password: string };
  /** This reader's own bare mirror; never the publisher's clone, never shared between readers. */
  mirrorDir: string;
  browseUrl?: string;
}

/** A report file as committed: its content and the newest commit that touched it. */
export interface ReportFile {
  path: string;
  blobSha: string;
  content: string;
  commitSha?: string;
  committedAt?: string;
}

export interface ReportSnapshot {
  /** Branch head the files were read at; undefined while the repository has no reports branch. */
  head?: string;
  files: ReportFile[];
}

const isLocalPath = (url: string) =>
  !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^[^/]+@[^/]+:/.test(url);

/**
 * Reads committed reports from the reports repository through a bare mirror: one fetch of the
 * branch, `ls-tree` for the files, one `cat-file --batch` for the blobs not read before, and an
 * incremental `git log` for the last commit of each file. Nothing is checked out.
 */
export class ReportRepository {
  readonly #o: ReportRepositoryOptions;
  readonly #access: ReturnType<typeof gitAccess>;
  #blobs = new Map<string, string>();
  #commits = new Map<string, { sha: string; at: string }>();
  #logHead?: string;
  #last?: ReportSnapshot;

  constructor(options: ReportRepositoryOptions) {
    this.#o = options;
    this.#access = gitAccess(options.credentials);
  }

  /** The same repository settings the publisher uses (`rca.reports.git`), with a mirror per reader. */
  static fromConfig(config: Config, reader: string): ReportRepository {
    const o = readGitPublisherOptions(config);
    const dataDir = resolve(
      config.getOptionalString('rca.dataDir') ?? '.rca-data',
    );
    const hash = createHash('sha256').update(o.url).digest('hex').slice(0, 12);
    return new ReportRepository({
      url: o.url,
      branch: o.branch,
      directory: o.directory,
      credentials: o.credentials,
      browseUrl: o.browseUrl,
      mirrorDir: join(dataDir, 'git-mirror', `${slug(reader, 30)}-${hash}`),
    });
  }

  get directory(): string {
    return this.#o.directory.replace(/^\/+|\/+$/g, '');
  }

  get branch(): string {
    return this.#o.branch;
  }

  /** Web links for a file and a commit, when the repository has a browse URL. */
  links(path: string, commitSha?: string): { file?: string; commit?: string } {
    const browse = this.#o.browseUrl?.replace(/\/+$/, '');
    if (!browse) return {};
    return {
      file: `${browse}/blob/${this.#o.branch}/${path}`,
      ...(commitSha ? { commit: `${browse}/commit/${commitSha}` } : {}),
    };
  }

  /** Where a file lives, for `backstage.io/managed-by-location`. Never carries credentials. */
  location(path: string): string {
    const file = this.links(path).file;
    if (file) return `url:${file}`;
    if (isLocalPath(this.#o.url)) return `file:${resolve(this.#o.url, path)}`;
    return `url:${remoteWithoutSecrets(this.#o.url)}/${path}`;
  }

  /** Fetches the branch and reads every report file (`*.md` under the directory). */
  snapshot(): Promise<ReportSnapshot> {
    return this.#serial(async () => {
      const head = await this.#fetch();
      if (!head) {
        this.#last = { files: [] };
        return this.#last;
      }
      if (this.#last?.head === head) return this.#last;
      const git = this.#git(this.#o.mirrorDir);
      const tree = await this.#listTree(git, head);
      await this.#readBlobs(tree.map(t => t.blobSha));
      await this.#updateCommits(git, head);
      this.#blobs = new Map(
        tree.map(t => [t.blobSha, this.#blobs.get(t.blobSha)!]),
      );
      this.#last = {
        head,
        files: tree.map(t => {
          const commit = this.#commits.get(t.path);
          return {
            ...t,
            content: this.#blobs.get(t.blobSha)!,
            commitSha: commit?.sha,
            committedAt: commit?.at,
          };
        }),
      };
      return this.#last;
    });
  }

  /**
   * The report of one analysis. Looks in the last snapshot first and fetches only when the report
   * is not there yet (just published by another replica, or never read).
   */
  async find(analysisId: string): Promise<ReportFile | undefined> {
    const suffix = `-${slug(analysisId, 40)}.md`;
    const match = (s?: ReportSnapshot) =>
      s?.files.find(f => f.path.endsWith(suffix));
    return match(this.#last) ?? match(await this.snapshot());
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    return withLock(resolve(this.#o.mirrorDir), fn).catch(e => {
      throw this.#access.fail(
        ReportRepositoryError,
        'reading the reports repository failed',
        e,
      );
    });
  }

  #git(baseDir?: string): SimpleGit {
    return this.#access.git(baseDir, { timeout: { block: 120_000 } });
  }

  /** Fetches the branch into the mirror; undefined when there is nothing to read yet. */
  async #fetch(): Promise<string | undefined> {
    const local = isLocalPath(this.#o.url);
    const source = local ? resolve(this.#o.url) : this.#o.url;
    if (local) {
      try {
        await access(join(source, 'HEAD'));
      } catch {
        try {
          await access(join(source, '.git'));
        } catch {
          // The embedded repository is created by the first publication.
          return undefined;
        }
      }
    }
    const dir = this.#o.mirrorDir;
    try {
      await access(join(dir, 'HEAD'));
    } catch {
      await mkdir(dir, { recursive: true });
      await this.#git(dir).raw(['init', '--bare']);
    }
    const git = this.#git(dir);
    const ref = `refs/heads/${this.#o.branch}`;
    try {
      await git.raw([
        'fetch',
        '--no-tags',
        '--prune',
        source,
        `+${ref}:${ref}`,
      ]);
    } catch (e) {
      if (/couldn't find remote ref/i.test(String((e as Error)?.message)))
        return undefined;
      throw e;
    }
    return (await git.revparse([ref])).trim();
  }

  async #listTree(
    git: SimpleGit,
    head: string,
  ): Promise<{ path: string; blobSha: string }[]> {
    const out = await git.raw([
      'ls-tree',
      '-r',
      '-z',
      '--full-tree',
      head,
      '--',
      `${this.directory}/`,
    ]);
    const files: { path: string; blobSha: string }[] = [];
    for (const entry of out.split('\0')) {
      // "<mode> blob <sha>\t<path>"
      const tab = entry.indexOf('\t');
      if (tab < 0) continue;
      const [, type, sha] = entry.slice(0, tab).split(' ');
      const path = entry.slice(tab + 1);
      if (type === 'blob' && path.endsWith('.md'))
        files.push({ path, blobSha: sha });
    }
    return files;
  }

  /** Reads blobs not seen before with one `git cat-file --batch`. */
  async #readBlobs(shas: string[]): Promise<void> {
    const wanted = [...new Set(shas.filter(s => !this.#blobs.has(s)))];
    if (!wanted.length) return;
    const output = await new Promise<Buffer>((ok, fail) => {
      const child = spawn('git', ['cat-file', '--batch'], {
        cwd: this.#o.mirrorDir,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const chunks: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', c => chunks.push(c));
      child.stderr.on('data', c => (stderr += c));
      child.on('error', fail);
      child.on('close', code =>
        code === 0
          ? ok(Buffer.concat(chunks))
          : fail(new Error(`git cat-file exited ${code}: ${stderr.trim()}`)),
      );
      child.stdin.end(`${wanted.join('\n')}\n`);
    });
    let at = 0;
    for (const sha of wanted) {
      const eol = output.indexOf(10, at);
      const header = output.toString('utf8', at, eol).split(' ');
      if (header[1] !== 'blob')
        throw new Error(`git cat-file: ${header.join(' ')}`);
      const size = Number(header[2]);
      this.#blobs.set(sha, output.toString('utf8', eol + 1, eol + 1 + size));
      at = eol + 1 + size + 1;
    }
  }

  /** Last commit per path, from the commits since the previous head (all of them on a rewrite). */
  async #updateCommits(git: SimpleGit, head: string): Promise<void> {
    let range = head;
    if (this.#logHead) {
      const ancestor = await git
        .raw(['merge-base', '--is-ancestor', this.#logHead, head])
        .then(
          () => true,
          () => false,
        );
      if (ancestor) range = `${this.#logHead}..${head}`;
      else this.#commits.clear();
    }
    const out = await git.raw([
      'log',
      '--format=@@%H %cI',
      '--name-only',
      '--no-renames',
      range,
      '--',
      `${this.directory}/`,
    ]);
    const seen = new Set<string>();
    let current: { sha: string; at: string } | undefined;
    for (const line of out.split('\n')) {
      if (line.startsWith('@@')) {
        const [sha, at] = line.slice(2).split(' ');
        current = { sha, at };
      } else if (line && current && !seen.has(line)) {
        // Newest first: the first commit listed for a path is its last change.
        seen.add(line);
        this.#commits.set(line, current);
      }
    }
    this.#logHead = head;
  }
}
