import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { readContact } from '../../src/contacts/reader.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

/** A handle on the same pool that counts the queries sent through it. */
function countingDb() {
  const counter = { queries: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      counter.queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: t.db.withPlugin(plugin), counter };
}

async function createContacts(count: number, prefix: string): Promise<number[]> {
  const response = await t.request({
    method: 'POST', url: '/api/v1/contacts/batch',
    payload: { contacts: Array.from({ length: count }, (_, i) => ({ firstname: `${prefix} ${i}`, email: `${prefix}${i}@reader.test` })) },
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().results.map((r: { contact: { id: number } }) => r.contact.id);
}

describe('contact reads grouped', () => {
  it('answers 100 concurrent reads each with its own contact, in a few queries', async () => {
    const ids = await createContacts(100, 'many');
    const { db, counter } = countingDb();
    const rows = await Promise.all([...ids, 999_999_999, -1].map((id) => readContact(db, id)));
    assert.deepEqual(rows.slice(0, 100).map((row) => row?.firstname), ids.map((_, i) => `many ${i}`));
    assert.deepEqual(rows.slice(100), [undefined, undefined], 'unknown and impossible ids are undefined');
    assert.ok(counter.queries <= 3, `${counter.queries} queries for 102 reads`);
  });

  it('sees a write committed before the read was asked for', async () => {
    const [id] = await createContacts(1, 'fresh');
    const { db } = countingDb();
    const reads = Array.from({ length: 20 }, () => readContact(db, id)); // keep a read in flight
    await t.db.updateTable('contacts').set({ firstname: 'Renamed' }).where('id', '=', id).execute();
    assert.equal((await readContact(db, id))?.firstname, 'Renamed');
    await Promise.all(reads);
  });

  it('reads inside a transaction what the transaction wrote', async () => {
    const [id] = await createContacts(1, 'trx');
    const seen = await t.db.transaction().execute(async (trx) => {
      await trx.updateTable('contacts').set({ firstname: 'Uncommitted' }).where('id', '=', id).execute();
      return readContact(trx, id);
    });
    assert.equal(seen?.firstname, 'Uncommitted');
  });
});
