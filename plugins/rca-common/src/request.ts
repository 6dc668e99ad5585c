import { z } from 'zod';

// Control, format (zero-width, bidi override) and line/paragraph separators: keys show in logs and UIs.
const PRINTABLE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u;

/**
 * Body of `POST /api/rca/v1/analyses`.
 *
 * @public
 */
export const analysisRequestSchema = z
  .object({
    entityRef: z.string().min(1).max(512),
    window: z.union([
      z.object({ from: z.string().min(1), to: z.string().min(1) }).strict(),
      z.object({ last: z.string().min(1) }).strict(),
    ]),
    title: z.string().max(200).optional(),
    notes: z.string().max(10_000).optional(),
    incidentKey: z
      .string()
      .min(1)
      .max(200, 'at most 200 characters')
      .regex(PRINTABLE, 'expected printable text without control characters')
      .optional(),
    publish: z.boolean().optional(),
  })
  .strict();

/** @public */
export type AnalysisRequest = z.infer<typeof analysisRequestSchema>;

/** @public */
export type AnalysisStatus = 'queued' | 'running' | 'completed' | 'failed';

/** @public */
export interface AnalysisProgress {
  at: string;
  step: string;
  message: string;
  level?: 'info' | 'warn';
}

/** @public */
export interface AnalysisLinks {
  self: string;
  markdown: string;
  entity?: string;
  commit?: string;
  report?: string;
}

/**
 * Formats a zod error so the caller sees the field at fault first, e.g. `window.last: Required`.
 *
 * @public
 */
export function describeSchemaError(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      const field = issue.path.map(String).join('.').slice(0, 80);
      // Messages may quote the input (unknown keys): keep the error body short.
      const message =
        issue.message.length > 200
          ? `${issue.message.slice(0, 200)}…`
          : issue.message;
      return field ? `${field}: ${message}` : message;
    })
    .join('; ');
}
