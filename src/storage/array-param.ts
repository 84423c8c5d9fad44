import { sql, type RawBuilder } from 'kysely';

type Element = string | number | boolean | Date | null;

function quoted(v: Element): string {
  if (v === null) return 'NULL';
  const text = v instanceof Date ? v.toISOString() : String(v);
  return /["\\]/.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
}

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for text, uuid, numeric, boolean or timestamptz
 * values, built in one pass. Bulk statements pass their columns as arrays; node-postgres's generic
 * serializer escaped every element with two regular expressions and took about a tenth of a
 * 10,000-address invite.
 */
export function arrayLiteral(values: readonly Element[]): string {
  return `{${values.map(quoted).join(',')}}`;
}

/** `values` as one array parameter of the given element type (`text`, `uuid`, `int`, ...). */
export function arrayParam<T = unknown>(values: readonly Element[], type: 'text' | 'uuid' | 'int' | 'timestamptz' | 'boolean'): RawBuilder<T> {
  return sql<T>`${arrayLiteral(values)}::${sql.raw(type)}[]`;
}
