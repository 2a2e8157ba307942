import { matchingContactsQuery, type MatchingContacts } from '../contacts/search.js';
import type { Db } from '../db/database.js';
import type { FieldSet } from '../fields/registry.js';
import { csvCells, outputColumns, selections, wantsTags, type Batch, type Column, type CsvCell } from './columns.js';
import { csvFile } from './csv.js';
import * as repo from './repo.js';
import { checkExport, type ExportRequest } from './service.js';
import { xlsxFile } from './xlsx.js';

/** Contacts read per query; the file is written a batch at a time while the next is read. */
export const BATCH_SIZE = 10_000;
/** CSV pages PostgreSQL writes at once, each on a connection of its own. */
const CSV_PAGES_AT_ONCE = 3;

export interface ExportOptions {
  /** The user running it, for `is:mine`. */
  readonly userId: number | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => Promise<void> | void;
  readonly batchSize?: number;
}

/** Calls `next` for one page after another, reading each page while the one before is written. */
async function* prefetched<T>(next: () => Promise<T | null>): AsyncGenerator<T> {
  let pending = next();
  for (;;) {
    const page = await pending;
    if (page === null) return;
    pending = next();
    pending.catch(() => {});
    yield page;
  }
}

/** The contacts of a request: those its search matches, or the ids asked for (sorted). */
interface Source {
  readonly query: MatchingContacts;
  readonly ids?: readonly number[];
  count(): Promise<number>;
}

function source(db: Db, fields: FieldSet, request: ExportRequest, userId: number | null): Source {
  if (request.ids !== undefined) {
    const ids = [...new Set(request.ids)].sort((a, b) => a - b);
    const query = repo.liveContacts(db);
    return { query, ids, count: () => repo.countAmong(query, ids) };
  }
  const query = matchingContactsQuery(db, fields, { search: request.search, userId });
  return { query, count: () => repo.countMatching(query) };
}

/**
 * CSV pages: each page's bounds come from a cheap keyset query over ids, then PostgreSQL writes
 * the page's records, a few pages at once on their own connections, answered in order.
 */
async function* csvPages(db: Db, contacts: Source, cells: readonly CsvCell[], size: number) {
  const inFlight: Promise<{ rows: number; text: string }>[] = [];
  const start = (range: repo.PageRange) => {
    const page = repo.csvLines(db, contacts.query, cells, range);
    page.catch(() => {});
    inFlight.push(page);
  };
  let after = 0;
  for (let offset = 0; ; offset += size) {
    if (contacts.ids) {
      if (offset >= contacts.ids.length) break;
      start({ ids: contacts.ids.slice(offset, offset + size) });
    } else {
      const upTo = await repo.pageEnd(db, contacts.query, after, size);
      if (upTo === null) break;
      start({ after, upTo });
      after = upTo;
    }
    if (inFlight.length >= CSV_PAGES_AT_ONCE) yield await inFlight.shift()!;
  }
  while (inFlight.length > 0) yield await inFlight.shift()!;
}

/** xlsx batches: the rows themselves, typed, and the tags of their contacts. */
function xlsxBatches(db: Db, contacts: Source, columns: readonly Column[], size: number) {
  const selected = selections(columns);
  const noTags = new Map<number, string>();
  const withTags = async (rows: repo.ExportRow[]): Promise<Batch> => {
    if (rows.length === 0 || !wantsTags(columns)) return { rows, tags: noTags };
    const [first, last] = [rows[0].id, rows[rows.length - 1].id];
    // A dense run of ids is one range scan of the index; scattered ones are looked up one by one.
    const tags = last - first < 4 * rows.length ? await repo.tagNamesBetween(db, first, last) : await repo.tagNamesOf(db, rows.map((row) => row.id));
    return { rows, tags };
  };
  let after = 0;
  let offset = 0;
  let finished = false;
  return prefetched(async () => {
    if (finished) return null;
    const rows = contacts.ids
      ? await repo.contactsAmong(contacts.query, selected, contacts.ids.slice(offset, offset += size))
      : await repo.contactsAfter(contacts.query, selected, after, size);
    if (contacts.ids ? offset >= contacts.ids.length : rows.length < size) finished = true;
    if (rows.length === 0) return finished ? null : { rows, tags: noTags };
    after = rows[rows.length - 1].id;
    return withTags(rows);
  });
}

/**
 * Writes the contacts a request names to `file`, streaming them in keyset batches by id, so
 * memory stays flat however many there are. What the job and `contactbase export` both run.
 */
export async function writeExport(db: Db, fields: FieldSet, request: ExportRequest, file: string, options: ExportOptions): Promise<{ rows: number }> {
  const columns = checkExport(db, fields, request, options.userId);
  const contacts = source(db, fields, request, options.userId);
  const size = options.batchSize ?? BATCH_SIZE;
  const total = await contacts.count();
  await options.onProgress?.(0, total);
  let done = 0;
  const progress = async (rows: number) => {
    options.signal?.throwIfAborted();
    done += rows;
    await options.onProgress?.(done, Math.max(total, done));
  };

  if (request.format === 'csv') {
    const csv = csvFile(file, columns.map((column) => column.name));
    try {
      for await (const page of csvPages(db, contacts, csvCells(columns), size)) {
        await csv.write(page.text);
        await progress(page.rows);
      }
      await csv.close();
    } catch (error) {
      await csv.abort();
      throw error;
    }
    return { rows: done };
  }

  const [usernames, statusNames] = await Promise.all([repo.usernames(db), repo.statusNames(db)]);
  const xlsx = xlsxFile(file, outputColumns(columns, { usernames, statusNames }));
  try {
    for await (const batch of xlsxBatches(db, contacts, columns, size)) {
      await xlsx.write(batch);
      await progress(batch.rows.length);
    }
    await xlsx.close();
  } catch (error) {
    await xlsx.abort();
    throw error;
  }
  return { rows: done };
}

