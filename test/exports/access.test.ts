import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { before, describe, it } from 'node:test';
import { sweepExpiredExports } from '../../src/exports/service.js';
import { useTestApp, type TestUser } from '../helpers/app.js';
import { createContact, download, runExport } from './helpers.js';

const t = useTestApp({ EXPORT_TTL_HOURS: '2' });

describe('export downloads and input', () => {
  let owner: TestUser;

  before(async () => {
    owner = await t.user('user');
    await createContact(t, { email: 'one@example.com' });
  });

  it('lets only the user who made an export download it', async () => {
    const job = await runExport(t, { format: 'csv' }, owner);
    assert.equal(job.result.file_url, `/api/v1/exports/${job.id}/file`);
    const expires = Date.parse(job.result.expires_at) - Date.parse(job.finished_at);
    assert.ok(Math.abs(expires - 2 * 3_600_000) < 60_000, 'EXPORT_TTL_HOURS sets the link\'s life');
    assert.match((await download(t, job, owner)).body, /one@example\.com/);

    const stranger = await t.user('user');
    const asStranger = await t.request({ method: 'GET', url: job.result.file_url, as: stranger });
    assert.equal(asStranger.statusCode, 404);
    const asAdmin = await t.request({ method: 'GET', url: job.result.file_url });
    assert.equal(asAdmin.statusCode, 404, 'an admin is not the same user either');
    assert.doesNotMatch(asAdmin.body, /one@example/);
    const signedOut = await t.request({ method: 'GET', url: job.result.file_url, as: null });
    assert.equal(signedOut.statusCode, 401);
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/exports', payload: { format: 'csv' }, as: null })).statusCode, 401);
  });

  it('answers 404 for a job that is not an export, and 409 while an export is not finished', async () => {
    const other = await t.db.insertInto('jobs').values({ kind: 'import', payload: '{}', progress: '{}', created_by: owner.id, state: 'succeeded' }).returning('id').executeTakeFirstOrThrow();
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/exports/${other.id}/file`, as: owner })).statusCode, 404);
    const queued = await t.db.insertInto('jobs').values({ kind: 'export', payload: '{}', progress: '{}', created_by: owner.id, state: 'failed' }).returning('id').executeTakeFirstOrThrow();
    const res = await t.request({ method: 'GET', url: `/api/v1/exports/${queued.id}/file`, as: owner });
    assert.equal(res.statusCode, 409);
    assert.match(res.json().error.message, /failed/);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/exports/99999999/file', as: owner })).statusCode, 404);
  });

  it('answers 410 once the link has expired, and deletes the file', async () => {
    const job = await runExport(t, { format: 'csv' }, owner);
    const file = path.join(t.ctx.jobs.dirOf(job.id), job.result.filename);
    assert.ok(fs.existsSync(file));
    await t.db.updateTable('jobs').set({ result: sql`jsonb_set(result, '{expires_at}', to_jsonb((now() - interval '1 minute')::text))` }).where('id', '=', job.id).execute();
    const res = await t.request({ method: 'GET', url: job.result.file_url, as: owner });
    assert.equal(res.statusCode, 410, res.body);
    assert.equal(res.json().error.code, 'gone');
    assert.ok(!fs.existsSync(file), 'the file is deleted');
    assert.equal((await t.request({ method: 'GET', url: job.result.file_url, as: owner })).statusCode, 410);
  });

  it('deletes expired files in its sweep, and keeps the others', async () => {
    const old = await runExport(t, { format: 'xlsx' }, owner);
    const fresh = await runExport(t, { format: 'csv' }, owner);
    await t.db.updateTable('jobs').set({ result: sql`jsonb_set(result, '{expires_at}', '"2020-01-01T00:00:00.000Z"')` }).where('id', '=', old.id).execute();
    assert.ok(await sweepExpiredExports(t.db, t.ctx.jobs) >= 1);
    assert.ok(!fs.existsSync(t.ctx.jobs.dirOf(old.id)));
    assert.ok(fs.existsSync(path.join(t.ctx.jobs.dirOf(fresh.id), fresh.result.filename)));
    assert.equal(await sweepExpiredExports(t.db, t.ctx.jobs), 0, 'a swept export is not swept again');
    assert.equal((await t.request({ method: 'GET', url: old.result.file_url, as: owner })).statusCode, 410);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const post = (payload: unknown) => t.request({ method: 'POST', url: '/api/v1/exports', payload: payload as object });
    const both = await post({ format: 'csv', search: 'ada', ids: [1] });
    assert.equal(both.statusCode, 400);
    assert.ok(both.json().error.fields.ids);
    const unknown = await post({ format: 'csv', fields: ['email', 'shoe_size'] });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.fields.fields, /"shoe_size"/);
    assert.doesNotMatch(unknown.json().error.fields.fields, /"email"/);
    const format = await post({ format: 'pdf' });
    assert.equal(format.statusCode, 400);
    assert.ok(format.json().error.fields.format);
    const missing = await post({});
    assert.equal(missing.statusCode, 400);
    assert.ok(missing.json().error.fields.format);
    const many = await post({ format: 'csv', ids: Array.from({ length: 100_001 }, (_, i) => i + 1) });
    assert.equal(many.statusCode, 400, many.body);
    assert.ok(many.json().error.fields.ids);
    const badId = await post({ format: 'csv', ids: [0] });
    assert.equal(badId.statusCode, 400);
    const extra = await post({ format: 'csv', segment: 3 });
    assert.equal(extra.statusCode, 400);
    assert.ok(extra.json().error.fields.segment);
    const jobs = await t.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'export').where('created_by', '=', t.admin.id).executeTakeFirstOrThrow();
    assert.equal(Number(jobs.n), 0, 'no job was queued for a bad request');
  });
});
