import fs from 'node:fs';
import path from 'node:path';

export const REPORT_FILE = 'report.csv';

/** One RFC 4180 field: quoted when it holds a delimiter, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly (string | number)[]): string {
  return `${values.map((v) => field(String(v))).join(',')}\r\n`;
}

/**
 * The failed rows of an import, as CSV in the job's folder: the line, the reason, then the
 * row's original values under the file's own headers. Appended chunk by chunk; the size
 * after a chunk is part of that chunk's checkpoint, so a resumed import first cuts off what a
 * chunk that did not commit had written.
 */
export class FailureReport {
  private constructor(readonly file: string, private size: number) {}

  static open(dir: string, headers: readonly string[], resumeAt: number): FailureReport {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, REPORT_FILE);
    if (resumeAt > 0 && fs.existsSync(file) && fs.statSync(file).size >= resumeAt) {
      fs.truncateSync(file, resumeAt);
      return new FailureReport(file, resumeAt);
    }
    const head = `\uFEFF${csvLine(['line', 'reason', ...headers])}`;
    fs.writeFileSync(file, head);
    return new FailureReport(file, Buffer.byteLength(head));
  }

  get bytes(): number {
    return this.size;
  }

  /** Back to `size` bytes: what a transaction that is run again had appended goes. */
  rewind(size: number) {
    if (this.size === size) return;
    fs.truncateSync(this.file, size);
    this.size = size;
  }

  append(rows: readonly { line: number; reason: string; cells: readonly string[] }[]) {
    if (rows.length === 0) return;
    const text = rows.map((r) => csvLine([r.line, r.reason, ...r.cells])).join('');
    fs.appendFileSync(this.file, text);
    this.size += Buffer.byteLength(text);
  }
}
