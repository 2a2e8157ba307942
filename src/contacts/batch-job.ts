import type { Static } from 'typebox';
import type { AuthUser } from '../auth/cache.js';
import type { Db } from '../db/database.js';
import { errors } from '../errors.js';
import type { FieldRegistry, FieldSet } from '../fields/registry.js';
import type { JobHandler, JobRunner, RunningJob } from '../jobs/runner.js';
import { enqueueJob } from '../jobs/service.js';
import * as tags from '../tags/service.js';
import * as repo from './repo.js';
import type { BatchActionBody } from './schema.js';
import { matchingContactsQuery } from './search.js';

export const BATCH_ACTION_JOB = 'contacts.batch';

/** Contacts changed per transaction, each page with its checkpoint. */
const PAGE = 1000;

type BatchAction = Static<typeof BatchActionBody>;

interface BatchActionPayload {
  readonly search: string;
  readonly userId: number;
  readonly action: BatchAction['action'];
  readonly owner_id?: number | null;
  readonly tags?: string[];
}

/** Checks what the action needs (and the search) before anything is queued. */
async function checkAction(db: Db, fields: FieldSet, user: AuthUser, body: BatchAction) {
  matchingContactsQuery(db, fields, { search: body.search, userId: user.id });
  if (body.action === 'set_owner') {
    if (body.owner_id === undefined) throw errors.validation({ owner_id: 'is required to set the owner (null clears it)' });
    if (body.owner_id !== null && !(await repo.existingReferences(db, [body.owner_id], [])).users.has(body.owner_id)) {
      throw errors.validation({ owner_id: 'no user with that id' });
    }
  }
  if ((body.action === 'add_tags' || body.action === 'remove_tags') && !body.tags?.some((tag) => tag.trim())) {
    throw errors.validation({ tags: 'name at least one tag' });
  }
}

/** Queues an action over every contact a search matches (all contacts for a blank search). */
export async function startBatchAction(db: Db, fields: FieldSet, runner: JobRunner, user: AuthUser, body: BatchAction) {
  await checkAction(db, fields, user, body);
  const total = Number((await matchingContactsQuery(db, fields, { search: body.search, userId: user.id })
    .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const payload: BatchActionPayload = {
    search: body.search ?? '', userId: user.id, action: body.action,
    ...(body.action === 'set_owner' ? { owner_id: body.owner_id } : {}),
    ...(body.tags ? { tags: body.tags.map((tag) => tag.trim()).filter(Boolean) } : {}),
  };
  return enqueueJob(db, runner, { kind: BATCH_ACTION_JOB, payload: { ...payload }, createdBy: user.id, total });
}

async function applyToPage(trx: Db, payload: BatchActionPayload, ids: number[]) {
  switch (payload.action) {
    case 'set_owner':
      await repo.setOwner(trx, ids, payload.owner_id ?? null);
      return;
    case 'add_tags':
      await tags.changeManyContactsTags(trx, ids, { add: payload.tags ?? [], remove: [] });
      return;
    case 'remove_tags':
      await tags.changeManyContactsTags(trx, ids, { add: [], remove: payload.tags ?? [] });
      return;
    case 'delete':
      await repo.deleteContacts(trx, ids);
  }
}

/**
 * Walks the matching contacts by id, a page a transaction that locks the page's contacts and
 * saves its checkpoint, so a resumed job carries on after the last page that committed.
 * Contacts that stop matching meanwhile are left alone, and new ones with higher ids are taken.
 */
export function batchActionJob(db: Db, registry: FieldRegistry): JobHandler<BatchActionPayload> {
  return {
    kind: BATCH_ACTION_JOB,
    async run(job: RunningJob<BatchActionPayload>) {
      const fields = await registry.load(db);
      const { payload } = job;
      let after = Number(job.checkpoint?.after ?? 0);
      let done = job.progress.done ?? 0;
      for (;;) {
        job.signal.throwIfAborted();
        const page = await db.transaction().execute(async (trx) => {
          const rows = await matchingContactsQuery(trx, fields, { search: payload.search, userId: payload.userId })
            .select('contacts.id').where('contacts.id', '>', after).orderBy('contacts.id').limit(PAGE).forUpdate().execute();
          const ids = rows.map((row) => row.id);
          if (ids.length > 0) {
            await applyToPage(trx, payload, ids);
            await job.report(trx, { done: done + ids.length }, { after: ids.at(-1) });
          }
          return ids;
        });
        if (page.length === 0) break;
        done += page.length;
        after = page.at(-1)!;
      }
      return { action: payload.action, contacts: done };
    },
  };
}
