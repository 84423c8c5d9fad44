import type pg from 'pg';
import type { Statement } from './statement-floor.ts';

/**
 * Sends one captured statement as the product did: data statements prepared under a name, the rest
 * (transaction control and settings, such as a search's `begin; set local ...`) as simple queries.
 */
export function replayOne(client: pg.ClientBase, s: Statement, i: number): Promise<pg.QueryResult> {
  if (s.values.length === 0 && !/^\s*(?:select|insert|update|delete|with)\b/i.test(s.text)) return client.query(s.text);
  return client.query({ name: `floor-${i}`, text: s.text, values: s.values });
}
