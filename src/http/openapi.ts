import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';
import { problemResponse } from './problem.ts';

/**
 * A router whose request validation failures become one problem+json shape that names each
 * offending field (unknown fields included, since request schemas are strict).
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const where = result.target === 'json' ? 'body' : result.target === 'param' ? 'path' : result.target;
      const errors = result.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.');
        const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
        return { path: `${where}${path ? `.${path}` : ''}`, message: `${issue.message}${keys}` };
      });
      const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      return problemResponse(c, 400, 'validation_failed', detail, { errors });
    },
  });
}
