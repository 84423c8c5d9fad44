import { z } from 'zod';
import type { BootstrapResult } from '../domain/organizations/bootstrap.ts';

/**
 * How a CLI command reaches the server that holds the embedded database: loopback HTTP to the URL
 * in the data-folder lock, with the lock's secret in this header.
 */
export const CLI_SECRET_HEADER = 'x-guestlist-cli-secret';
export const INTERNAL_CLI_PREFIX = '/internal/cli';
export const BOOTSTRAP_PATH = `${INTERNAL_CLI_PREFIX}/bootstrap`;

export const BootstrapRequest = z.strictObject({
  orgSlug: z.string(),
  orgName: z.string(),
  adminEmail: z.string(),
  adminPassword: z.string().optional(),
});

export type BootstrapRequest = z.infer<typeof BootstrapRequest>;

export const SET_PASSWORD_PATH = `${INTERNAL_CLI_PREFIX}/set-password`;

export const SetPasswordRequest = z.strictObject({ email: z.string(), password: z.string().optional() });

export type SetPasswordRequest = z.infer<typeof SetPasswordRequest>;

/** What `guestlist bootstrap` prints; the admin's password only when it was generated. */
export interface BootstrapOutput {
  org: { id: string; slug: string };
  admin: { id: string; email: string; password?: string };
  apiToken: string;
}

export function presentBootstrap(result: BootstrapResult): BootstrapOutput {
  const { accountId: _accountId, ...admin } = result.admin;
  return { org: result.org, admin, apiToken: result.apiToken };
}
