import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isId } from './ids.ts';

export type ScimOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'pr' | 'gt' | 'ge' | 'lt' | 'le';

/** One comparison of a SCIM filter, on an attribute the resource's storage knows. */
export interface ScimCondition {
  attr: string;
  op: ScimOperator;
  value?: string | number | boolean | null | undefined;
}

/** A SCIM filter in disjunctive normal form: any of the groups matches when all of its conditions do. */
export type ScimFilter = readonly (readonly ScimCondition[])[];

/**
 * How an attribute is compared: `text` exactly, `text-ci` case-insensitively (the SCIM caseExact
 * false attributes), `text-lower` case-insensitively against a column held in lower case (its
 * indexes stay usable), `bool`, `time`, `id` (a uuid column; a value that is not a uuid matches
 * nothing), or `custom` (the storage builds the comparison itself, e.g. group members).
 */
export type ScimColumn =
  | { kind: 'text' | 'text-ci' | 'text-lower' | 'bool' | 'time' | 'id'; sql: RawBuilder<unknown> }
  | { kind: 'custom'; build: (c: ScimCondition) => RawBuilder<SqlBool> };

const never = sql<SqlBool>`false`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function textCondition(column: RawBuilder<unknown>, c: ScimCondition, kind: 'text' | 'text-ci' | 'text-lower'): RawBuilder<SqlBool> {
  if (c.op === 'pr') return sql<SqlBool>`${column} is not null`;
  if (typeof c.value !== 'string') return c.op === 'ne' ? sql<SqlBool>`${column} is not null` : never;
  const left = kind === 'text-ci' ? sql`lower(${column})` : column;
  const value = kind === 'text' ? c.value : c.value.toLowerCase();
  switch (c.op) {
    case 'eq': return sql<SqlBool>`${left} = ${value}`;
    case 'ne': return sql<SqlBool>`${left} is distinct from ${value}`;
    case 'co': return sql<SqlBool>`${left} like ${`%${escapeLike(value)}%`}`;
    case 'sw': return sql<SqlBool>`${left} like ${`${escapeLike(value)}%`}`;
    case 'ew': return sql<SqlBool>`${left} like ${`%${escapeLike(value)}`}`;
    case 'gt': return sql<SqlBool>`${left} > ${value}`;
    case 'ge': return sql<SqlBool>`${left} >= ${value}`;
    case 'lt': return sql<SqlBool>`${left} < ${value}`;
    case 'le': return sql<SqlBool>`${left} <= ${value}`;
  }
}

/** One comparison on one attribute's column. */
export function scimCondition(column: ScimColumn, c: ScimCondition): RawBuilder<SqlBool> {
  switch (column.kind) {
    case 'custom':
      return column.build(c);
    case 'text':
    case 'text-ci':
    case 'text-lower':
      return textCondition(column.sql, c, column.kind);
    case 'id':
      if (c.op === 'pr') return sql<SqlBool>`true`;
      if (typeof c.value !== 'string' || !isId(c.value)) return c.op === 'ne' ? sql<SqlBool>`true` : never;
      return c.op === 'ne' ? sql<SqlBool>`${column.sql} <> ${c.value.toLowerCase()}::uuid` : c.op === 'eq' ? sql<SqlBool>`${column.sql} = ${c.value.toLowerCase()}::uuid` : never;
    case 'bool': {
      const wanted = typeof c.value === 'string' ? c.value.toLowerCase() === 'true' : c.value === true;
      if (c.op === 'pr') return sql<SqlBool>`true`;
      return c.op === 'ne' ? sql<SqlBool>`${column.sql} <> ${wanted}` : c.op === 'eq' ? sql<SqlBool>`${column.sql} = ${wanted}` : never;
    }
    case 'time': {
      if (c.op === 'pr') return sql<SqlBool>`true`;
      const at = typeof c.value === 'string' ? new Date(c.value) : undefined;
      if (!at || Number.isNaN(at.getTime())) return never;
      const ops = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
      return c.op in ops ? sql<SqlBool>`${column.sql} ${sql.raw(ops[c.op as keyof typeof ops])} ${at}` : never;
    }
  }
}

/**
 * The SQL condition of a filter over the given attribute columns (every attribute of the filter
 * must be one of them: the caller checked). An empty filter matches everything.
 */
export function scimWhere(filter: ScimFilter, columns: Readonly<Record<string, ScimColumn>>): RawBuilder<SqlBool> {
  if (filter.length === 0) return sql<SqlBool>`true`;
  const groups = filter.map((all) => {
    const parts = all.map((c) => {
      const column = columns[c.attr];
      return column ? scimCondition(column, c) : never;
    });
    return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`true`;
  });
  return sql<SqlBool>`(${sql.join(groups, sql` or `)})`;
}
