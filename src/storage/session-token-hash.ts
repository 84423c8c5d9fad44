import { createHash } from 'node:crypto';
import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  DeleteQueryNode,
  InsertQueryNode,
  OperationNodeTransformer,
  PrimitiveValueListNode,
  ReferenceNode,
  SelectQueryNode,
  TableNode,
  UpdateQueryNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

const TABLE = 'auth_session';
const COLUMN = 'token';

/** How a session token is stored and looked up: its SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function columnName(node: OperationNode): string | undefined {
  if (ColumnNode.is(node)) return node.column.name;
  if (ReferenceNode.is(node) && ColumnNode.is(node.column)) return node.column.column.name;
  return undefined;
}

/** Whether a FROM item is the session table, directly, aliased, or inside a subquery. */
function mentionsSessions(node: OperationNode | undefined): boolean {
  if (!node) return false;
  if (TableNode.is(node)) return node.table.identifier.name === TABLE;
  if (AliasNode.is(node)) return mentionsSessions(node.node);
  if (SelectQueryNode.is(node)) {
    return (node.from?.froms.some(mentionsSessions) ?? false) || (node.joins?.some((j) => mentionsSessions(j.table)) ?? false);
  }
  return false;
}

/** Only builder queries on the session table are rewritten (raw SQL never names it). */
function touchesSessions(node: RootOperationNode): boolean {
  if (InsertQueryNode.is(node)) return mentionsSessions(node.into);
  if (UpdateQueryNode.is(node)) return mentionsSessions(node.table);
  if (SelectQueryNode.is(node) || DeleteQueryNode.is(node)) return node.from?.froms.some(mentionsSessions) ?? false;
  return false;
}

/** Rewrites every comparison with, and every insert of, the session token to its SHA-256. */
class TokenHasher extends OperationNodeTransformer {
  plain: string | undefined;

  protected override transformBinaryOperation(node: BinaryOperationNode, queryId?: QueryId): BinaryOperationNode {
    const out = super.transformBinaryOperation(node, queryId);
    if (columnName(out.leftOperand) === COLUMN && ValueNode.is(out.rightOperand) && typeof out.rightOperand.value === 'string') {
      this.plain = out.rightOperand.value;
      return BinaryOperationNode.create(out.leftOperand, out.operator, ValueNode.create(hashSessionToken(this.plain)));
    }
    return out;
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: QueryId): InsertQueryNode {
    const out = super.transformInsertQuery(node, queryId);
    const index = out.columns?.findIndex((c) => c.column.name === COLUMN) ?? -1;
    if (index < 0 || !out.values || !ValuesNode.is(out.values)) return out;
    const rows = out.values.values.map((row) => {
      if (PrimitiveValueListNode.is(row) && typeof row.values[index] === 'string') {
        this.plain = row.values[index] as string;
        return PrimitiveValueListNode.create(row.values.map((v, i) => (i === index ? hashSessionToken(v as string) : v)));
      }
      const cell = ValueListNode.is(row) ? row.values[index] : undefined;
      if (ValueListNode.is(row) && cell && ValueNode.is(cell) && typeof cell.value === 'string') {
        this.plain = cell.value;
        return ValueListNode.create(row.values.map((v, i) => (i === index ? ValueNode.create(hashSessionToken(cell.value as string)) : v)));
      }
      return row;
    });
    return InsertQueryNode.cloneWith(out, { values: ValuesNode.create(rows) });
  }
}

/**
 * Keeps session tokens only as SHA-256 hashes in `auth_session` (PRODUCT §4.3), underneath the
 * identity library: tokens it writes or looks up are hashed on the way in, and rows coming back
 * from a lookup by token carry the caller's token again, so the library never sees the difference.
 */
export class SessionTokenHashPlugin implements KyselyPlugin {
  readonly #plain = new WeakMap<QueryId, string>();

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (!touchesSessions(node)) return node;
    const hasher = new TokenHasher();
    const out = hasher.transformNode(node, queryId);
    if (hasher.plain !== undefined) this.#plain.set(queryId, hasher.plain);
    return out;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const plain = this.#plain.get(queryId);
    if (plain === undefined) return result;
    return { ...result, rows: result.rows.map((row) => (COLUMN in row ? { ...row, [COLUMN]: plain } : row)) };
  }
}
