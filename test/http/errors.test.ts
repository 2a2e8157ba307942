import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

function assertErrorShape(body: string, code: string) {
  const json = JSON.parse(body);
  assert.equal(json.error.code, code, body);
  assert.equal(typeof json.error.message, 'string');
  return json.error;
}

async function contactCount() {
  const row = await t.db.selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('bad input gets a clear 4xx and writes nothing', () => {
  it('malformed JSON is 400 invalid_json', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: '{"firstname": "A",', headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 400);
    assertErrorShape(res.body, 'invalid_json');
  });

  it('an empty JSON body is 400', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: '', headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 400);
  });

  it('a body that is not an object is 400 naming the body', async () => {
    for (const payload of ['[1,2]', '"text"', '42', 'null']) {
      const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload, headers: { 'content-type': 'application/json' } });
      assert.equal(res.statusCode, 400, `${payload}: ${res.body}`);
    }
  });

  it('a non-JSON content type is 415', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: 'firstname=A', headers: { 'content-type': 'text/csv' } });
    assert.equal(res.statusCode, 415);
    assertErrorShape(res.body, 'unsupported_media_type');
  });

  it('names every bad field at once: unknown, wrong type, invalid email, bad choices', async () => {
    const before = await contactCount();
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: {
      firstname: 'Ok', nosuchfield: 1, email: 'not-an-email', birthday: '2020-02-30', country: 'Atlantis',
      timezone: 'Mars/Olympus', gender: 'robot', points: 1.5, website: 'javascript:alert(1)', lastname: { a: 1 },
    } });
    assert.equal(res.statusCode, 400);
    const error = assertErrorShape(res.body, 'validation_failed');
    for (const field of ['nosuchfield', 'email', 'birthday', 'country', 'timezone', 'gender', 'points', 'website', 'lastname']) {
      assert.ok(error.fields[field], `expected an error for ${field}: ${res.body}`);
    }
    assert.equal(await contactCount(), before);
  });

  it('refuses NUL characters and over-long text instead of failing in the database', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'a\u0000b', lastname: 'x'.repeat(300) } });
    assert.equal(res.statusCode, 400);
    const error = assertErrorShape(res.body, 'validation_failed');
    assert.ok(error.fields.firstname);
    assert.ok(error.fields.lastname);
  });

  it('an oversized body is 413', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: JSON.stringify({ firstname: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 413);
    assertErrorShape(res.body, 'payload_too_large');
  });

  it('ids out of range or not numeric are 400, unknown ids 404', async () => {
    for (const id of ['abc', '0', '-1', '99999999999999999999', '1.5']) {
      const res = await t.request({ method: 'GET', url: `/api/v1/contacts/${id}` });
      assert.equal(res.statusCode, 400, `${id}: ${res.body}`);
      assert.ok(assertErrorShape(res.body, 'validation_failed').fields.id);
    }
    const missing = await t.request({ method: 'GET', url: '/api/v1/contacts/987654321' });
    assert.equal(missing.statusCode, 404);
    assertErrorShape(missing.body, 'not_found');
  });

  it('bad query parameters are 400 naming them', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['limit=100000', 'limit'], ['offset=-5', 'offset'], ['sort=nosuch', 'sort']]) {
      const res = await t.request({ method: 'GET', url: `/api/v1/contacts?${query}` });
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.ok(assertErrorShape(res.body, 'validation_failed').fields[field], res.body);
    }
  });

  it('prototype-polluting keys are refused, not merged', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: '{"firstname":"P","__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 400);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
  });

  it('unknown routes get the same error shape', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/nope' });
    assert.equal(res.statusCode, 404);
    assertErrorShape(res.body, 'route_not_found');
  });

  it('a request with an empty Expect header (PHP curl) is served, not refused with 417', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', path: '/api/v1/contacts?limit=1', headers: { expect: '', authorization: `Bearer ${t.admin.token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);
  });
});

describe('fuzzed payloads never produce a 500', () => {
  it('random values for every built-in field answer 201 or 400', async () => {
    const fields = (await t.request({ method: 'GET', url: '/api/v1/fields' })).json().fields as { alias: string }[];
    const samples: unknown[] = [null, '', ' ', 0, -1, 1e308, 'x'.repeat(256), true, [], [1, 'a'], {}, { nested: [1] }, '2024-13-45', '\u0000', '\ud800', '💥', '<script>alert(1)</script>', '1', 'NaN', '+1 (555) 010-9999'];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 150; round++) {
      const payload: Record<string, unknown> = {};
      for (const { alias } of fields) if (random() < 0.3) payload[alias] = samples[Math.floor(random() * samples.length)];
      const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload });
      assert.ok([201, 400, 409].includes(res.statusCode), `${res.statusCode} for ${JSON.stringify(payload)}: ${res.body}`);
    }
  });
});
