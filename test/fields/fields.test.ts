import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

async function createField(payload: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/v1/fields', payload });
}

async function createContact(payload: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/v1/contacts', payload });
}

describe('field registry', () => {
  it('lists the built-in fields with their settings; email is the unique identifier', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/fields' });
    assert.equal(res.statusCode, 200);
    const fields = res.json().fields as { alias: string; builtin: boolean; unique_identifier: boolean; publicly_updatable: boolean; type: string }[];
    const aliases = fields.map((f) => f.alias);
    for (const alias of ['title', 'firstname', 'middlename', 'lastname', 'email', 'gender', 'birthday', 'phone', 'business_phone', 'mobile', 'fax', 'company', 'position', 'address1', 'address2', 'city', 'state', 'zipcode', 'country', 'timezone', 'preferred_locale', 'website', 'facebook', 'twitter', 'linkedin', 'instagram', 'status', 'owner', 'stage', 'points']) {
      assert.ok(aliases.includes(alias), `missing built-in ${alias}`);
    }
    assert.ok(fields.every((f) => f.builtin));
    assert.deepEqual(fields.filter((f) => f.unique_identifier).map((f) => f.alias), ['email']);
    assert.ok(fields.every((f) => !f.publicly_updatable), 'no field is publicly updatable by default');
  });

  it('creates a custom field with an alias derived from the label, and contacts take its values', async () => {
    const res = await createField({ label: 'Shoe size (EU)', type: 'number' });
    assert.equal(res.statusCode, 201, res.body);
    const field = res.json().field;
    assert.equal(field.alias, 'shoe_size_eu');
    assert.equal(field.builtin, false);

    const contact = await createContact({ firstname: 'Custom', shoe_size_eu: '42.5' });
    assert.equal(contact.statusCode, 201, contact.body);
    assert.equal(contact.json().contact.shoe_size_eu, 42.5);

    const bad = await createContact({ shoe_size_eu: 'big' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.fields.shoe_size_eu);
  });

  it('derives unique aliases and refuses explicit clashes, reserved names and bad patterns', async () => {
    const first = (await createField({ label: 'Région préférée', type: 'text' })).json().field;
    const second = (await createField({ label: 'Région préférée', type: 'text' })).json().field;
    assert.equal(first.alias, 'region_preferee');
    assert.equal(second.alias, 'region_preferee1');

    const clash = await createField({ alias: 'region_preferee', label: 'X', type: 'text' });
    assert.equal(clash.statusCode, 409);
    assert.ok(clash.json().error.fields.alias);

    for (const alias of ['id', 'created_at', 'full_name', 'anonymous']) {
      const reserved = await createField({ alias, label: 'X', type: 'text' });
      assert.equal(reserved.statusCode, 400, `${alias}: ${reserved.body}`);
      assert.ok(reserved.json().error.fields.alias);
    }
    const builtinClash = await createField({ alias: 'email', label: 'X', type: 'text' });
    assert.equal(builtinClash.statusCode, 409);

    for (const alias of ['Upper', '1abc', 'has-dash', 'a'.repeat(65)]) {
      const bad = await createField({ alias, label: 'X', type: 'text' });
      assert.equal(bad.statusCode, 400, alias);
      assert.ok(bad.json().error.fields.alias, bad.body);
    }
    const unknownType = await createField({ label: 'X', type: 'rainbow' });
    assert.equal(unknownType.statusCode, 400);
    assert.ok(unknownType.json().error.fields.type);
  });

  it('validates and normalises each type', async () => {
    const specs: [string, Record<string, unknown>, unknown, unknown, unknown][] = [
      // type, extra settings, good input, stored value, bad input
      ['text', {}, '  hi  ', 'hi', { a: 1 }],
      ['textarea', {}, 'line1\nline2', 'line1\nline2', 'x'.repeat(70_000)],
      ['email', {}, 'A@B.co', 'A@B.co', 'a@b'],
      ['phone', {}, '+44 20 7946 0958', '+44 20 7946 0958', 'call me'],
      ['url', {}, 'example.com/x', 'https://example.com/x', 'not a url'],
      ['number', {}, '3.25', 3.25, 'three'],
      ['boolean', {}, 'yes', true, 'maybe'],
      ['date', {}, '2024-02-29', '2024-02-29', '2023-02-29'],
      ['datetime', {}, '2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00.000Z', 'yesterday'],
      ['time', {}, '9:05'.padStart(5, '0'), '09:05:00', '25:00'],
      ['select', { options: ['Gold', { value: 'silver', label: 'Silver' }] }, 'SILVER', 'silver', 'bronze'],
      ['multiselect', { options: ['a', 'b', 'c'] }, 'a|c|a', ['a', 'c'], ['a', 'z']],
      ['country', {}, 'de', 'Germany', 'Narnia'],
      ['region', {}, 'Bavaria', 'Bavaria', 7n.toString().repeat(300)],
      ['locale', {}, 'pt-br', 'pt_BR', 'not a locale!'],
      ['timezone', {}, 'europe/prague', 'Europe/Prague', 'Europe/Atlantis'],
      ['lookup', { options: ['Mr'] }, 'Sir', 'Sir', ['x']],
    ];
    for (const [type, extra, good, stored, bad] of specs) {
      const alias = `t_${type}`;
      const created = await createField({ alias, label: `Type ${type}`, type, ...extra });
      assert.equal(created.statusCode, 201, `${type}: ${created.body}`);
      const ok = await createContact({ [alias]: good });
      assert.equal(ok.statusCode, 201, `${type}: ${ok.body}`);
      assert.deepEqual(ok.json().contact[alias], stored, type);
      const refused = await createContact({ [alias]: bad });
      assert.equal(refused.statusCode, 400, `${type} accepted ${JSON.stringify(bad)}`);
      assert.ok(refused.json().error.fields[alias], `${type}: ${refused.body}`);
    }
  });

  it('a select needs options, and options must be distinct', async () => {
    const none = await createField({ label: 'Tier', type: 'select' });
    assert.equal(none.statusCode, 400);
    assert.ok(none.json().error.fields.options);
    const twice = await createField({ label: 'Tier', type: 'select', options: ['a', 'a'] });
    assert.equal(twice.statusCode, 400);
  });

  it('default values fill new contacts and are validated', async () => {
    const bad = await createField({ label: 'Level', type: 'number', default_value: 'high' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.fields.default_value);
    assert.equal((await createField({ alias: 'level', label: 'Level', type: 'number', default_value: 3 })).statusCode, 201);
    const contact = (await createContact({ firstname: 'Defaulted' })).json().contact;
    assert.equal(contact.level, 3);
    const explicit = (await createContact({ firstname: 'Explicit', level: 9 })).json().contact;
    assert.equal(explicit.level, 9);
  });

  it('required fields must be filled', async () => {
    assert.equal((await createField({ alias: 'must', label: 'Must', type: 'text', required: true })).statusCode, 201);
    const missing = await createContact({ firstname: 'No must' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.fields.must, 'is required');
    const created = await createContact({ firstname: 'Has must', must: 'yes' });
    assert.equal(created.statusCode, 201);
    const cleared = await t.request({ method: 'PATCH', url: `/api/v1/contacts/${created.json().contact.id}`, payload: { must: null } });
    assert.equal(cleared.statusCode, 400);
    await t.request({ method: 'PATCH', url: '/api/v1/fields/must', payload: { required: false } });
  });

  it('alias and type cannot change; settings can', async () => {
    await createField({ alias: 'mood', label: 'Mood', type: 'text' });
    const renamed = await t.request({ method: 'PATCH', url: '/api/v1/fields/mood', payload: { alias: 'feeling' } });
    assert.equal(renamed.statusCode, 400);
    assert.ok(renamed.json().error.fields.alias);
    const retyped = await t.request({ method: 'PATCH', url: '/api/v1/fields/mood', payload: { type: 'number' } });
    assert.equal(retyped.statusCode, 400);
    const changed = await t.request({ method: 'PATCH', url: '/api/v1/fields/mood', payload: { label: 'Current mood', group: 'personal', order: 99, publicly_updatable: true, quick_add: true } });
    assert.equal(changed.statusCode, 200, changed.body);
    const field = (await t.request({ method: 'GET', url: '/api/v1/fields/mood' })).json().field;
    assert.equal(field.label, 'Current mood');
    assert.equal(field.group, 'personal');
    assert.equal(field.order, 99);
    assert.equal(field.publicly_updatable, true);
    assert.equal(field.quick_add, true);
  });

  it('deleting a custom field removes its values; built-in fields cannot be deleted', async () => {
    await createField({ alias: 'shortlived', label: 'Short lived', type: 'text' });
    const contact = (await createContact({ firstname: 'Holder', shortlived: 'value' })).json().contact;
    assert.equal((await t.request({ method: 'DELETE', url: '/api/v1/fields/shortlived' })).statusCode, 204);
    const row = await t.db.selectFrom('contacts').select('custom').where('id', '=', contact.id).executeTakeFirstOrThrow();
    assert.equal('shortlived' in row.custom, false);
    const read = (await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` })).json().contact;
    assert.equal('shortlived' in read, false);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/fields/shortlived' })).statusCode, 404);

    const builtin = await t.request({ method: 'DELETE', url: '/api/v1/fields/email' });
    assert.equal(builtin.statusCode, 409);
  });

  it('a custom field can be a unique identifier', async () => {
    await createField({ alias: 'customer_no', label: 'Customer number', type: 'text', unique_identifier: true });
    const first = await createContact({ customer_no: 'C-1' });
    assert.equal(first.json().contact.anonymous, false);
    const second = await createContact({ customer_no: 'C-1' });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.existing_id, first.json().contact.id);
    const badType = await createField({ label: 'Flag', type: 'boolean', unique_identifier: true });
    assert.equal(badType.statusCode, 400);
    await t.request({ method: 'PATCH', url: '/api/v1/fields/customer_no', payload: { unique_identifier: false } });
  });
});
