import SchemaBuilder from '@pothos/core';
import type { Config } from '../config.ts';
import type { OrgAccess } from '../domain/actor.ts';
import type { Organization } from '../domain/organizations/organization.ts';
import type { Db } from '../storage/db.ts';

/** What every resolver gets: the database, the organization the API token belongs to, and what the token may do there. */
export interface GraphqlContext {
  db: Db;
  config: Config;
  org: Organization;
  access: OrgAccess;
}

/** The code-first schema builder (Pothos): every type and field is declared in TypeScript beside its resolver. */
export const builder = new SchemaBuilder<{ Context: GraphqlContext }>({});

/** The builder's resolved types (for typing helpers that take object refs). */
export type GraphqlTypes = PothosSchemaTypes.ExtendDefaultTypes<{ Context: GraphqlContext }>;
