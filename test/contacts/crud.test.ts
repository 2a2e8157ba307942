import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

describe('contacts CRUD', () => {
  it('creates a contact and reads it back as one flat object', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: {
      firstname: 'Ada', lastname: 'Lovelace', email: '  Ada@Example.COM ', birthday: '1990-12-10', country: 'gb', points: 5,
    } });
    assert.equal(created.statusCode, 201, created.body);
    const contact = created.json().contact;
    assert.equal(created.headers.location, `/api/v1/contacts/${contact.id}`);
    assert.equal(contact.email, 'Ada@Example.COM');
    assert.equal(contact.country, 'United Kingdom');
    assert.equal(contact.full_name, 'Ada Lovelace');
    assert.equal(typeof contact.age, 'number');
    assert.equal(contact.anonymous, false);
    assert.ok(contact.identified_at);
    assert.equal(contact.created_by, t.admin.id);
    assert.equal(contact.points, 5);

    const timeline = (await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}/events` })).json().events;
    assert.deepEqual(timeline.map((e: { type: string }) => e.type).sort(), ['contact.created', 'contact.identified', 'points.changed']);

    const fetched = await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
    assert.equal(fetched.statusCode, 200);
    assert.deepEqual(fetched.json().contact, contact);
  });

  it('a contact without an email is anonymous', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Nobody' } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().contact.anonymous, true);
    assert.equal(res.json().contact.identified_at, null);
  });

  it('PATCH changes only what is sent; PUT clears the rest', async () => {
    const { contact } = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Grace', lastname: 'Hopper', city: 'New York' } })).json();
    const patched = await t.request({ method: 'PATCH', url: `/api/v1/contacts/${contact.id}`, payload: { city: 'Arlington' } });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json().contact.firstname, 'Grace');
    assert.equal(patched.json().contact.city, 'Arlington');

    const replaced = await t.request({ method: 'PUT', url: `/api/v1/contacts/${contact.id}`, payload: { firstname: 'Grace B.' } });
    assert.equal(replaced.statusCode, 200);
    assert.equal(replaced.json().contact.firstname, 'Grace B.');
    assert.equal(replaced.json().contact.lastname, null);
    assert.equal(replaced.json().contact.city, null);
    assert.equal(replaced.json().contact.points, 0);
  });

  it('DELETE removes the contact; a second DELETE is 404', async () => {
    const { contact } = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Temp' } })).json();
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/contacts/${contact.id}` })).statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` })).statusCode, 404);
    const again = await t.request({ method: 'DELETE', url: `/api/v1/contacts/${contact.id}` });
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().error.code, 'not_found');
  });

  it('refuses a second contact with the same email, whatever its case, naming the holder', async () => {
    const first = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { email: 'dup@example.org' } })).json().contact;
    const second = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { email: ' DUP@example.org' } });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.existing_id, first.id);
    assert.match(second.json().error.fields.email, new RegExp(String(first.id)));

    const other = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { email: 'other@example.org' } })).json().contact;
    const clash = await t.request({ method: 'PATCH', url: `/api/v1/contacts/${other.id}`, payload: { email: 'Dup@Example.org' } });
    assert.equal(clash.statusCode, 409);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/contacts/${other.id}` })).json().contact.email, 'other@example.org');
  });

  it('sets owner and status by id and refuses unknown ones', async () => {
    const status = (await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name: 'VIP' } })).json().status;
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Owned', owner: t.admin.id, status: status.id } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().contact.owner, t.admin.id);
    assert.equal(res.json().contact.status, status.id);

    const bad = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'X', owner: 999999 } });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.fields.owner);

    await t.request({ method: 'DELETE', url: `/api/v1/statuses/${status.id}` });
    const after = await t.request({ method: 'GET', url: `/api/v1/contacts/${res.json().contact.id}` });
    assert.equal(after.json().contact.status, null);
  });
});
