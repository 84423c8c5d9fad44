import { sql } from 'kysely';
import { GraphQLError } from 'graphql';
import { checkEmail } from '../domain/email.ts';
import { loadMembers, type MemberView } from '../domain/members/member.ts';
import { findMemberIdByEmail } from '../storage/graphql-members.ts';
import type { MemberFilter } from '../storage/members-list.ts';
import type { GraphqlRole } from '../storage/schema.ts';
import type { GraphqlContext } from './builder.ts';
import { fromGlobalId } from './ids.ts';
import { ROLE_OF } from './roles.ts';
import type { Page } from './user-types.ts';

/** A member as GraphQL shows it: with the link to the person in the console. */
export type GraphqlUser = MemberView & { htmlUrl: string };

export function withUrl(ctx: GraphqlContext, m: MemberView): GraphqlUser {
  return { ...m, htmlUrl: `${ctx.config.publicUrl}/o/${ctx.org.slug}/people?q=${encodeURIComponent(m.email)}` };
}

/** The member an identifier names (`{id}` global or REST id, or `{email}`), or undefined. */
export async function findUser(ctx: GraphqlContext, ident: { id?: string | null; email?: string | null }): Promise<GraphqlUser | undefined> {
  let id: string | undefined;
  if (ident.id) id = fromGlobalId('User', ident.id);
  else if (ident.email) {
    const checked = checkEmail(ident.email);
    if (!checked.ok) return undefined;
    id = await findMemberIdByEmail(ctx.db, ctx.org.id, checked.email.normalized);
  }
  if (!id) return undefined;
  const [member] = await loadMembers(ctx.db, ctx.org.id, { ids: [id], limit: 1 });
  return member && withUrl(ctx, member);
}

export interface UsersFilter {
  key: string;
  arg?: string | null;
  type?: string | null;
}

/** OpsLevel's user filters that Guestlist answers: deactivated_at (with no arg: active users only), role, and email (exact). */
function toMemberFilter(filters: readonly UsersFilter[]): Omit<MemberFilter, 'limit'> & { email?: string } {
  const out: Omit<MemberFilter, 'limit'> & { email?: string } = {};
  for (const f of filters) {
    const negate = f.type === 'does_not_equal';
    if (f.key === 'deactivated_at' && !f.arg) {
      if (negate) out.status = 'deactivated';
      else out.statusNot = 'deactivated';
    } else if (f.key === 'role' && f.arg && f.arg in ROLE_OF && !negate) {
      out.role = ROLE_OF[f.arg as GraphqlRole];
    } else if (f.key === 'email' && f.arg && !negate) {
      const checked = checkEmail(f.arg);
      out.email = checked.ok ? checked.email.normalized : f.arg.toLowerCase();
    } else {
      throw new GraphQLError(`filter ${JSON.stringify(f)} is not supported: use deactivated_at (no arg), role equals, or email equals`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
  return out;
}

const MAX_PAGE = 500;

/** A page of users in address order; `after` is the previous page's endCursor ("" or absent: the first page). */
export async function listUsers(ctx: GraphqlContext, args: { first?: number | null; after?: string | null; filter?: readonly UsersFilter[] | null }): Promise<Page<GraphqlUser>> {
  const first = Math.min(Math.max(args.first ?? 100, 1), MAX_PAGE);
  const after = args.after ? Buffer.from(args.after, 'base64url').toString('utf8') : undefined;
  const { email, ...filter } = toMemberFilter(args.filter ?? []);
  let ids: string[] | undefined;
  if (email !== undefined) {
    const id = await findMemberIdByEmail(ctx.db, ctx.org.id, email);
    ids = id ? [id] : [];
  }
  const rows = ids?.length === 0 ? [] : await loadMembers(ctx.db, ctx.org.id, { ...filter, ids, after, limit: first + 1 });
  const nodes = rows.slice(0, first).map((m) => withUrl(ctx, m));
  const total = await sql<{ n: number }>`
    select count(*)::int as n from members
    where org_id = ${ctx.org.id}::uuid
      and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
      and (${filter.statusNot ?? null}::text is null or status <> ${filter.statusNot ?? null})
      and (${filter.role ?? null}::text is null or role = ${filter.role ?? null})
      and (${email ?? null}::text is null or email_normalized = ${email ?? null})
  `.execute(ctx.db);
  const cursor = (m: GraphqlUser) => Buffer.from(m.emailNormalized).toString('base64url');
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: after !== undefined, startCursor: nodes[0] ? cursor(nodes[0]) : null, endCursor: nodes.at(-1) ? cursor(nodes.at(-1)!) : null },
    totalCount: total.rows[0]!.n,
  };
}
