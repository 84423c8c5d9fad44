import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { USAGE } from '../src/cli/help.ts';
import { prepareFirstStart } from '../src/cli/first-start.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

let database: TestDatabase;
beforeEach(async () => { database = await createTestDatabase(); });
afterEach(async () => { await database.dispose(); });

const URL_ = 'http://localhost:3000';
const orgs = () => database.db.selectFrom('organizations').select('slug').execute();

// Issue 6, item 5: the printed password and token only on the embedded database, never on PostgreSQL unless asked.
describe('the first-start demo', () => {
  test('on PostgreSQL it is not seeded by default: no organization, no password, no token', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db.example/guestlist' });
    expect(config.seedDemo).toBe(false);
    const lines = (await prepareFirstStart(database.db, config, URL_)).join('\n');
    expect(lines).not.toMatch(/password|API token|admin@demo\.test/);
    expect(lines).toContain('guestlist bootstrap --org-slug');
    expect(await orgs()).toEqual([]);
  });

  test('on PostgreSQL with SEED_DEMO=true it is seeded, as on the embedded database by default', async () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    const config = loadConfig({ DATABASE_URL: 'postgres://db.example/guestlist', SEED_DEMO: 'true' });
    const lines = (await prepareFirstStart(database.db, config, URL_)).join('\n');
    expect(lines).toMatch(/password +\S+/);
    expect(lines).toContain('admin@demo.test');
    expect(await orgs()).toEqual([{ slug: 'demo' }]);
  });
});

// Issue 6, item 14: every printed text is true.
test('help and the first-start lines promise nothing "in a later release"', async () => {
  expect(USAGE).not.toMatch(/later release|later issue/);
  expect(USAGE).toMatch(/start +Run the web server .* and the delivery worker/s);
  const lines = (await prepareFirstStart(database.db, loadConfig({}), URL_)).join('\n');
  expect(lines).toContain('admin@demo.test');
  expect(lines).not.toMatch(/later release|web console/);
  expect(lines).toContain(`${URL_}/o/<slug>/settings/mailbox`);
  expect(lines).toContain(`${URL_}/sign-in`);
});
