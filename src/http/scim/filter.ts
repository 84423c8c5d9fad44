import SCIMMY from 'scimmy';
import type { ScimCondition, ScimFilter } from '../../domain/scim/list.ts';
import { ScimError } from './errors.ts';

const OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'pr', 'gt', 'ge', 'lt', 'le']);
const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i;

type Comparison = unknown[];

function conditionsOf(attr: string, spec: unknown): ScimCondition[] {
  if (Array.isArray(spec)) {
    // One comparison [op, value], or several on the same attribute [[op, value], ...].
    const comparisons: Comparison[] = Array.isArray(spec[0]) ? (spec as Comparison[]) : [spec];
    return comparisons.map(([op, ...rest]) => {
      if (typeof op !== 'string' || !OPERATORS.has(op)) {
        throw new ScimError(400, 'invalidFilter', `filter: the operator "${String(op)}" on ${attr} is not supported (use eq, ne, co, sw, ew, pr, gt, ge, lt, le; "not" is not supported).`);
      }
      if (op !== 'pr' && rest.length === 0) throw new ScimError(400, 'invalidFilter', `filter: ${attr} ${op} needs a value.`);
      return { attr, op: op as ScimCondition['op'], value: rest[0] as ScimCondition['value'] };
    });
  }
  if (spec && typeof spec === 'object') return Object.entries(spec).flatMap(([sub, inner]) => conditionsOf(`${attr}.${sub}`, inner));
  throw new ScimError(400, 'invalidFilter', `filter: cannot read the condition on ${attr}.`);
}

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) with scimmy into disjunctive normal form; attribute
 * names lose the core schema URN prefix. Syntax errors answer 400 invalidFilter.
 */
export function parseScimFilter(text: string | undefined): ScimFilter {
  if (text === undefined || text.trim() === '') return [];
  if (text.length > 2000) throw new ScimError(400, 'invalidFilter', 'filter: at most 2000 characters.');
  if (text.includes('\u0000')) throw new ScimError(400, 'invalidFilter', 'filter: a NUL character cannot match anything stored.');
  let parsed: Record<string, unknown>[];
  try {
    parsed = [...new SCIMMY.Types.Filter(text)] as Record<string, unknown>[];
  } catch (error) {
    throw new ScimError(400, 'invalidFilter', `filter: ${(error as Error).message}`);
  }
  return parsed.map((group) => Object.entries(group).flatMap(([attr, spec]) => conditionsOf(attr.replace(CORE_PREFIX, ''), spec)));
}
