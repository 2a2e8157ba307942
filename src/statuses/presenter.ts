import type { StatusRow } from '../db/schema.js';

export function presentStatus(row: StatusRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    color: row.color,
    order: row.position,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
