import {
  parseReportMarkdown,
  type RcaReport,
} from '@internal/plugin-rca-common';
import {
  type ReportFile,
  type ReportRepository,
  slug,
} from '@internal/plugin-rca-node';

/** A report already on the reports branch. */
export interface CommittedReport {
  file: ReportFile;
  /** Its front matter; undefined when the file does not parse. */
  report?: RcaReport;
  /** Web links of the file and commit, when the repository has a browse URL. */
  links: { report?: string; commit?: string };
}

/**
 * The reports already committed, looked up by incident key (front matter) or analysis id (file
 * name). The runner asks before each publication, so an incident posted again, after the analyses
 * table was lost or after a run interrupted between push and bookkeeping, is not committed twice.
 */
export class CommittedReports {
  readonly #repository: Pick<ReportRepository, 'snapshot' | 'links'>;
  /** Parsed front matter by blob: each file is parsed once per process. */
  readonly #parsed = new Map<string, RcaReport | undefined>();

  constructor(repository: Pick<ReportRepository, 'snapshot' | 'links'>) {
    this.#repository = repository;
  }

  async find(q: {
    incidentKey: string;
    analysisId: string;
  }): Promise<CommittedReport | undefined> {
    const { files } = await this.#repository.snapshot();
    const byId = `-${slug(q.analysisId, 40)}.md`;
    for (const file of files) {
      const report = this.#parse(file);
      if (file.path.endsWith(byId) || report?.incidentKey === q.incidentKey) {
        const web = this.#repository.links(file.path, file.commitSha);
        return {
          file,
          report,
          links: { report: web.file, commit: web.commit },
        };
      }
    }
    return undefined;
  }

  #parse(file: ReportFile): RcaReport | undefined {
    if (!this.#parsed.has(file.blobSha)) {
      let report: RcaReport | undefined;
      try {
        report = parseReportMarkdown(file.content).report;
      } catch {
        // A file that is not a report cannot be the one looked for.
      }
      this.#parsed.set(file.blobSha, report);
    }
    return this.#parsed.get(file.blobSha);
  }
}
