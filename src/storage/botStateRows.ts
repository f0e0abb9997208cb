/**
 * Bot state rows (`bot_state`) read by key: what BotStateStorage reads for a turn, and what ConversationLeases reads
 * with a turn's lease on SQLite. One place knows the table's row shape and how many keys one statement may carry.
 */
import type { Queryable } from './database';

/** A bot state row as stored. */
export interface StateRow {
  value: string;
  etag: string;
}

/** Keys per statement: far below every backend's limit on bound parameters. */
const KEYS_PER_QUERY = 200;

/** The stored rows of `keys` (missing keys are absent), in as few SELECTs as the parameter bound allows. */
export async function readStateRows(db: Queryable, keys: readonly string[]): Promise<Map<string, StateRow>> {
  const rows = new Map<string, StateRow>();
  for (const chunk of keyChunks(keys)) {
    const found = await db.query<{ key: string; value: string; etag: string }>(
      `SELECT key, value, etag FROM bot_state WHERE key IN (${placeholders(chunk.length)})`,
      chunk,
    );
    for (const row of found) rows.set(row.key, { value: row.value, etag: row.etag });
  }
  return rows;
}

/** `keys` without repeats, in groups one statement can carry. */
export function keyChunks(keys: readonly string[]): string[][] {
  const unique = [...new Set(keys)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += KEYS_PER_QUERY) out.push(unique.slice(i, i + KEYS_PER_QUERY));
  return out;
}

/** `$1, $2, … $count`. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ');
}
