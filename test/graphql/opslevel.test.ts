import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call } from '../support/client.ts';

// Issue 10 (first part): requests exactly as OpsLevel's Go client sends them (bodies copied from
// test/graphql/opslevel-go-requests.md, which records each client release), answered with exactly
// the fields they select.
let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = (await bootstrap(t, 'ops')).apiToken;
});
afterAll(async () => { await t.close(); });

/** What opslevel-go sends: POST /graphql with its own headers and a JSON body. */
async function gql(body: string, bearer: string | null = token) {
  const res = await t.app.request('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'graphql-visibility': 'public', 'user-agent': 'opslevel-go/v2026.7.21 go/go1.25.0 linux/amd64 client/terraform-provider-1.11.0',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const USER_K = 'id,email,name,contacts{address,displayName,displayType,externalId,id,isDefault,type},htmlUrl,provisionedBy,role,tags{nodes{id,key,value},pageInfo{hasNextPage,hasPreviousPage,startCursor,endCursor}},teams{nodes{alias,id},pageInfo{hasNextPage,hasPreviousPage,startCursor,endCursor}}';

describe('OpsLevel client requests', () => {
  test('Validate (every client, first): {account{id}}', async () => {
    const res = await gql('{"query":"{account{id}}"}\n');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['data']);
    expect(res.body.data.account.id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test('InviteUser, v2026.7.21 (gen K): the person is created and invited; the answer has exactly the selected fields', async () => {
    const body = JSON.stringify({
      query: `mutation UserInvite($email:String!$forceSendInvite:Boolean$input:UserInput!){userInvite(email: $email input: $input, forceSendInvite: $forceSendInvite){user{${USER_K}},errors{message,path}}}`,
      variables: { email: 'kyle@opslevel.test', forceSendInvite: true, input: { name: 'Kyle Rockman', role: 'team_member', skipWelcomeEmail: true } },
      operationName: 'UserInvite',
    });
    const res = await gql(body);
    expect(res.status).toBe(200);
    const { user, errors } = res.body.data.userInvite;
    expect(errors).toEqual([]);
    expect(Object.keys(user)).toEqual(['id', 'email', 'name', 'contacts', 'htmlUrl', 'provisionedBy', 'role', 'tags', 'teams']);
    expect(user).toMatchObject({ email: 'kyle@opslevel.test', name: 'Kyle Rockman', role: 'team_member', provisionedBy: 'api_other', contacts: [], tags: { nodes: [] }, teams: { nodes: [] } });
    expect(Buffer.from(user.id, 'base64url').toString()).toMatch(/^gid:\/\/guestlist\/User\/[0-9a-f-]{36}$/);
    expect(user.htmlUrl).toContain('/o/ops/people');
    const queued = await t.database.db.selectFrom('notifications').select('kind').where('recipient', '=', 'kyle@opslevel.test').execute();
    expect(queued).toEqual([{ kind: 'invitation' }]);
    // The role reads back as written (Terraform compares), while Guestlist holds it as a member.
    const member = await call(t, 'GET', `/api/v1/orgs/ops/members/${Buffer.from(user.id, 'base64url').toString().split('/').at(-1)}`, { token });
    expect(member.body.role).toBe('member');
  });

  test('InviteUser, v2022.7.15 (gen A, no operation name); forceSendInvite false creates without sending', async () => {
    const a = await gql('{"query":"mutation($email:String!$input:UserInput!){userInvite(email: $email input: $input){user{email,htmlUrl,id,name,role},errors{message,path}}}","variables":{"email":"ada@opslevel.test","input":{"name":"Ada","role":"admin"}}}\n');
    expect(a.body.data.userInvite.errors).toEqual([]);
    expect(Object.keys(a.body.data.userInvite.user)).toEqual(['email', 'htmlUrl', 'id', 'name', 'role']);
    expect(a.body.data.userInvite.user.role).toBe('admin');
    const quiet = await gql(JSON.stringify({
      query: 'mutation UserInvite($email:String!$forceSendInvite:Boolean$input:UserInput!){userInvite(email: $email input: $input, forceSendInvite: $forceSendInvite){user{id,email},errors{message,path}}}',
      variables: { email: 'quiet@opslevel.test', forceSendInvite: false, input: { name: 'Quiet', role: 'user' } },
    }));
    expect(quiet.body.data.userInvite).toMatchObject({ user: { email: 'quiet@opslevel.test' }, errors: [] });
    const queued = await t.database.db.selectFrom('notifications').select('kind').where('recipient', '=', 'quiet@opslevel.test').execute();
    expect(queued).toEqual([]);
  });

  test('forceSendInvite true for someone already waiting resends; absent, nothing new is sent; with notifications off the person is still created and nothing leaves', async () => {
    const invite = (email: string, force?: boolean) => gql(JSON.stringify({
      query: 'mutation UserInvite($email:String!$forceSendInvite:Boolean$input:UserInput!){userInvite(email: $email input: $input, forceSendInvite: $forceSendInvite){user{id,email},errors{message,path}}}',
      variables: { email, input: { name: 'Pat' }, ...(force === undefined ? {} : { forceSendInvite: force }) },
    }));
    const kinds = async (email: string) => (await t.database.db.selectFrom('notifications').select('kind').where('recipient', '=', email).orderBy('createdAt').execute()).map((r) => r.kind);
    await invite('pat@opslevel.test');
    await invite('pat@opslevel.test');
    expect(await kinds('pat@opslevel.test')).toEqual(['invitation']);
    const again = await invite('pat@opslevel.test', true);
    expect(again.body.data.userInvite.errors).toEqual([]);
    expect(await kinds('pat@opslevel.test')).toEqual(['invitation', 'invitation_resend']);

    const { apiToken } = await bootstrap(t, 'ops-muted');
    await call(t, 'PATCH', '/api/v1/orgs/ops-muted/settings', { token: apiToken, body: { notificationsEnabled: false } });
    const muted = await gql(JSON.stringify({ query: 'mutation($email:String!$input:UserInput!){userInvite(email: $email input: $input){user{email},errors{message,path}}}', variables: { email: 'hush@opslevel.test', input: { name: 'Hush' } } }), apiToken);
    expect(muted.body.data.userInvite).toEqual({ user: { email: 'hush@opslevel.test' }, errors: [] });
    expect(await kinds('hush@opslevel.test')).toEqual([]);
  });

  test('an unknown role or address is a payload error with HTTP 200; "" as role means none (older Terraform)', async () => {
    const send = (email: string, role: string) => gql(JSON.stringify({ query: 'mutation($email:String!$input:UserInput!){userInvite(email: $email input: $input){user{email,role},errors{message,path}}}', variables: { email, input: { name: 'X', role } } }));
    const badRole = await send('x1@opslevel.test', 'Admin');
    expect([badRole.status, badRole.body.data.userInvite.user, badRole.body.data.userInvite.errors[0].message]).toEqual([200, null, expect.stringContaining('"Admin" is not one of')]);
    const badEmail = await send('not-an-address', 'user');
    expect(badEmail.body.data.userInvite.errors).toEqual([{ message: expect.stringContaining('not-an-address'), path: ['email'] }]);
    const empty = await send('x2@opslevel.test', '');
    expect(empty.body.data.userInvite).toEqual({ user: { email: 'x2@opslevel.test', role: 'user' }, errors: [] });
  });

  test('GetUser by id and by email (gen K), and by id the old way (gen A)', async () => {
    const invited = await gql(JSON.stringify({ query: 'mutation($email:String!$input:UserInput!){userInvite(email: $email input: $input){user{id},errors{message,path}}}', variables: { email: 'grace@opslevel.test', input: { name: 'Grace', role: 'standards_admin' } } }));
    const id = invited.body.data.userInvite.user.id;
    for (const input of [{ id }, { email: 'GRACE@opslevel.test' }]) {
      const res = await gql(JSON.stringify({ query: `query UserGet($input:UserIdentifierInput!){account{user(input: $input){${USER_K}}}}`, variables: { input }, operationName: 'UserGet' }));
      expect(res.body.data.account.user).toMatchObject({ id, email: 'grace@opslevel.test', role: 'standards_admin' });
    }
    const old = await gql(JSON.stringify({ query: 'query($id:ID!){account{user(id: $id){email,htmlUrl,id,name,role}}}', variables: { id } }));
    expect(old.body.data.account.user.email).toBe('grace@opslevel.test');
    const missing = await gql(JSON.stringify({ query: `query UserGet($input:UserIdentifierInput!){account{user(input: $input){id}}}`, variables: { input: { email: 'nobody@opslevel.test' } } }));
    expect(missing.body.data.account.user).toBeNull();
  });

  test('ListUsers pages through 1,200 users in pages of 500, after: "" first; the deactivated filter', async () => {
    const emails = Array.from({ length: 1200 }, (_, i) => `u${String(i).padStart(4, '0')}@list.test`);
    const { apiToken } = await bootstrap(t, 'ops-list');
    const added = await call(t, 'POST', '/api/v1/orgs/ops-list/invitations', { token: apiToken, body: { emails, role: 'member', sendInvite: false } });
    expect(added.body.counts.created).toBe(1200);
    const seen: string[] = [];
    let after = '';
    for (let page = 0; page < 5; page++) {
      const res = await gql(JSON.stringify({
        query: `query UserList($after:String!$filter:[UsersFilterInput!]$first:Int!){account{users(after: $after, first: $first, filter: $filter){nodes{${USER_K}},pageInfo{hasNextPage,hasPreviousPage,startCursor,endCursor}}}}`,
        variables: { after, filter: [{ key: 'deactivated_at', type: 'equals' }], first: 500 },
        operationName: 'UserList',
      }), apiToken);
      const users = res.body.data.account.users;
      seen.push(...users.nodes.map((u: { email: string }) => u.email));
      if (!users.pageInfo.hasNextPage) break;
      after = users.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(1201); // and the admin
    expect(new Set(seen).size).toBe(1201);
    const counted = await gql(JSON.stringify({ query: 'query UserList($after:String!$first:Int!){account{users(after: $after, first: $first){nodes{id,email,htmlUrl,name,role},pageInfo{hasNextPage,hasPreviousPage,startCursor,endCursor},totalCount}}}', variables: { after: '', first: 100 } }), apiToken);
    expect(counted.body.data.account.users.totalCount).toBe(1201);
    expect(counted.body.data.account.users.nodes).toHaveLength(100);
  });

  test('UpdateUser (gen A bodies) by email and by id; a role written reads back as written; DeleteUser, and an unknown user names the address', async () => {
    const created = await gql(JSON.stringify({ query: 'mutation($email:String!$input:UserInput!){userInvite(email: $email input: $input){user{id},errors{message,path}}}', variables: { email: 'kyle@update.test', input: { name: 'Kyle' } } }));
    const id = created.body.data.userInvite.user.id;
    const update = 'mutation($input:UserInput!$user:UserIdentifierInput!){userUpdate(user: $user input: $input){user{email,htmlUrl,id,name,role},errors{message,path}}}';
    const byEmail = await gql(JSON.stringify({ query: update, variables: { input: { role: 'admin' }, user: { email: 'kyle@update.test' } } }));
    expect(byEmail.body.data.userUpdate).toMatchObject({ user: { role: 'admin', name: 'Kyle' }, errors: [] });
    const byId = await gql(JSON.stringify({ query: update, variables: { input: { name: 'Kyle R', role: 'team_member' }, user: { id } } }));
    expect(byId.body.data.userUpdate).toMatchObject({ user: { role: 'team_member', name: 'Kyle R' }, errors: [] });
    const rest = await call(t, 'GET', `/api/v1/orgs/ops/members/${Buffer.from(id, 'base64url').toString().split('/').at(-1)}`, { token });
    expect([rest.body.role, rest.body.name]).toEqual(['member', 'Kyle R']);

    const del = 'mutation UserDelete($user:UserIdentifierInput!){userDelete(user: $user){errors{message,path}}}';
    const deleted = await gql(JSON.stringify({ query: del, variables: { user: { email: 'kyle@update.test' } }, operationName: 'UserDelete' }));
    expect(deleted.body).toEqual({ data: { userDelete: { errors: [] } } });
    const gone = await gql(JSON.stringify({ query: del, variables: { user: { email: 'not-found@opslevel.com' } } }));
    expect(gone.body.data.userDelete.errors).toEqual([{ message: "User with email 'not-found@opslevel.com' does not exist on this account", path: ['user'] }]);
  });

  test("usersInvite: the seed's own mutation as written, named users by id and email, and scope: pending", async () => {
    const { apiToken } = await bootstrap(t, 'ops-bulk');
    const add = (emails: string[]) => call(t, 'POST', '/api/v1/orgs/ops-bulk/invitations', { token: apiToken, body: { emails, role: 'member', sendInvite: false } });
    await add(['p1@bulk.test', 'p2@bulk.test', 'p3@bulk.test']);
    const kinds = async () => (await t.database.db.selectFrom('notifications').select(['recipient', 'kind']).where('recipient', 'like', '%@bulk.test').orderBy('recipient').execute());

    // The seed's example, pasted as it is: its id is one of OpsLevel's, unknown here, so it is reported as failed.
    const seed = await gql(JSON.stringify({ query: 'mutation inviteUsers {\n  usersInvite(input: { users: [{ id: "Z2lkOi8vb3BzbGV2ZWwvVXNlci84Mzc" }] }) {\n    users {\n      id\n      name\n    }\n    failed\n  }\n}', operationName: 'inviteUsers' }), apiToken);
    expect(seed.body).toEqual({ data: { usersInvite: { users: [], failed: ['Z2lkOi8vb3BzbGV2ZWwvVXNlci84Mzc'] } } });
    // The seed's other mutation, with a real address in place of the page's obfuscated one.
    const created = await gql(JSON.stringify({ query: 'mutation inviteUser {\n  userInvite(\n    email:"new.user@bulk.test",\n    input: { name: "New User" })\n  {\n    user {\n      id\n      name\n      email\n    }\n  }\n}' }), apiToken);
    expect(created.body.data.userInvite.user).toMatchObject({ name: 'New User', email: 'new.user@bulk.test' });
    await call(t, 'DELETE', `/api/v1/orgs/ops-bulk/members/${Buffer.from(created.body.data.userInvite.user.id, 'base64url').toString().split('/').at(-1)}`, { token: apiToken });
    await t.database.db.deleteFrom('notifications').where('recipient', '=', 'new.user@bulk.test').execute();

    const list = await gql(JSON.stringify({ query: '{account{users(first: 10){nodes{id,email}}}}' }), apiToken);
    const p1 = list.body.data.account.users.nodes.find((u: { email: string }) => u.email === 'p1@bulk.test').id;
    const named = await gql(JSON.stringify({
      query: 'mutation($input:UsersInviteInput!){usersInvite(input: $input){users{email},failed,errors{message,path}}}',
      variables: { input: { users: [{ id: p1 }, { email: 'P2@bulk.test' }, { email: 'nobody@bulk.test' }, { email: 'admin@ops-bulk.test' }] } },
    }), apiToken);
    expect(named.body.data.usersInvite.users.map((u: { email: string }) => u.email).sort()).toEqual(['p1@bulk.test', 'p2@bulk.test']);
    expect(named.body.data.usersInvite.failed.sort()).toEqual(['admin@ops-bulk.test', 'nobody@bulk.test']);
    expect(await kinds()).toEqual([{ recipient: 'p1@bulk.test', kind: 'invitation' }, { recipient: 'p2@bulk.test', kind: 'invitation' }]);

    const pending = await gql(JSON.stringify({ query: 'mutation{usersInvite(input: {scope: pending}){users{email},failed}}' }), apiToken);
    expect(pending.body.data.usersInvite.users.map((u: { email: string }) => u.email).sort()).toEqual(['p1@bulk.test', 'p2@bulk.test', 'p3@bulk.test']);
    expect((await kinds()).map((k) => k.kind)).toEqual(['invitation', 'invitation_resend', 'invitation', 'invitation_resend', 'invitation']);
  });

  test("Guestlist's additions: invitations by status with paging, one by id, resend, revoke with removeMember, settings and the mute", async () => {
    const { apiToken } = await bootstrap(t, 'ops-inv');
    await call(t, 'POST', '/api/v1/orgs/ops-inv/invitations', { token: apiToken, body: { emails: ['i1@inv.test', 'i2@inv.test', 'i3@inv.test'], role: 'member' } });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await gql(JSON.stringify({ query: 'query($after:String){account{invitations(status: pending, first: 2, after: $after){nodes{id,email,status,role,sentCount},pageInfo{hasNextPage,endCursor}}}}', variables: { after } }), apiToken);
      seen.push(...page.body.data.account.invitations.nodes.map((n: { email: string }) => n.email));
      after = page.body.data.account.invitations.pageInfo.hasNextPage ? page.body.data.account.invitations.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual(['i1@inv.test', 'i2@inv.test', 'i3@inv.test']);
    const all = await gql(JSON.stringify({ query: '{account{invitations{nodes{id,email}}}}' }), apiToken);
    const id = all.body.data.account.invitations.nodes.find((n: { email: string }) => n.email === 'i1@inv.test').id;
    const one = await gql(JSON.stringify({ query: 'query($id:ID!){account{invitation(id: $id){email,status}}}', variables: { id } }), apiToken);
    expect(one.body.data.account.invitation).toEqual({ email: 'i1@inv.test', status: 'pending' });

    const resent = await gql(JSON.stringify({ query: 'mutation($id:ID!){invitationResend(id: $id){invitation{sentCount,status},errors{message,path}}}', variables: { id } }), apiToken);
    expect(resent.body.data.invitationResend).toEqual({ invitation: { sentCount: 2, status: 'pending' }, errors: [] });
    const revoked = await gql(JSON.stringify({ query: 'mutation($id:ID!){invitationRevoke(id: $id, removeMember: true){invitation{status},errors{message,path}}}', variables: { id } }), apiToken);
    expect(revoked.body.data.invitationRevoke).toEqual({ invitation: { status: 'revoked' }, errors: [] });
    const again = await gql(JSON.stringify({ query: 'mutation($id:ID!){invitationRevoke(id: $id){invitation{status},errors{message,path}}}', variables: { id } }), apiToken);
    expect(again.body.data.invitationRevoke).toEqual({ invitation: null, errors: [{ message: expect.any(String), path: ['id'] }] });

    const muted = await gql(JSON.stringify({ query: 'mutation{settingsUpdate(notificationsEnabled: false){settings{notificationsEnabled},errors{message,path}}}' }), apiToken);
    expect(muted.body.data.settingsUpdate).toEqual({ settings: { notificationsEnabled: false }, errors: [] });
    const read = await gql(JSON.stringify({ query: '{account{settings{notificationsEnabled,invitationTtlDays}}}' }), apiToken);
    expect(read.body.data.account.settings).toEqual({ notificationsEnabled: false, invitationTtlDays: 7 });
    const queued = await t.database.db.selectFrom('notifications').select('status').where('recipient', 'like', '%@inv.test').where('status', '=', 'queued').execute();
    expect(queued).toEqual([]); // the mute suppressed what was still queued
  });

  test("a user's teams page by the client's UserTeamsList (first/after), with totalCount", async () => {
    const { apiToken } = await bootstrap(t, 'ops-teams');
    const teamIds = [];
    for (const name of ['Platform', 'Data Science', 'Web']) teamIds.push((await call(t, 'POST', '/api/v1/orgs/ops-teams/teams', { token: apiToken, body: { name } })).body.id);
    const added = await call(t, 'POST', '/api/v1/orgs/ops-teams/invitations', { token: apiToken, body: { emails: ['tm@teams.test'], role: 'member', teams: teamIds } });
    const userId = Buffer.from(`gid://guestlist/User/${added.body.results[0].memberId}`).toString('base64url');
    const query = 'query UserTeamsList($after:String!$first:Int!$user:ID!){account{user(id: $user){teams(after: $after, first: $first){nodes{alias,id},pageInfo{hasNextPage,hasPreviousPage,startCursor,endCursor},totalCount}}}}';
    const aliases: string[] = [];
    let after = '';
    for (;;) {
      const res = await gql(JSON.stringify({ query, variables: { after, first: 2, user: userId }, operationName: 'UserTeamsList' }), apiToken);
      const teams = res.body.data.account.user.teams;
      expect(teams.totalCount).toBe(3);
      aliases.push(...teams.nodes.map((n: { alias: string }) => n.alias));
      if (!teams.pageInfo.hasNextPage) break;
      after = teams.pageInfo.endCursor;
    }
    expect(aliases).toEqual(['data_science', 'platform', 'web']);
  });

  test('no token or a bad one: a top-level error, 401; a read token cannot invite', async () => {
    const none = await gql('{"query":"{account{id}}"}', null);
    expect(none.status).toBe(401);
    expect(none.body.errors[0].message).toContain('Bearer');
    const bad = await gql('{"query":"{account{id}}"}', 'glt_nope');
    expect(bad.status).toBe(401);
    const read = await call(t, 'POST', '/api/v1/orgs/ops/api-tokens', { token, body: { name: 'reader', scope: 'read' } });
    const refused = await gql(JSON.stringify({ query: 'mutation($email:String!$input:UserInput!){userInvite(email: $email input: $input){user{id},errors{message,path}}}', variables: { email: 'no@opslevel.test', input: {} } }), read.body.token);
    expect(refused.body.data.userInvite.user).toBeNull();
    expect(refused.body.data.userInvite.errors[0].message).toMatch(/admins/);
    expect((await gql('{"query":"{account{id}}"}', read.body.token)).status).toBe(200);
  });

  test('a deep query and 1,000 aliases are refused with a clear error, before running', async () => {
    const nested = '{a:__schema{types{fields{type{fields{type{fields{type{fields{type{fields{type{name}}}}}}}}}}}}}';
    const tooDeep = await gql(JSON.stringify({ query: nested }));
    expect(tooDeep.body.errors[0].message).toMatch(/depth/i);
    const aliases = `{account{${Array.from({ length: 1000 }, (_, i) => `a${i}:id`).join(' ')}}}`;
    const tooMany = await gql(JSON.stringify({ query: aliases }));
    expect(tooMany.body.errors[0].message).toMatch(/alias|token/i);
    expect(JSON.stringify(tooMany.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
