import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { TestApp, TestUser } from '../helpers/app.js';

/** Starts an export through the API, waits for its job and answers the job. */
export async function runExport(t: TestApp, body: Record<string, unknown>, as: TestUser = t.admin) {
  const res = await t.request({ method: 'POST', url: '/api/v1/exports', payload: body, as });
  assert.equal(res.statusCode, 202, res.body);
  const { job } = res.json();
  assert.equal(res.headers.location, `/api/v1/jobs/${job.id}`);
  for (let i = 0; i < 400; i++) {
    const state = (await t.request({ method: 'GET', url: `/api/v1/jobs/${job.id}`, as })).json().job;
    if (state.state === 'succeeded') return state;
    assert.ok(['queued', 'running'].includes(state.state), `export ${state.state}: ${state.error}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`export job ${job.id} did not finish`);
}

export async function download(t: TestApp, job: { result: { file_url: string } }, as: TestUser = t.admin) {
  const res = await t.request({ method: 'GET', url: job.result.file_url, as });
  assert.equal(res.statusCode, 200, res.body);
  return res;
}

/** Exports to CSV and answers the file's text and its records (header first). */
export async function exportCsv(t: TestApp, body: Record<string, unknown> = {}, as: TestUser = t.admin) {
  const job = await runExport(t, { format: 'csv', ...body }, as);
  const res = await download(t, job, as);
  const records: string[][] = parse(res.body, { relaxColumnCount: false });
  return { job, res, text: res.body, header: records[0], rows: records.slice(1) };
}

export async function createContact(t: TestApp, values: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: values });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().contact as Record<string, unknown> & { id: number };
}

export async function createField(t: TestApp, body: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: '/api/v1/fields', payload: body });
  assert.equal(res.statusCode, 201, res.body);
}

export async function tag(t: TestApp, id: number, names: string[]) {
  const res = await t.request({ method: 'POST', url: `/api/v1/contacts/${id}/tags`, payload: { add: names } });
  assert.equal(res.statusCode, 200, res.body);
}

/** Imports a CSV through POST /api/v1/imports (multipart, as curl -F sends it) and waits for its job. */
export async function importThroughApi(t: TestApp, csv: string, fields: Record<string, string> = {}) {
  const boundary = '----contactbase-export-test';
  const parts = [
    ...Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
    `--${boundary}--\r\n`,
  ];
  const res = await t.request({
    method: 'POST', url: '/api/v1/imports', payload: Buffer.from(parts.join('')),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  assert.equal(res.statusCode, 202, res.body);
  for (let i = 0; i < 400; i++) {
    const job = (await t.request({ method: 'GET', url: `/api/v1/jobs/${res.json().job.id}` })).json().job;
    if (job.state === 'succeeded') return job;
    assert.ok(['queued', 'running'].includes(job.state), `import ${job.state}: ${job.error}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import did not finish');
}
