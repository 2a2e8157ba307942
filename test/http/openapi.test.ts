import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

describe('API documentation', () => {
  it('serves an OpenAPI document generated from the route schemas', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/api/v1/contacts', '/api/v1/contacts/{id}', '/api/v1/contacts/batch', '/api/v1/fields', '/api/v1/fields/{alias}', '/api/v1/statuses', '/api/v1/users', '/api/v1/tokens', '/api/v1/auth/sign-in', '/healthz']) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
    const create = doc.paths['/api/v1/fields'].post;
    assert.ok(create.requestBody.content['application/json'].schema.properties.type.enum.includes('multiselect'));
    assert.ok(doc.paths['/api/v1/contacts'].get.parameters.some((p: { name: string }) => p.name === 'sort'));
    assert.deepEqual(doc.paths['/api/v1/auth/sign-in'].post.security, [], 'sign-in needs no credentials');
    assert.ok(doc.components.securitySchemes.bearer);
  });

  it('documents the multipart forms of the import routes, the file as binary and required', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const form = doc.paths['/api/v1/imports'].post.requestBody.content['multipart/form-data'].schema;
    assert.deepEqual(form.required, ['file']);
    assert.equal(form.properties.file.format, 'binary');
    for (const name of ['delimiter', 'encoding', 'mapping', 'defaults', 'on_match', 'overwrite_blank']) assert.ok(form.properties[name]?.description, name);
    const preview = doc.paths['/api/v1/imports/preview'].post.requestBody.content['multipart/form-data'].schema;
    assert.deepEqual(Object.keys(preview.properties), ['file', 'delimiter', 'enclosure', 'escape', 'encoding']);
  });

  it('serves a browsable docs page', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /html/);
    assert.match(res.body, /swagger/i);
  });
});

describe('health', () => {
  it('answers 200 while the database answers', async () => {
    const res = await t.request({ method: 'GET', url: '/healthz', as: null });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });
});
