import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap } from '../support/client.ts';

// Issue 10: every request body recorded in opslevel-go-requests.md (each opslevel-go release from
// 2022 to 2026, as its GraphQL library renders it, plus the test fixtures) is a document this
// schema accepts: no top-level errors, whatever the business outcome inside the payload.
const bodies = readFileSync(new URL('./opslevel-go-requests.md', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('{"query"'))
  .map((line) => JSON.parse(line) as { query: string; variables?: Record<string, unknown>; operationName?: string });

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = (await bootstrap(t, 'every-release')).apiToken;
});
afterAll(async () => { await t.close(); });

describe("every recorded opslevel-go request", () => {
  test(`all ${bodies.length} bodies validate and run without a top-level error`, async () => {
    expect(bodies.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const body of bodies) {
      const res = await t.app.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'graphql-visibility': 'public' },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
      if (res.status !== 200 || answer.errors) failures.push(`${res.status} ${answer.errors?.map((e) => e.message).join('; ')} <- ${body.query.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });
});
