// Replayable SCIM 2.0 request sequences as Microsoft Entra ID (Azure AD provisioning service)
// and Okta send them, taken from their public documentation. Sources per step are listed in
// provider-sequences.md next to this file.
//
// Conventions for the runner:
// - `path` is relative to /scim/v2 and its query values are NOT URL-encoded yet.
// - `{{name}}` placeholders appear in paths, in string values inside bodies AND in string values
//   of `expect`; substitute them everywhere. `{{run}}` is the per-run unique suffix, every other
//   name is a variable captured by an earlier step of the same sequence.
// - `expect` keys are dotted paths with numeric array indexes. Keys never use the enterprise
//   extension URN, because that URN itself contains a dot ("...:enterprise:2.0:User").
// - Bodies are kept as the providers send them (op casing, "False" strings, `$ref: null`,
//   read-only `meta`/`id`/`groups` sent by the client, Okta's `password`, ...). Only ids and
//   addresses were replaced.

export interface ScimStep {
  /** What this step is, as the provider documents it (one line). */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path after /scim/v2, e.g. '/Users?filter=userName eq "{{email1}}"' (query values NOT yet URL-encoded; the runner encodes). */
  path: string;
  body?: unknown;
  /** Expected HTTP status. */
  status: number;
  /** Values to capture from the JSON response: variable name -> dotted path, e.g. { userId: 'id' } or { groupId: 'id' }. */
  capture?: Record<string, string>;
  /** Expected values in the JSON response: dotted path (array indexes allowed, e.g. 'Resources.0.userName') -> exact value. */
  expect?: Record<string, unknown>;
}

export interface ScimSequence {
  provider: 'entra' | 'okta';
  name: string;
  /** URL of the doc page */
  source: string;
  steps: ScimStep[];
}

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
/** Extra schema URN Entra puts in group creation requests. */
const ENTRA_GROUP_EXTRA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

const ENTRA_TUTORIAL =
  'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups';
const ENTRA_KNOWN_ISSUES =
  'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility';
const OKTA_SCIM20 = 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20';
const OKTA_SPEC_TEST = 'https://developer.okta.com/standards/SCIM/SCIMFiles/Okta-SCIM-20-SPEC-Test.json';

/** Entra "Create User" request (tutorial, Request/Response section), with the enterprise extension object filled in. */
function entraCreateUser(
  userName: string,
  externalId: string,
  workEmail: string,
  givenName: string,
  familyName: string,
  employeeNumber: string,
  department: string,
): unknown {
  return {
    schemas: [USER, ENTERPRISE],
    externalId,
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: workEmail }],
    meta: { resourceType: 'User' },
    name: { formatted: `${givenName} ${familyName}`, familyName, givenName },
    roles: [],
    [ENTERPRISE]: { employeeNumber, department },
  };
}

