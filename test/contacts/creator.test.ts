import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertContact } from '../../src/contacts/service.js';
import { deleteUser } from '../../src/users/service.js';
import { useTestApp } from '../helpers/app.js';
import { importCsv } from '../imports/helpers.js';

const t = useTestApp();

const createdBy = async (email: string) =>
  (await t.db.selectFrom('contacts').select('created_by').where('email', '=', email).executeTakeFirstOrThrow()).created_by;

describe('the user who created a contact', () => {
  it('is the one who created it through the API or imported it', async () => {
    const user = await t.user();
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { email: 'made-by-api@example.com' }, as: user });
    assert.equal(res.statusCode, 201, res.body);
    await importCsv(t, 'email\nmade-by-import@example.com\n', {}, user);
    assert.equal(await createdBy('made-by-api@example.com'), user.id);
    assert.equal(await createdBy('made-by-import@example.com'), user.id);
  });

  it('keeps a user from being deleted until the contacts they are creating are written, then clears them', async () => {
    const user = await t.user();
    const fields = await t.ctx.fields.load(t.db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => { inserted = resolve; });
    const writing = t.db.transaction().execute(async (trx) => {
      await insertContact(trx, fields, { columns: { email: 'being-written@example.com' }, custom: {} }, user.id);
      inserted();
      await held;
    });
    await insertedYet;
    let deleted = false;
    const deleting = deleteUser(t.db, user.id).then(() => { deleted = true; });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(deleted, false, 'the delete waits for the transaction that names the user');
    release();
    await writing;
    await deleting;
    assert.equal(await createdBy('being-written@example.com'), null);
  });
});
