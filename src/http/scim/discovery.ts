import SCIMMY from 'scimmy';
import { MAX_SCIM_PAGE } from '../../domain/scim/list.ts';
import { GROUP_SCHEMA } from './group-resource.ts';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from './user-resource.ts';

export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** What this service provider supports (RFC 7643 §5). */
export function serviceProviderConfig(base: string): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: `${base.replace(/\/scim\/v2$/, '')}/api/v1/docs`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_SCIM_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'An organization API token of scope scim, sent as Authorization: Bearer <token>.', primary: true },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

/** The schemas this service provider speaks, as scimmy describes them (RFC 7643 §7). */
export function schemaDefinitions(base: string): Record<string, unknown>[] {
  return [SCIMMY.Schemas.User, SCIMMY.Schemas.EnterpriseUser, SCIMMY.Schemas.Group].map((s) => s.definition.describe(`${base}/Schemas`) as Record<string, unknown>);
}

/** The resource types (RFC 7643 §6): Users (with the enterprise extension) and Groups. */
export function resourceTypes(base: string): Record<string, unknown>[] {
  const common = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'] };
  return [
    {
      ...common, id: 'User', name: 'User', endpoint: '/Users', description: 'A member of the organization', schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      ...common, id: 'Group', name: 'Group', endpoint: '/Groups', description: 'A team of the organization', schema: GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

/** A ListResponse (RFC 7644 §3.4.2) with integer counts. */
export function listResponse(resources: unknown[], total: number, startIndex: number): Record<string, unknown> {
  return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}
