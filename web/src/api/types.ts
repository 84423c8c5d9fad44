import type { components } from './schema';

/** Shorthands for the generated schema types the console uses most. */
export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];
export type Role = Schemas['Role'];
export type Organization = Schemas['Organization'];
