import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestApp, TestUser } from '../helpers/app.js';

export type Part = string | { readonly filename: string; readonly content: string | Buffer };

/** A multipart/form-data body as curl -F sends it. */
export function multipart(parts: Record<string, Part>) {
  const boundary = `----cb${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, part] of Object.entries(parts)) {
    const head = typeof part === 'string'
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${part.filename}"\r\nContent-Type: text/csv\r\n\r\n`;
    chunks.push(Buffer.from(head), Buffer.from(typeof part === 'string' ? part : part.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function csvFile(content: string | Buffer, filename = 'contacts.csv'): Part {
  return { filename, content };
}

/** POSTs an import and answers the response. */
export function postImport(t: TestApp, parts: Record<string, Part>, as?: TestUser, url = '/api/v1/imports') {
  const body = multipart(parts);
  return t.request({ method: 'POST', url, payload: body.payload, headers: body.headers, as });
}

/** Waits for a job to end; answers it as GET /api/v1/jobs/:id shows it. */
export async function waitForJob(t: TestApp, id: number, as?: TestUser) {
  for (let i = 0; i < 400; i++) {
    const res = await t.request({ method: 'GET', url: `/api/v1/jobs/${id}`, as });
    assert.equal(res.statusCode, 200, res.body);
    const job = res.json().job;
    if (['succeeded', 'failed', 'cancelled'].includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} did not end`);
}

/** Imports a file and waits for its job to succeed. */
export async function importCsv(t: TestApp, content: string | Buffer, options: Record<string, string> = {}, as?: TestUser) {
  const res = await postImport(t, { file: csvFile(content), ...options }, as);
  assert.equal(res.statusCode, 202, res.body);
  const job = await waitForJob(t, res.json().job.id, as);
  assert.equal(job.state, 'succeeded', job.error ?? undefined);
  return job;
}
