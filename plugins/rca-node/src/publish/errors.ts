import { CustomErrorBase } from '@backstage/errors';

// The message carries the cause's text with credentials scrubbed: the cause itself is not kept,
// as it may quote them (simple-git errors quote the command line).

/** Committing or pushing a report failed. */
export class GitPublishError extends CustomErrorBase {
  name = 'GitPublishError' as const;
}

/** Reading the reports repository failed. */
export class ReportRepositoryError extends CustomErrorBase {
  name = 'ReportRepositoryError' as const;
}
