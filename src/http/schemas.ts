import { z } from '@hono/zod-openapi';

/** Shared request/response pieces; one zod schema validates and documents each. */
export const OrgParam = z.object({
  org: z.string().min(1).max(100).openapi({ param: { name: 'org', in: 'path' }, description: 'Organization slug or id', example: 'acme' }),
});

export const IdParam = z.string().uuid().openapi({ description: 'Resource id (uuid)' });

export const Role = z.enum(['admin', 'member', 'guest']).openapi('Role');
export const AppRole = z.enum(['admin', 'write', 'read']).openapi('AppRole');

export const AppGrant = z.strictObject({ appId: z.string().uuid(), appRole: AppRole }).openapi('AppGrant');

export const PageQuery = {
  cursor: z.string().max(500).optional().openapi({ description: 'Opaque cursor from the previous page' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The error responses every authenticated endpoint can give. */
export const errorResponses = {
  400: problem('Invalid request'),
  401: problem('Not authenticated'),
  403: problem('Not allowed'),
  404: problem('Not found (including another organization\'s ids)'),
  409: problem('Conflicts with the current state'),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const bearerSecurity: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
