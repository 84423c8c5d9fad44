import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { API_TYPES_FILE, renderApiTypes, serverDocument } from '../../scripts/api-types.ts';

// Issue 7: the console's client types are generated from the server's OpenAPI document.
test('the console API types match /api/v1/openapi.json (run `npm run api:types` after changing a route)', async () => {
  const expected = await renderApiTypes(await serverDocument());
  expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(expected);
});
