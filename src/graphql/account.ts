import { builder } from './builder.ts';
import { toGlobalId } from './ids.ts';
import { findUser, listUsers } from './users.ts';
import { User, UserConnection } from './user-types.ts';

export const UserIdentifierInput = builder.inputType('UserIdentifierInput', {
  description: 'A user by id (global or REST) or by email address',
  fields: (t) => ({ id: t.id(), email: t.string() }),
});

const UsersFilterInput = builder.inputType('UsersFilterInput', {
  fields: (t) => ({ key: t.string({ required: true }), arg: t.string(), type: t.string() }),
});

/** The organization the API token belongs to (OpsLevel's "account"). */
export const Account = builder.objectRef<{ orgId: string }>('Account');
Account.implement({
  fields: (t) => ({
    id: t.id({ nullable: false, resolve: (a) => toGlobalId('Account', a.orgId) }),
    user: t.field({
      type: User,
      description: 'One user, by `input` ({id} or {email}), or by `id` or `email` (older clients)',
      args: { input: t.arg({ type: UserIdentifierInput }), id: t.arg.id(), email: t.arg.string() },
      resolve: async (_a, args, ctx) => (await findUser(ctx, args.input ?? { id: args.id, email: args.email })) ?? null,
    }),
    users: t.field({
      type: UserConnection,
      nullable: false,
      description: 'Users in address order, in pages of up to 500; `after: ""` is the first page',
      args: { first: t.arg.int(), after: t.arg.string(), filter: t.arg({ type: [UsersFilterInput] }) },
      resolve: (_a, args, ctx) => listUsers(ctx, args),
    }),
  }),
});

builder.queryType({
  fields: (t) => ({
    account: t.field({ type: Account, nullable: false, resolve: (_r, _a, ctx) => ({ orgId: ctx.org.id }) }),
  }),
});