/** Okta "Create the User" request (SCIM 2.0 reference), password and all. */
function oktaCreateUser(userName: string, givenName: string, familyName: string, externalId: string): unknown {
  return {
    schemas: [USER],
    userName,
    name: { givenName, familyName },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${givenName} ${familyName}`,
    locale: 'en-US',
    externalId,
    groups: [],
    password: '1mz050nq',
    active: true,
  };
}

function patch(operations: unknown[]): unknown {
  return { schemas: [PATCH_OP], Operations: operations };
}

// ---------------------------------------------------------------------------------------------
// Microsoft Entra ID
// ---------------------------------------------------------------------------------------------

export const entraSequences: ScimSequence[] = [
  {
    provider: 'entra',
    name: 'Test Connection (admin clicks "Test Connection" in the provisioning blade)',
    source: ENTRA_TUTORIAL,
    steps: [
      {
        name: 'Test Connection: query a user that does not exist, matching attribute set to a random GUID; expects 200 with an empty ListResponse',
        method: 'GET',
        path: '/Users?filter=userName eq "a3bd7a8f-1c59-4e3c-9d4f-5c2f0e6b7a91"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0 },
      },
      {
        name: 'Entra also fetches a random group to validate endpoint and credentials (group matching query shape)',
        method: 'GET',
        path: '/Groups?excludedAttributes=members&filter=displayName eq "c4e1b2f0-7d3a-4b8e-a0f6-2e9d1c5b8f47"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0 },
      },
    ],
  },
  {
    provider: 'entra',
    name: 'User lifecycle: match, create, query, update, disable/enable, delete',
    source: ENTRA_TUTORIAL,
    steps: [
      {
        name: 'Match before create: Get User by query (userName eq) returns zero results',
        method: 'GET',
        path: '/Users?filter=userName eq "entra.user.{{run}}@example.com"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0 },
      },
      {
        name: 'Create User (manager first, so it can be referenced later)',
        method: 'POST',
        path: '/Users',
        body: entraCreateUser(
          'entra.manager.{{run}}@example.com',
          'entra-manager-{{run}}',
          'entra.manager.{{run}}@example.com',
          'Morgan',
          'Manager',
          'M-{{run}}',
          'Operations',
        ),
        status: 201,
        capture: { managerId: 'id' },
        expect: { userName: 'entra.manager.{{run}}@example.com', active: true },
      },
      {
        name: 'Create User (POST /Users with core + enterprise schemas, externalId = mailNickname, roles: [])',
        method: 'POST',
        path: '/Users',
        body: entraCreateUser(
          'entra.user.{{run}}@example.com',
          'entra-user-{{run}}',
          'entra.user.{{run}}@example.com',
          'Ryan',
          'Jensen',
          'E-{{run}}',
          'Tour Operations',
        ),
        status: 201,
        capture: { userId: 'id' },
        expect: {
          userName: 'entra.user.{{run}}@example.com',
          externalId: 'entra-user-{{run}}',
          active: true,
          'name.givenName': 'Ryan',
          'name.familyName': 'Jensen',
          'emails.0.value': 'entra.user.{{run}}@example.com',
          'emails.0.type': 'work',
        },
      },
      {
        name: 'Get User (GET /Users/{id}, user found)',
        method: 'GET',
        path: '/Users/{{userId}}',
        status: 200,
        expect: { id: '{{userId}}', userName: 'entra.user.{{run}}@example.com', active: true },
      },
      {
        name: 'Get User by query (filter=userName eq)',
        method: 'GET',
        path: '/Users?filter=userName eq "entra.user.{{run}}@example.com"',
        status: 200,
        expect: {
          'schemas.0': LIST,
          totalResults: 1,
          startIndex: 1,
          'Resources.0.id': '{{userId}}',
          'Resources.0.userName': 'entra.user.{{run}}@example.com',
        },
      },
      {
        name: 'Query the service for a matching user by externalId (matching attribute mailNickname -> externalId)',
        method: 'GET',
        path: '/Users?filter=externalId eq "entra-user-{{run}}"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 1, 'Resources.0.id': '{{userId}}' },
      },
      {
        name: 'Uniqueness attributes must be filterable: emails[type eq "work"].value eq',
        method: 'GET',
        path: '/Users?filter=emails[type eq "work"].value eq "entra.user.{{run}}@example.com"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 1, 'Resources.0.id': '{{userId}}' },
      },
      {
        name: 'Get User by query - Zero results (userName eq "non-existent user")',
        method: 'GET',
        path: '/Users?filter=userName eq "non-existent user"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0 },
      },
      {
        name: 'Update User [Multi-valued properties]: Replace emails[type eq "work"].value and name.familyName',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ryan.updated.{{run}}@example.com' },
          { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        ]),
        status: 200,
        expect: {
          id: '{{userId}}',
          'emails.0.value': 'ryan.updated.{{run}}@example.com',
          'emails.0.type': 'work',
          'name.familyName': 'updatedFamilyName',
        },
      },
      {
        name: 'Captured Entra update: Replace on a filtered path with no matching element yet (addresses[type eq "work"].formatted) plus Add of an enterprise URN attribute',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ryan.updated.{{run}}@example.com' },
          { op: 'Replace', path: 'addresses[type eq "work"].formatted', value: '18/2111' },
          { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Retail' },
        ]),
        status: 200,
        expect: {
          'emails.0.value': 'ryan.updated.{{run}}@example.com',
          'addresses.0.type': 'work',
          'addresses.0.formatted': '18/2111',
        },
      },
      {
        name: 'Add on a filtered path for a value the user does not have yet (phoneNumbers[type eq "mobile"].value), stored as sent',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '555-555-5555' }]),
        status: 200,
        expect: { 'phoneNumbers.0.type': 'mobile', 'phoneNumbers.0.value': '555-555-5555' },
      },
      {
        name: 'Update User [Single-valued properties]: Replace userName',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'Replace', path: 'userName', value: 'ryan.renamed.{{run}}@example.com' }]),
        status: 200,
        expect: { id: '{{userId}}', userName: 'ryan.renamed.{{run}}@example.com' },
      },
      {
        name: 'Add a single-value string attribute (op "Add", default behaviour without the aadOptscim062020 flag)',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'Add', path: 'nickName', value: 'Babs' }]),
        status: 200,
        expect: { nickName: 'Babs' },
      },
      {
        name: 'Replace multiple attributes (default behaviour): one Replace per attribute, incl. externalId and an enterprise URN path',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([
          { op: 'Replace', path: 'displayName', value: 'Pvlo' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ryan.pvlo.{{run}}@example.com' },
          { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
          { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
          { op: 'Replace', path: 'externalId', value: 'entra-user-{{run}}-eqpj' },
          { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: 'Eqpj' },
        ]),
        status: 200,
        expect: {
          displayName: 'Pvlo',
          'emails.0.value': 'ryan.pvlo.{{run}}@example.com',
          'name.givenName': 'Gtfd',
          'name.familyName': 'Pkqf',
          externalId: 'entra-user-{{run}}-eqpj',
        },
      },
      {
        name: 'Replace multiple attributes (aadOptscim062020 flag): filtered-path replace plus a path-less replace whose value keys are dotted paths and URNs',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'ryan.mhvaes.{{run}}@example.com' },
          {
            op: 'replace',
            value: {
              displayName: 'Bjfe',
              'name.givenName': 'Kkom',
              'name.familyName': 'Unua',
              [`${ENTERPRISE}:employeeNumber`]: 'Aklq',
            },
          },
        ]),
        status: 200,
        expect: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          'emails.0.value': 'ryan.mhvaes.{{run}}@example.com',
        },
      },
      {
        name: 'Set the manager: enterprise manager URN path with the manager id as a plain string value',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'add', path: `${ENTERPRISE}:manager`, value: '{{managerId}}' }]),
        status: 200,
        expect: { id: '{{userId}}' },
      },
      {
        name: 'Disable User (default behaviour): Replace active with the string "False"',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'Replace', path: 'active', value: 'False' }]),
        status: 200,
        expect: { id: '{{userId}}', active: false },
      },
      {
        name: 'Soft-deleted user must still be returned by GET /Users/{id}',
        method: 'GET',
        path: '/Users/{{userId}}',
        status: 200,
        expect: { id: '{{userId}}', active: false },
      },
      {
        name: 'Soft-deleted user must still be returned by the matching query',
        method: 'GET',
        path: '/Users?filter=userName eq "ryan.renamed.{{run}}@example.com"',
        status: 200,
        expect: { totalResults: 1, 'Resources.0.id': '{{userId}}', 'Resources.0.active': false },
      },
      {
        name: 'Restore the user (default behaviour): Replace active with the string "True"',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'Replace', path: 'active', value: 'True' }]),
        status: 200,
        expect: { id: '{{userId}}', active: true },
      },
      {
        name: 'Disable User (tutorial request): Replace active with boolean false, Operations before schemas',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: {
          Operations: [{ op: 'Replace', path: 'active', value: false }],
          schemas: [PATCH_OP],
        },
        status: 200,
        expect: { id: '{{userId}}', active: false },
      },
      {
        name: 'Restore the user (aadOptscim062020 flag): lowercase replace with boolean true',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'replace', path: 'active', value: true }]),
        status: 200,
        expect: { id: '{{userId}}', active: true },
      },
      {
        name: 'Get User, user not found: 404 with an Error message whose status is the string "404"',
        method: 'GET',
        path: '/Users/5171a35d82074e068ce2',
        status: 404,
        expect: { 'schemas.0': ERROR, status: '404' },
      },
      {
        name: 'Delete User (hard delete)',
        method: 'DELETE',
        path: '/Users/{{userId}}',
        status: 204,
      },
      {
        name: 'Deleted user is gone: Get User returns 404',
        method: 'GET',
        path: '/Users/{{userId}}',
        status: 404,
        expect: { 'schemas.0': ERROR, status: '404' },
      },
      {
        name: 'Deleted user no longer matches by userName',
        method: 'GET',
        path: '/Users?filter=userName eq "ryan.renamed.{{run}}@example.com"',
        status: 200,
        expect: { totalResults: 0 },
      },
      {
        name: 'Delete User (manager)',
        method: 'DELETE',
        path: '/Users/{{managerId}}',
        status: 204,
      },
    ],
  },
  {
    provider: 'entra',
    name: 'Group lifecycle: match, create, rename, add/remove members, delete',
    source: ENTRA_TUTORIAL,
    steps: [
      {
        name: 'Create User (future member 1)',
        method: 'POST',
        path: '/Users',
        body: entraCreateUser(
          'entra.member1.{{run}}@example.com',
          'entra-member1-{{run}}',
          'entra.member1.{{run}}@example.com',
          'Avery',
          'One',
          'G1-{{run}}',
          'Sales',
        ),
        status: 201,
        capture: { memberId1: 'id' },
      },
      {
        name: 'Create User (future member 2)',
        method: 'POST',
        path: '/Users',
        body: entraCreateUser(
          'entra.member2.{{run}}@example.com',
          'entra-member2-{{run}}',
          'entra.member2.{{run}}@example.com',
          'Blake',
          'Two',
          'G2-{{run}}',
          'Sales',
        ),
        status: 201,
        capture: { memberId2: 'id' },
      },
      {
        name: 'Get Group by displayName (excludedAttributes=members) before create: no match',
        method: 'GET',
        path: '/Groups?excludedAttributes=members&filter=displayName eq "Entra Group {{run}}"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0 },
      },
      {
        name: 'Create Group (core Group schema plus the Microsoft ADSCIM Group schema URN, no members)',
        method: 'POST',
        path: '/Groups',
        body: {
          schemas: [GROUP, ENTRA_GROUP_EXTRA],
          externalId: '8aa1a0c0-c4c3-4bc0-b4a5-{{run}}',
          displayName: 'Entra Group {{run}}',
          meta: { resourceType: 'Group' },
        },
        status: 201,
        capture: { groupId: 'id' },
        expect: { displayName: 'Entra Group {{run}}', externalId: '8aa1a0c0-c4c3-4bc0-b4a5-{{run}}' },
      },
      {
        name: 'Get Group (GET /Groups/{id}?excludedAttributes=members)',
        method: 'GET',
        path: '/Groups/{{groupId}}?excludedAttributes=members',
        status: 200,
        expect: { id: '{{groupId}}', displayName: 'Entra Group {{run}}' },
      },
      {
        name: 'Get Group by displayName (GET /Groups?excludedAttributes=members&filter=displayName eq)',
        method: 'GET',
        path: '/Groups?excludedAttributes=members&filter=displayName eq "Entra Group {{run}}"',
        status: 200,
        expect: {
          'schemas.0': LIST,
          totalResults: 1,
          'Resources.0.id': '{{groupId}}',
          'Resources.0.displayName': 'Entra Group {{run}}',
        },
      },
      {
        name: 'Update Group [Non-member attributes]: Replace displayName, expects 204 No Content',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([{ op: 'Replace', path: 'displayName', value: 'Entra Group {{run}} updatedDisplayName' }]),
        status: 204,
      },
      {
        name: 'Get Group after rename',
        method: 'GET',
        path: '/Groups/{{groupId}}?excludedAttributes=members',
        status: 200,
        expect: { id: '{{groupId}}', displayName: 'Entra Group {{run}} updatedDisplayName' },
      },
      {
        name: 'Get Group by the new displayName',
        method: 'GET',
        path: '/Groups?excludedAttributes=members&filter=displayName eq "Entra Group {{run}} updatedDisplayName"',
        status: 200,
        expect: { totalResults: 1, 'Resources.0.id': '{{groupId}}' },
      },
      {
        name: 'Update Group [Add Members]: Add members with [{ "$ref": null, value }]',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([{ op: 'Add', path: 'members', value: [{ $ref: null, value: '{{memberId1}}' }] }]),
        status: 204,
      },
      {
        name: 'Check membership (member 1 present)',
        method: 'GET',
        path: '/Groups/{{groupId}}',
        status: 200,
        expect: { 'members.0.value': '{{memberId1}}' },
      },
      {
        name: 'Update Group [Add Members] for member 2',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([{ op: 'Add', path: 'members', value: [{ $ref: null, value: '{{memberId2}}' }] }]),
        status: 204,
      },
      {
        name: 'Remove a group member (aadOptscim062020 flag): lowercase remove with path members[value eq "..."]',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([{ op: 'remove', path: 'members[value eq "{{memberId1}}"]' }]),
        status: 204,
      },
      {
        name: 'Check membership (only member 2 left)',
        method: 'GET',
        path: '/Groups/{{groupId}}',
        status: 200,
        expect: { 'members.0.value': '{{memberId2}}' },
      },
      {
        name: 'Update Group [Remove Members] (default behaviour): Remove path "members" with a value list',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: '{{memberId2}}' }] }]),
        status: 204,
      },
      {
        name: 'Add several members with a single PATCH (gallery onboarding checklist)',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([
          {
            op: 'Add',
            path: 'members',
            value: [
              { $ref: null, value: '{{memberId1}}' },
              { $ref: null, value: '{{memberId2}}' },
            ],
          },
        ]),
        status: 204,
      },
      {
        name: 'Delete Group',
        method: 'DELETE',
        path: '/Groups/{{groupId}}',
        status: 204,
      },
      {
        name: 'Deleted group is gone: Get Group returns 404',
        method: 'GET',
        path: '/Groups/{{groupId}}?excludedAttributes=members',
        status: 404,
        expect: { 'schemas.0': ERROR, status: '404' },
      },
      {
        name: 'Delete User (member 1)',
        method: 'DELETE',
        path: '/Users/{{memberId1}}',
        status: 204,
      },
      {
        name: 'Delete User (member 2)',
        method: 'DELETE',
        path: '/Users/{{memberId2}}',
        status: 204,
      },
    ],
  },
  {
    provider: 'entra',
    name: 'Schema discovery',
    source: ENTRA_TUTORIAL,
    steps: [
      {
        name: 'Discover schema (GET /Schemas must return a ListResponse)',
        method: 'GET',
        path: '/Schemas',
        status: 200,
        expect: { 'schemas.0': LIST },
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Okta
// ---------------------------------------------------------------------------------------------

export const oktaSequences: ScimSequence[] = [
  {
    provider: 'okta',
    name: 'User provisioning (OIN integration: PUT for profile updates, PATCH for (de)activation)',
    source: OKTA_SCIM20,
    steps: [
      {
        name: 'Determine if the User already exists (filter=userName eq, startIndex=1, count=100): empty ListResponse',
        method: 'GET',
        path: '/Users?filter=userName eq "okta.user.{{run}}@example.com"&startIndex=1&count=100',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0, startIndex: 1 },
      },
      {
        name: 'Create the User (POST /Users with password, locale, groups: [], active: true)',
        method: 'POST',
        path: '/Users',
        body: oktaCreateUser('okta.user.{{run}}@example.com', 'Test', 'User', '00u{{run}}okta'),
        status: 201,
        capture: { userId: 'id' },
        expect: {
          userName: 'okta.user.{{run}}@example.com',
          'name.givenName': 'Test',
          'name.familyName': 'User',
          'emails.0.value': 'okta.user.{{run}}@example.com',
          active: true,
        },
      },
      {
        name: 'Retrieve a specific User (GET /Users/{id})',
        method: 'GET',
        path: '/Users/{{userId}}',
        status: 200,
        expect: { id: '{{userId}}', userName: 'okta.user.{{run}}@example.com', active: true },
      },
      {
        name: 'Determine if the User already exists, now found',
        method: 'GET',
        path: '/Users?filter=userName eq "okta.user.{{run}}@example.com"&startIndex=1&count=100',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 1, startIndex: 1, 'Resources.0.id': '{{userId}}' },
      },
      {
        name: 'Retrieve Users (import, GET /Users?startIndex=1&count=100; paging values are integers)',
        method: 'GET',
        path: '/Users?startIndex=1&count=100',
        status: 200,
        expect: { 'schemas.0': LIST, startIndex: 1 },
      },
      {
        name: 'Update a specific User (PUT), step 1: Retrieve the User',
        method: 'GET',
        path: '/Users/{{userId}}',
        status: 200,
        expect: { id: '{{userId}}' },
      },
      {
        name: 'Update a specific User (PUT), step 2: PUT the whole retrieved user with the changed attributes',
        method: 'PUT',
        path: '/Users/{{userId}}',
        body: {
          schemas: [USER],
          id: '{{userId}}',
          userName: 'okta.user.{{run}}@example.com',
          name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
          emails: [
            {
              primary: true,
              value: 'okta.user.{{run}}@example.com',
              type: 'work',
              display: 'okta.user.{{run}}@example.com',
            },
          ],
          active: true,
          groups: [],
          meta: { resourceType: 'User' },
        },
        status: 200,
        expect: {
          id: '{{userId}}',
          userName: 'okta.user.{{run}}@example.com',
          'name.givenName': 'Another',
          'name.middleName': 'Excited',
          'name.familyName': 'User',
          active: true,
        },
      },
      {
        name: 'Update a specific User (PATCH): deactivate with path-less replace value { active: false }',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'replace', value: { active: false } }]),
        status: 200,
        expect: { id: '{{userId}}', active: false },
      },
      {
        name: 'Verify the user is deactivated (Okta never DELETEs users)',
        method: 'GET',
        path: '/Users/{{userId}}',
        status: 200,
        expect: { id: '{{userId}}', active: false },
      },
      {
        name: 'Update a specific User (PATCH): reactivate with path-less replace value { active: true }',
        method: 'PATCH',
        path: '/Users/{{userId}}',
        body: patch([{ op: 'replace', value: { active: true } }]),
        status: 200,
        expect: { id: '{{userId}}', active: true },
      },
      {
        name: 'Create the User when it already exists: 409 Conflict with an Error message',
        method: 'POST',
        path: '/Users',
        body: oktaCreateUser('okta.user.{{run}}@example.com', 'Test', 'User', '00u{{run}}okta'),
        status: 409,
        expect: { 'schemas.0': ERROR, scimType: 'uniqueness', status: '409' },
      },
    ],
  },
  {
    provider: 'okta',
    name: 'User provisioning (custom AIW integration: every update, including deactivation, is a PUT)',
    source: OKTA_SCIM20,
    steps: [
      {
        name: 'Determine if the User already exists',
        method: 'GET',
        path: '/Users?filter=userName eq "okta.aiw.{{run}}@example.com"&startIndex=1&count=100',
        status: 200,
        expect: { totalResults: 0 },
      },
      {
        name: 'Create the User',
        method: 'POST',
        path: '/Users',
        body: oktaCreateUser('okta.aiw.{{run}}@example.com', 'Aiw', 'User', '00u{{run}}aiw'),
        status: 201,
        capture: { userId: 'id' },
        expect: { userName: 'okta.aiw.{{run}}@example.com', active: true },
      },
      {
        name: 'Retrieve the User before the PUT',
        method: 'GET',
        path: '/Users/{{userId}}',
        status: 200,
        expect: { id: '{{userId}}' },
      },
      {
        name: 'Deactivate via PUT: the whole user with active: false',
        method: 'PUT',
        path: '/Users/{{userId}}',
        body: {
          schemas: [USER],
          id: '{{userId}}',
          userName: 'okta.aiw.{{run}}@example.com',
          name: { givenName: 'Aiw', middleName: '', familyName: 'User' },
          emails: [
            {
              primary: true,
              value: 'okta.aiw.{{run}}@example.com',
              type: 'work',
              display: 'okta.aiw.{{run}}@example.com',
            },
          ],
          active: false,
          groups: [],
          meta: { resourceType: 'User' },
        },
        status: 200,
        expect: { id: '{{userId}}', active: false },
      },
      {
        name: 'Reactivate via PUT: the whole user with active: true',
        method: 'PUT',
        path: '/Users/{{userId}}',
        body: {
          schemas: [USER],
          id: '{{userId}}',
          userName: 'okta.aiw.{{run}}@example.com',
          name: { givenName: 'Aiw', middleName: '', familyName: 'User' },
          emails: [
            {
              primary: true,
              value: 'okta.aiw.{{run}}@example.com',
              type: 'work',
              display: 'okta.aiw.{{run}}@example.com',
            },
          ],
          active: true,
          groups: [],
          meta: { resourceType: 'User' },
        },
        status: 200,
        expect: { id: '{{userId}}', active: true },
      },
    ],
  },
  {
    provider: 'okta',
    name: 'Group Push: create, rename, membership updates, import, unlink with delete',
    source: OKTA_SCIM20,
    steps: [
      {
        name: 'Create the User (future member 1)',
        method: 'POST',
        path: '/Users',
        body: oktaCreateUser('okta.member1.{{run}}@example.com', 'Member', 'One', '00u{{run}}m1'),
        status: 201,
        capture: { memberId1: 'id' },
      },
      {
        name: 'Create the User (future member 2)',
        method: 'POST',
        path: '/Users',
        body: oktaCreateUser('okta.member2.{{run}}@example.com', 'Member', 'Two', '00u{{run}}m2'),
        status: 201,
        capture: { memberId2: 'id' },
      },
      {
        name: 'Retrieve Groups with filter=displayName eq (startIndex=1, count=100): no match yet',
        method: 'GET',
        path: '/Groups?filter=displayName eq "Okta Group {{run}}"&startIndex=1&count=100',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0 },
      },
      {
        name: 'Create Groups (POST /Groups with members: [])',
        method: 'POST',
        path: '/Groups',
        body: { schemas: [GROUP], displayName: 'Okta Group {{run}}', members: [] },
        status: 201,
        capture: { groupId: 'id' },
        expect: { displayName: 'Okta Group {{run}}' },
      },
      {
        name: 'Retrieve specific Groups (GET /Groups/{id})',
        method: 'GET',
        path: '/Groups/{{groupId}}',
        status: 200,
        expect: { id: '{{groupId}}', displayName: 'Okta Group {{run}}' },
      },
      {
        name: 'Retrieve Groups with filter=displayName eq: found',
        method: 'GET',
        path: '/Groups?filter=displayName eq "Okta Group {{run}}"&startIndex=1&count=100',
        status: 200,
        expect: { totalResults: 1, 'Resources.0.id': '{{groupId}}' },
      },
      {
        name: 'Update a specific Group name: path-less replace whose value carries id and displayName (204 accepted)',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([{ op: 'replace', value: { id: '{{groupId}}', displayName: 'Okta Group {{run}} renamed' } }]),
        status: 204,
      },
      {
        name: 'Retrieve specific Groups after rename',
        method: 'GET',
        path: '/Groups/{{groupId}}',
        status: 200,
        expect: { id: '{{groupId}}', displayName: 'Okta Group {{run}} renamed' },
      },
      {
        name: 'Group name update that Okta sends along with every membership update (same name)',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([{ op: 'replace', value: { id: '{{groupId}}', displayName: 'Okta Group {{run}} renamed' } }]),
        status: 204,
      },
      {
        name: 'Update specific Group membership: add members [{ value, display }]',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([
          {
            op: 'add',
            path: 'members',
            value: [{ value: '{{memberId1}}', display: 'okta.member1.{{run}}@example.com' }],
          },
        ]),
        status: 204,
      },
      {
        name: 'Retrieve specific Groups: member 1 present',
        method: 'GET',
        path: '/Groups/{{groupId}}',
        status: 200,
        expect: { displayName: 'Okta Group {{run}} renamed', 'members.0.value': '{{memberId1}}' },
      },
      {
        name: 'Update specific Group membership: remove members[value eq "..."] and add another member in one PATCH',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([
          { op: 'remove', path: 'members[value eq "{{memberId1}}"]' },
          {
            op: 'add',
            path: 'members',
            value: [{ value: '{{memberId2}}', display: 'okta.member2.{{run}}@example.com' }],
          },
        ]),
        status: 204,
      },
      {
        name: 'Retrieve specific Groups: only member 2 left',
        method: 'GET',
        path: '/Groups/{{groupId}}',
        status: 200,
        expect: { 'members.0.value': '{{memberId2}}' },
      },
      {
        name: 'Full push of the membership: replace path "members" with the complete list',
        method: 'PATCH',
        path: '/Groups/{{groupId}}',
        body: patch([
          {
            op: 'replace',
            path: 'members',
            value: [
              { value: '{{memberId1}}', display: 'okta.member1.{{run}}@example.com' },
              { value: '{{memberId2}}', display: 'okta.member2.{{run}}@example.com' },
            ],
          },
        ]),
        status: 204,
      },
      {
        name: 'Update specific Group membership (custom AIW integration): PUT the group with its full member list',
        method: 'PUT',
        path: '/Groups/{{groupId}}',
        body: {
          schemas: [GROUP],
          displayName: 'Okta Group {{run}} renamed',
          members: [{ value: '{{memberId1}}', display: 'okta.member1.{{run}}@example.com' }],
        },
        status: 200,
        expect: {
          id: '{{groupId}}',
          displayName: 'Okta Group {{run}} renamed',
          'members.0.value': '{{memberId1}}',
        },
      },
      {
        name: 'Retrieve Groups (import, GET /Groups?startIndex=1&count=100)',
        method: 'GET',
        path: '/Groups?startIndex=1&count=100',
        status: 200,
        expect: { 'schemas.0': LIST, startIndex: 1 },
      },
      {
        name: 'Delete a specific Group (unlink pushed group, "Delete the group in the target app")',
        method: 'DELETE',
        path: '/Groups/{{groupId}}',
        status: 204,
      },
      {
        name: 'Deleted group is gone',
        method: 'GET',
        path: '/Groups/{{groupId}}',
        status: 404,
        expect: { 'schemas.0': ERROR, status: '404' },
      },
    ],
  },
  {
    provider: 'okta',
    name: 'Okta SCIM 2.0 SPEC test (Runscope suite required before OIN submission)',
    source: OKTA_SPEC_TEST,
    steps: [
      {
        name: 'Setup, not part of the suite: Okta asks for at least one user on the server before running it',
        method: 'POST',
        path: '/Users',
        body: oktaCreateUser('okta.existing.{{run}}@example.com', 'Existing', 'User', '00u{{run}}pre'),
        status: 201,
      },
      {
        name: 'Required Test: Test Users endpoint (GET /Users?count=1&startIndex=1)',
        method: 'GET',
        path: '/Users?count=1&startIndex=1',
        status: 200,
        capture: { ISVUserid: 'Resources.0.id' },
        expect: { 'schemas.0': LIST, startIndex: 1, itemsPerPage: 1 },
      },
      {
        name: 'Required Test: Get Users/{id}',
        method: 'GET',
        path: '/Users/{{ISVUserid}}',
        status: 200,
        expect: { id: '{{ISVUserid}}' },
      },
      {
        name: 'Required Test: Test invalid User by username',
        method: 'GET',
        path: '/Users?filter=userName eq "abcdefgh.{{run}}@example.com"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0 },
      },
      {
        name: 'Required Test: Test invalid User by ID',
        method: 'GET',
        path: '/Users/010101001010101011001010101011',
        status: 404,
        expect: { 'schemas.0': ERROR, status: '404' },
      },
      {
        name: "Required Test: Make sure random user doesn't exist",
        method: 'GET',
        path: '/Users?filter=userName eq "Runscope{{run}}Hfluaklab@example.com"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 0 },
      },
      {
        name: 'Required Test: Create Okta user with realistic values',
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [USER],
          userName: 'Runscope{{run}}Hfluaklab@example.com',
          name: { givenName: 'Runscope300', familyName: 'Hfluaklab151' },
          emails: [{ primary: true, value: 'Runscope{{run}}Hfluaklab@example.com', type: 'work' }],
          displayName: 'Runscope300 Hfluaklab151',
          active: true,
        },
        status: 201,
        capture: { idUserOne: 'id' },
        expect: {
          active: true,
          'name.familyName': 'Hfluaklab151',
          'name.givenName': 'Runscope300',
          userName: 'Runscope{{run}}Hfluaklab@example.com',
        },
      },
      {
        name: 'Required Test: Verify that user was created',
        method: 'GET',
        path: '/Users/{{idUserOne}}',
        status: 200,
        expect: {
          userName: 'Runscope{{run}}Hfluaklab@example.com',
          'name.familyName': 'Hfluaklab151',
          'name.givenName': 'Runscope300',
        },
      },
      {
        name: 'Required Test: Expect failure when recreating user with same values',
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [USER],
          userName: 'Runscope{{run}}Hfluaklab@example.com',
          name: { givenName: 'Runscope300', familyName: 'Hfluaklab151' },
          emails: [{ primary: true, value: 'Runscope{{run}}Hfluaklab@example.com', type: 'work' }],
          displayName: 'Runscope300 Hfluaklab151',
          active: true,
        },
        status: 409,
        expect: { 'schemas.0': ERROR, scimType: 'uniqueness', status: '409' },
      },
      {
        name: 'Required Test: Username Case Sensitivity Check (userName upper-cased in the filter)',
        method: 'GET',
        path: '/Users?filter=userName eq "RUNSCOPE{{run}}HFLUAKLAB@EXAMPLE.COM"',
        status: 200,
        expect: { 'schemas.0': LIST, totalResults: 1, 'Resources.0.id': '{{idUserOne}}' },
      },
      {
        name: 'Optional Test: Verify Groups endpoint',
        method: 'GET',
        path: '/Groups',
        status: 200,
        expect: { 'schemas.0': LIST },
      },
      {
        name: 'Required Test: Check status 404',
        method: 'GET',
        path: '/Users/00919288221112222',
        status: 404,
        expect: { 'schemas.0': ERROR, status: '404' },
      },
    ],
  },
  {
    provider: 'okta',
    name: 'Okta SCIM 2.0 SPEC test, optional discovery tests (earlier revision of the suite)',
    source:
      'https://github.com/okta/okta-developer-docs/blob/11cb1f1e4f46bcc50b68a8ff49869e4fe7db749b/packages/@okta/vuepress-site/docs/guides/oin-build-provisioning-integration/SCIMFiles/Okta-SCIM-20-SPEC-Test.json',
    steps: [
      {
        name: 'Optional Test: Test ServiceProviderConfig endpoint',
        method: 'GET',
        path: '/ServiceProviderConfig',
        status: 200,
        expect: { 'schemas.0': SERVICE_PROVIDER_CONFIG },
      },
      {
        name: 'Optional Test: Check ResourceTypes endpoint',
        method: 'GET',
        path: '/ResourceTypes',
        status: 200,
        expect: { 'schemas.0': LIST },
      },
      {
        name: 'Optional Test: Check Schemas endpoint',
        method: 'GET',
        path: '/Schemas',
        status: 200,
        expect: { 'schemas.0': LIST },
      },
    ],
  },
];
