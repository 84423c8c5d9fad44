import type pg from 'pg';
import { describe, expect, test } from 'vitest';
import { answerDeadlineMs, closeWhenUnanswered, overdue } from '../../src/storage/answer-deadline.ts';

/** A connection whose statements are answered only when told; enough of pg.PoolClient for the watch. */
function silentConnection(): { client: pg.PoolClient; answer(): void; closed: () => boolean } {
  let answer = () => {};
  let closed = false;
  const client = {
    query: () => new Promise<void>((resolve) => { answer = resolve; }),
    connection: { stream: { destroy: () => { closed = true; } } },
  } as unknown as pg.PoolClient;
  return { client, answer: () => answer(), closed: () => closed };
}

// A pool wait that runs out beside a statement unanswered for three quarters of its deadline is
// the database's silence (503), not a busy pool (pool-wait.ts). Three quarters of the deadline is
// past the statement timeout, when the server would have answered with a cancellation, by at least
// a second at every timeout: a statement about to be cancelled is not taken for silence.
describe('a statement is overdue past its statement timeout with at least a second to spare', () => {
  for (const timeoutMs of [300, 2_000, 30_000, 120_000]) {
    test(`statement timeout ${timeoutMs} ms`, async () => {
      const deadline = answerDeadlineMs(timeoutMs)!;
      const { client, answer, closed } = silentConnection();
      closeWhenUnanswered(client, deadline);
      const before = performance.now();
      const pending = client.query('select 1');
      const after = performance.now();
      expect(overdue(client, after)).toBe(false);
      // Past the statement timeout plus a second: the server would have cancelled it; not yet overdue.
      expect(overdue(client, before + timeoutMs + 1_000)).toBe(false);
      // Past three quarters of the deadline: overdue, and the connection is still open.
      expect(overdue(client, after + deadline * 0.75 + 1)).toBe(true);
      expect(closed()).toBe(false);
      answer();
      await pending;
      expect(overdue(client, after + deadline)).toBe(false);
    });
  }

  test('a session that turned its statement timeout off (a migration): never overdue, until it is reset', async () => {
    const deadline = answerDeadlineMs(30_000)!;
    const { client, answer } = silentConnection();
    closeWhenUnanswered(client, deadline);
    const off = client.query("select set_config('statement_timeout', '0', false)");
    expect(overdue(client, performance.now() + 3_600_000)).toBe(false);
    answer();
    await off;
    const long = client.query('create index concurrently x on y (z)');
    expect(overdue(client, performance.now() + 3_600_000)).toBe(false);
    answer();
    await long;
    const reset = client.query('reset statement_timeout');
    answer();
    await reset;
    // Once the reset has run, the next statement is watched again.
    const next = client.query('select 1');
    expect(overdue(client, performance.now() + deadline)).toBe(true);
    answer();
    await next;
  });
});
