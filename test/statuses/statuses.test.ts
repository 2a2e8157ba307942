import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

interface Status {
  id: number;
  name: string;
  description: string;
  color: string | null;
  order: number;
  created_at: string;
  updated_at: string;
}

async function createStatus(payload: Record<string, unknown>): Promise<Status> {
  const res = await t.request({ method: 'POST', url: '/api/v1/statuses', payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().status;
}

async function listStatuses(): Promise<Status[]> {
  const res = await t.request({ method: 'GET', url: '/api/v1/statuses' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().total, res.json().statuses.length);
  return res.json().statuses;
}

describe('statuses CRUD', () => {
  it('creates a status with defaults, and reads it back', async () => {
    const status = await createStatus({ name: 'Lead' });
    assert.equal(status.name, 'Lead');
    assert.equal(status.description, '');
    assert.equal(status.color, null);
    assert.equal(status.order, 0);
    assert.ok(Date.parse(status.created_at));

    const res = await t.request({ method: 'GET', url: `/api/v1/statuses/${status.id}` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().status, status);
    const row = await t.db.selectFrom('statuses').selectAll().where('id', '=', status.id).executeTakeFirstOrThrow();
    assert.equal(row.name, 'Lead');
  });

  it('creates a status with every field, trimming the name', async () => {
    const status = await createStatus({ name: '  Customer  ', description: 'Paid at least once', color: '#1A2b3C', order: 7 });
    assert.deepEqual(
      { name: status.name, description: status.description, color: status.color, order: status.order },
      { name: 'Customer', description: 'Paid at least once', color: '#1A2b3C', order: 7 },
    );
  });

  it('lists statuses ordered by order, then name', async () => {
    const names = ['Sort C', 'Sort A', 'Sort B', 'Sort D'];
    const orders = [500, 900, 900, 100];
    for (let i = 0; i < names.length; i++) await createStatus({ name: names[i], order: orders[i] });
    const listed = (await listStatuses()).filter((s) => s.name.startsWith('Sort '));
    assert.deepEqual(listed.map((s) => s.name), ['Sort D', 'Sort C', 'Sort A', 'Sort B']);

    const all = await listStatuses();
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      assert.ok(a.order < b.order || (a.order === b.order && a.name.localeCompare(b.name) <= 0), `${a.name} before ${b.name}`);
    }
  });

  it('PATCH changes only what is sent; color null clears the color', async () => {
    const status = await createStatus({ name: 'Patch me', description: 'Before', color: '#ff8800', order: 3 });
    const renamed = await t.request({ method: 'PATCH', url: `/api/v1/statuses/${status.id}`, payload: { name: 'Patched' } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().status.name, 'Patched');
    assert.equal(renamed.json().status.description, 'Before');
    assert.equal(renamed.json().status.color, '#ff8800');
    assert.equal(renamed.json().status.order, 3);
    assert.ok(renamed.json().status.updated_at >= status.updated_at);

    const cleared = await t.request({ method: 'PATCH', url: `/api/v1/statuses/${status.id}`, payload: { color: null, order: 4, description: 'After' } });
    assert.equal(cleared.statusCode, 200, cleared.body);
    const row = await t.db.selectFrom('statuses').selectAll().where('id', '=', status.id).executeTakeFirstOrThrow();
    assert.deepEqual({ name: row.name, color: row.color, position: row.position, description: row.description }, { name: 'Patched', color: null, position: 4, description: 'After' });

    const empty = await t.request({ method: 'PATCH', url: `/api/v1/statuses/${status.id}`, payload: {} });
    assert.equal(empty.statusCode, 200);
    assert.equal(empty.json().status.name, 'Patched');
  });

  it('a PATCH that keeps the name, in another case, is not a clash with itself', async () => {
    const status = await createStatus({ name: 'Warm' });
    const res = await t.request({ method: 'PATCH', url: `/api/v1/statuses/${status.id}`, payload: { name: 'WARM' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status.name, 'WARM');
  });

  it('DELETE removes the status and clears it from contacts', async () => {
    const status = await createStatus({ name: 'Doomed' });
    const contact = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Has status', status: status.id } })).json().contact;
    assert.equal(contact.status, status.id);

    const res = await t.request({ method: 'DELETE', url: `/api/v1/statuses/${status.id}` });
    assert.equal(res.statusCode, 204);
    assert.equal(await t.db.selectFrom('statuses').select('id').where('id', '=', status.id).executeTakeFirst(), undefined);
    assert.ok(!(await listStatuses()).some((s) => s.id === status.id));
    const after = await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
    assert.equal(after.statusCode, 200);
    assert.equal(after.json().contact.status, null);
  });
});

describe('status rules', () => {
  it('refuses a duplicate name, whatever its case: 409 naming name', async () => {
    const first = await createStatus({ name: 'Prospect' });
    for (const name of ['Prospect', 'prospect', ' PROSPECT ']) {
      const res = await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name } });
      assert.equal(res.statusCode, 409, name);
      assert.equal(res.json().error.code, 'conflict');
      assert.ok(res.json().error.fields.name);
    }
    const other = await createStatus({ name: 'Partner' });
    const clash = await t.request({ method: 'PATCH', url: `/api/v1/statuses/${other.id}`, payload: { name: 'PROSPECT' } });
    assert.equal(clash.statusCode, 409);
    assert.ok(clash.json().error.fields.name);
    const rows = await t.db.selectFrom('statuses').select(['id', 'name']).where('id', 'in', [first.id, other.id]).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.name), ['Prospect', 'Partner']);
  });

  it('refuses a bad color: 400 naming color', async () => {
    for (const color of ['red', '#fff', '#12345g', 'ff8800', '#ff88001', 42]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name: `Colored ${color}`, color } });
      assert.equal(res.statusCode, 400, `${color}: ${res.body}`);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.ok(res.json().error.fields.color, `${color}: ${res.body}`);
    }
    const status = await createStatus({ name: 'Recolor' });
    const res = await t.request({ method: 'PATCH', url: `/api/v1/statuses/${status.id}`, payload: { color: 'blue' } });
    assert.equal(res.statusCode, 400);
    assert.ok(res.json().error.fields.color);
    const rows = await t.db.selectFrom('statuses').select('id').where('name', 'like', 'Colored%').execute();
    assert.equal(rows.length, 0);
  });

  it('refuses a missing, blank or unknown field, naming it', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'Negative', order: -1 }, 'order'],
      [{ name: 'Fraction', order: 1.5 }, 'order'],
      [{ name: 'Extra', position: 1 }, 'position'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.request({ method: 'POST', url: '/api/v1/statuses', payload });
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      assert.ok(res.json().error.fields[field], `${JSON.stringify(payload)} names ${field}: ${res.body}`);
    }
    const status = await createStatus({ name: 'Not blank' });
    const blank = await t.request({ method: 'PATCH', url: `/api/v1/statuses/${status.id}`, payload: { name: ' ' } });
    assert.equal(blank.statusCode, 400, blank.body);
    assert.ok(blank.json().error.fields.name);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/statuses/${status.id}` })).json().status.name, 'Not blank');
  });

  it('answers 404 for an unknown id on get, patch and delete', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.request({ method, url: '/api/v1/statuses/99999999', payload: method === 'PATCH' ? { name: 'Ghost' } : undefined });
      assert.equal(res.statusCode, 404, method);
      assert.equal(res.json().error.code, 'not_found');
      assert.equal(typeof res.json().error.message, 'string');
    }
    const status = await createStatus({ name: 'Deleted twice' });
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/statuses/${status.id}` })).statusCode, 204);
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/statuses/${status.id}` })).statusCode, 404);
    const bad = await t.request({ method: 'GET', url: '/api/v1/statuses/abc' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.fields.id);
  });

  it('a plain user can read statuses but not change them', async () => {
    const user = await t.user();
    const status = await createStatus({ name: 'Readable' });
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/statuses', as: user })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/statuses/${status.id}`, as: user })).statusCode, 200);
    for (const [method, url] of [['POST', '/api/v1/statuses'], ['PATCH', `/api/v1/statuses/${status.id}`], ['DELETE', `/api/v1/statuses/${status.id}`]] as const) {
      const res = await t.request({ method, url, as: user, payload: method === 'DELETE' ? undefined : { name: 'By user' } });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.equal(res.json().error.code, 'forbidden');
    }
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/statuses/${status.id}` })).json().status.name, 'Readable');
  });
});
