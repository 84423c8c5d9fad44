import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createLogger, identityLogger } from '../../src/logging.ts';
import { workerDeps } from '../../src/worker/create-worker.ts';
import { drain } from '../../src/worker/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { bootstrap, call, signIn, signUp } from '../support/client.ts';
import { latestInviteToken } from '../support/invitations.ts';

/** Every line written by our logger, and anything that reached the console instead (issue 6, items 15 and 17). */
const lines: string[] = [];
const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'trace' }, { logger });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  lines.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

function parsedLines(): Record<string, unknown>[] {
  return lines.flatMap((chunk) => chunk.split('\n').filter((l) => l.length > 0)).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('log lines', () => {
  test('a callbackURL holding a newline cannot forge a log line; identity library lines are JSON with the input escaped', async () => {
    const forged = '{"level":60,"msg":"forged by the caller"}';
    await signUp(t, 'victim@logs.test', 'Victim', 'correct horse battery');
    lines.length = 0;
    const post = (body: unknown) =>
      t.app.request('http://localhost:3000/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: t.config.publicUrl },
        body: JSON.stringify(body),
      });
    const forging = await post({ email: 'victim@logs.test', password: 'correct horse battery', callbackURL: `/\n${forged}\n` });
    expect(forging.status).toBe(400);
    expect((await post({ email: 'nobody@logs.test', password: 'whatever-password' })).status).toBe(401);
    const parsed = parsedLines();
    expect(parsed.some((l) => l.msg === 'forged by the caller')).toBe(false);
    const identity = parsed.filter((l) => l.component === 'identity');
    expect(identity.length).toBeGreaterThan(0);
    expect(identity.every((l) => l.msg === 'identity library' && typeof l.detail === 'string')).toBe(true);
    expect(lines.join('')).not.toContain('\u001b[');
  });

  test('whatever the identity library puts in a line stays inside one escaped JSON line', () => {
    const forged = '{"level":60,"msg":"forged by the caller"}';
    identityLogger(logger).log('error', `Invalid callbackURL: /\n${forged}`, new TypeError(`bad header "\n${forged}"`), { url: `\n${forged}` });
    const parsed = parsedLines();
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ level: 50, component: 'identity', msg: 'identity library', detail: `Invalid callbackURL: /\n${forged}` });
    expect(parsed[0]!.args).toEqual([{ name: 'TypeError', message: `bad header "\n${forged}"` }, { url: `\n${forged}` }]);
  });

  test('no API token, invitation token, password or session cookie appears in the logs, at trace level', async () => {
    const password = 'Unmistakable-Passw0rd-7431';
    const org = await bootstrap(t, 'logsorg', 'admin@logsorg.test', password);
    const session = await signIn(t, 'admin@logsorg.test', password);
    const other = await signUp(t, 'someone@logs.test', 'Someone', password);
    const invited = await call(t, 'POST', '/api/v1/orgs/logsorg/invitations', { token: org.apiToken, body: { emails: ['guest@logs.test'], role: 'member' } });
    expect(invited.status).toBe(200);
    const token = await latestInviteToken(t, 'guest@logs.test');
    await drain(workerDeps(t.config, t.database.db, logger));
    expect((await call(t, 'POST', '/api/v1/invite/preview', { body: { token } })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Guest', password } })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/invite/accept', { body: { token, name: 'Guest', password } })).status).toBe(410);
    expect((await call(t, 'GET', '/api/v1/me', { session })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { session: other })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/orgs/logsorg', { token: `${org.apiToken}x` })).status).toBe(401);

    const text = lines.join('');
    expect(parsedLines().length).toBeGreaterThan(10);
    const cookieValues = [session, other].flatMap((s) => s.cookie.split('; ').map((c) => decodeURIComponent(c.slice(c.indexOf('=') + 1))));
    const secrets = [org.apiToken, token, password, ...cookieValues, ...cookieValues.map((v) => v.split('.')[0]!), session.csrf];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(text).not.toContain(secret);
    }
  });
});
