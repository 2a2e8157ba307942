import type { ExportFormat } from './formats.js';

/** What a finished export job answers as its result (GET /api/v1/jobs/{id}). */
export interface ExportResult {
  readonly rows: number;
  readonly format: ExportFormat;
  readonly filename: string;
  /** Downloads the file, for the user who made the export only. */
  readonly file_url: string;
  readonly expires_at: string;
  /** Set once the link has expired and the file is deleted. */
  readonly expired?: boolean;
}

export function presentExportResult(jobId: number, rows: number, format: ExportFormat, filename: string, expiresAt: Date): ExportResult & Record<string, unknown> {
  return { rows, format, filename, file_url: `/api/v1/exports/${jobId}/file`, expires_at: expiresAt.toISOString() };
}
