import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';
import type { ColumnValues } from './input.js';
import * as repo from './repo.js';

/**
 * Writes for a caller that decides many contacts at once (an import's chunk) inside its own
 * transaction, having locked their identifiers and rows as identify does.
 */

/**
 * Inserts `count` new contacts (a JSON array of newContactColumns) with their timeline events
 * (a JSON array of NewContactEvent), one statement; answers their ids in the order given.
 * JSON already: a writer deciding many rows need not keep their objects until it writes.
 */
export function insertContacts(trx: Db, count: number, rowsJson: string, eventsJson: string): Promise<number[]> {
  return count === 0 ? Promise.resolve([]) : repo.insertContactIdsWithEvents(trx, count, rowsJson, eventsJson);
}

/** Writes the given columns of whole, locked rows back onto their contacts, one statement. */
export function updateContacts(trx: Db, rows: readonly ContactRow[], columns: readonly string[]): Promise<void> {
  return repo.updateContactRows(trx, rows as readonly ColumnValues[], columns);
}

/** Which of these user and status ids exist, locked against deletion until the transaction ends. */
export const existingReferences = (trx: Db, userIds: number[], statusIds: number[]) => repo.existingReferences(trx, userIds, statusIds);
