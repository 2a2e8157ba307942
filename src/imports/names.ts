import type { Db } from '../db/database.js';
import * as repo from './repo.js';
import type { CleanRow } from './rows.js';

/**
 * The owner and status of rows that name them (ownerusername, status_name columns) as ids,
 * in one query for the chunk; a name that matches no one fails its row.
 */
export async function resolveNames(db: Db, rows: readonly CleanRow[]): Promise<CleanRow[]> {
  const named = rows.filter((row) => row.values && Object.keys(row.values.names).length > 0);
  if (named.length === 0) return [...rows];
  const usernames = named.map((row) => row.values!.names.ownerusername).filter((n): n is string => typeof n === 'string');
  const statusNames = named.map((row) => row.values!.names.status_name).filter((n): n is string => typeof n === 'string');
  const found = await repo.idsByName(db, [...new Set(usernames)], [...new Set(statusNames)]);
  return rows.map((row) => {
    if (!row.values || Object.keys(row.values.names).length === 0) return row;
    const { ownerusername, status_name: statusName } = row.values.names;
    const columns = { ...row.values.given.columns };
    if (ownerusername !== undefined) {
      const id = ownerusername === null ? null : found.users.get(ownerusername.toLowerCase());
      if (id === undefined) return { ...row, values: undefined, failure: `ownerusername: no user named "${ownerusername}"` };
      if (!('owner_id' in columns)) columns.owner_id = id;
    }
    if (statusName !== undefined) {
      const id = statusName === null ? null : found.statuses.get(statusName.toLowerCase());
      if (id === undefined) return { ...row, values: undefined, failure: `status_name: no status named "${statusName}"` };
      if (!('status_id' in columns)) columns.status_id = id;
    }
    return { ...row, values: { ...row.values, given: { ...row.values.given, columns } } };
  });
}
