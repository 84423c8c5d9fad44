import type { ObjectRef } from '@pothos/core';
import type { MemberView } from '../domain/members/member.ts';
import type { GraphqlTypes } from './builder.ts';
import { builder } from './builder.ts';
import { toGlobalId } from './ids.ts';
import { graphqlRoleOf } from './roles.ts';

export const UserRole = builder.enumType('UserRole', {
  description: "OpsLevel's user roles, as Guestlist holds them: admin is an admin, basic_user a guest, the others members",
  values: ['admin', 'standards_admin', 'team_member', 'user', 'basic_user'] as const,
});

export const ProvisionedByEnum = builder.enumType('ProvisionedByEnum', {
  values: ['api_cli', 'api_other', 'api_terraform', 'backstage', 'integration_scim', 'sso_okta', 'sso_other', 'unknown', 'user'] as const,
});

/** How a member came to be, in OpsLevel's words. */
function provisionedBy(m: MemberView): 'api_other' | 'integration_scim' | 'user' | 'api_cli' {
  switch (m.source) {
    case 'scim': return 'integration_scim';
    case 'cli': return 'api_cli';
    case 'console': case 'request': return 'user';
    default: return 'api_other';
  }
}

export const PageInfo = builder.objectRef<{ hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }>('PageInfo');
PageInfo.implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { nullable: false }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', { nullable: false }),
    startCursor: t.exposeString('startCursor'),
    endCursor: t.exposeString('endCursor'),
  }),
});

/** A connection page: nodes, page info and how many there are in all. */
export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** A page of a list the user already holds (teams come with the member): cursors are positions. */
function pageOf<T>(items: readonly T[], first: number | null | undefined, after: string | null | undefined): Page<T> {
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) + 1 || 0 : 0;
  const size = Math.min(Math.max(first ?? 100, 1), 500);
  const nodes = items.slice(start, start + size);
  const at = (i: number) => Buffer.from(String(i)).toString('base64url');
  return {
    nodes,
    pageInfo: { hasNextPage: start + size < items.length, hasPreviousPage: start > 0, startCursor: nodes.length ? at(start) : null, endCursor: nodes.length ? at(start + nodes.length - 1) : null },
    totalCount: items.length,
  };
}

export const EMPTY_PAGE: Page<never> = { nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 };

const Contact = builder.objectRef<{ id: string; address: string; displayName: string; displayType: string; externalId: string; isDefault: boolean; type: string }>('Contact');
Contact.implement({
  description: 'A way to reach a user; Guestlist keeps none besides the address',
  fields: (t) => ({
    id: t.exposeID('id'), address: t.exposeString('address'), displayName: t.exposeString('displayName'), displayType: t.exposeString('displayType'),
    externalId: t.exposeString('externalId'), isDefault: t.exposeBoolean('isDefault'), type: t.exposeString('type'),
  }),
});

const Tag = builder.objectRef<{ id: string; key: string; value: string }>('Tag');
Tag.implement({ fields: (t) => ({ id: t.exposeID('id'), key: t.exposeString('key'), value: t.exposeString('value') }) });

const TeamId = builder.objectRef<{ id: string; name: string }>('Team');
TeamId.implement({
  description: "A team of the organization (Guestlist's teams)",
  fields: (t) => ({
    id: t.id({ resolve: (team) => toGlobalId('Team', team.id) }),
    name: t.exposeString('name'),
    alias: t.string({ resolve: (team) => team.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') }),
  }),
});

function connection<T>(name: string, node: ObjectRef<GraphqlTypes, T>) {
  const ref = builder.objectRef<Page<T>>(name);
  ref.implement({
    fields: (t) => ({
      nodes: t.field({ type: [node], resolve: (p) => p.nodes }),
      pageInfo: t.field({ type: PageInfo, nullable: false, resolve: (p) => p.pageInfo }),
      totalCount: t.exposeInt('totalCount', { nullable: false }),
    }),
  });
  return ref;
}

const TagConnection = connection<{ id: string; key: string; value: string }>('TagConnection', Tag);
const TeamIdConnection = connection<{ id: string; name: string }>('TeamConnection', TeamId);
const ContactList = Contact;

export const User = builder.objectRef<MemberView & { htmlUrl: string }>('User');
User.implement({
  description: 'A member of the organization',
  fields: (t) => ({
    id: t.id({ nullable: false, resolve: (m) => toGlobalId('User', m.id) }),
    email: t.exposeString('email', { nullable: false }),
    name: t.string({ resolve: (m) => m.name ?? '' }),
    role: t.field({ type: UserRole, resolve: (m) => graphqlRoleOf(m) }),
    htmlUrl: t.exposeString('htmlUrl'),
    provisionedBy: t.field({ type: ProvisionedByEnum, resolve: provisionedBy }),
    contacts: t.field({ type: [ContactList], resolve: () => [] }),
    tags: t.field({ type: TagConnection, args: { first: t.arg.int(), after: t.arg.string() }, resolve: () => EMPTY_PAGE }),
    teams: t.field({
      type: TeamIdConnection,
      description: "The user's teams by name, paged (`after` is the previous page's endCursor)",
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: (m, args) => pageOf(m.teams, args.first, args.after),
    }),
  }),
});

export const UserConnection = connection<MemberView & { htmlUrl: string }>('UserConnection', User);

export const Error = builder.objectRef<{ message: string; path: string[] }>('Error');
Error.implement({
  description: 'A business error, inside a payload (HTTP 200)',
  fields: (t) => ({ message: t.exposeString('message', { nullable: false }), path: t.exposeStringList('path', { nullable: false }) }),
});
