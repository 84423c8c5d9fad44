import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('/healthz and /readyz', () => {
  test('both answer while the database answers', async () => {
    expect(await call(t, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call(t, 'GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  test('with the database gone, /readyz is a 503 problem and /healthz (the process is alive) still answers', async () => {
    await t.database.close();
    const ready = await call(t, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toBe('application/problem+json');
    expect(ready.body).toMatchObject({ status: 503, code: 'not_ready' });
    expect(await call(t, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
