import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

let csrfToken = '';

/** Set from GET /me: every cookie-authenticated write carries it as X-CSRF-Token. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

/** The one typed client of the REST API, generated from the server's OpenAPI document. */
export const api = createClient<paths>({ credentials: 'same-origin' });
api.use(csrf);
