import { expect, test } from 'vitest';
import { runPipeline, type PipelineSteps } from '../../src/worker/pipeline.ts';

// The scheduling of the delivery pipeline alone, with steps that only keep a log: what is
// claimed, sent and recorded, and in which order, when sends take a random while and when a
// claim or a record fails. The database side is tested through drain (pipelined-drain.test.ts).

interface Batch {
  n: number;
  messages: string[];
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Steps over `batches` batches of `size` messages, with sends of 0–3 ms; records what happens. */
function steps(batches: number, size: number, overrides: Partial<PipelineSteps<Batch, string, string>> = {}) {
  const log = { claimed: [] as number[], sent: [] as string[], recorded: [] as number[], maxWaiting: 0, maxUnrecorded: 0 };
  let claimed = 0;
  let taken = 0;
  const unrecorded = () => log.claimed.length - log.recorded.length;
  const base: PipelineSteps<Batch, string, string> = {
    async claim() {
      await tick(1);
      if (claimed === batches) return undefined;
      const n = claimed++;
      log.claimed.push(n);
      log.maxUnrecorded = Math.max(log.maxUnrecorded, unrecorded());
      return { n, messages: Array.from({ length: size }, (_, i) => `${n}.${i}`) };
    },
    async send(message) {
      taken++;
      log.maxWaiting = Math.max(log.maxWaiting, claimed * size - taken);
      await tick(Math.random() * 3);
      log.sent.push(message);
      return `ok ${message}`;
    },
    async record(batch, outcomes) {
      expect(outcomes).toEqual(batch.messages.map((m) => `ok ${m}`));
      expect(batch.messages.every((m) => log.sent.includes(m))).toBe(true);
      await tick(2);
      log.recorded.push(batch.n);
      return outcomes.length;
    },
  };
  return { log, steps: { ...base, ...overrides } };
}

test('every claimed message is sent once and recorded with its batch; at most two batches are unrecorded, at most one batch and the claim-ahead wait', async () => {
  const { log, steps: s } = steps(12, 10);
  expect(await runPipeline(s, { lanes: 4, claimAhead: 4 }, () => true)).toBe(120);
  expect(log.sent.toSorted()).toEqual(Array.from({ length: 120 }, (_, k) => `${Math.floor(k / 10)}.${k % 10}`).toSorted());
  expect(log.recorded.toSorted((a, b) => a - b)).toEqual(log.claimed);
  expect(log.maxUnrecorded).toBeLessThanOrEqual(2);
  expect(log.maxWaiting).toBeLessThanOrEqual(10 + 4);
});

test('after a stop nothing more is claimed, and everything claimed is sent and recorded', async () => {
  let going = true;
  const { log, steps: s } = steps(100, 10);
  const send = s.send;
  s.send = async (message, batch) => {
    if (message === '2.5') going = false;
    return send(message, batch);
  };
  const handled = await runPipeline(s, { lanes: 4, claimAhead: 4 }, () => going);
  expect(log.claimed.length).toBeLessThanOrEqual(4);
  expect(handled).toBe(log.claimed.length * 10);
  expect(log.sent).toHaveLength(handled);
  expect(log.recorded.toSorted((a, b) => a - b)).toEqual(log.claimed);
});

test('a failed record stops the claiming; later batches are still recorded; the error is thrown after', async () => {
  const { log, steps: s } = steps(100, 10);
  const record = s.record;
  s.record = async (batch, outcomes) => {
    if (batch.n === 1) throw new Error('database went away');
    return record(batch, outcomes);
  };
  await expect(runPipeline(s, { lanes: 4, claimAhead: 4 }, () => true)).rejects.toThrow('database went away');
  expect(log.claimed.length).toBeLessThanOrEqual(4);
  expect(log.sent).toHaveLength(log.claimed.length * 10);
  expect(log.recorded.toSorted((a, b) => a - b)).toEqual(log.claimed.filter((n) => n !== 1));
});

test('a failed claim stops the claiming; what was claimed is sent and recorded; the error is thrown after', async () => {
  const { log, steps: s } = steps(100, 10);
  const claim = s.claim;
  s.claim = async () => {
    if (log.claimed.length === 3) throw new Error('claim failed');
    return claim();
  };
  await expect(runPipeline(s, { lanes: 4, claimAhead: 4 }, () => true)).rejects.toThrow('claim failed');
  expect(log.claimed).toEqual([0, 1, 2]);
  expect(log.sent).toHaveLength(30);
  expect(log.recorded.toSorted((a, b) => a - b)).toEqual([0, 1, 2]);
});

test('nothing due: one claim, nothing sent, nothing recorded', async () => {
  const { log, steps: s } = steps(0, 10);
  expect(await runPipeline(s, { lanes: 4, claimAhead: 4 }, () => true)).toBe(0);
  expect(log).toMatchObject({ claimed: [], sent: [], recorded: [] });
});

test('a send that throws ends the run with its error instead of hanging; its batch is left unrecorded, the others are recorded', async () => {
  const { log, steps: s } = steps(6, 1, {
    async send(message) {
      await tick(5);
      if (message === '0.0' || message === '1.0') throw new Error(`send of ${message} threw`);
      log.sent.push(message);
      return `ok ${message}`;
    },
  });
  const run = runPipeline(s, { lanes: 2, claimAhead: 2 }, () => true);
  const outcome = await Promise.race([run.then(() => 'resolved', (err: Error) => err.message), tick(3000).then(() => 'hung')]);
  expect(outcome).toBe('send of 0.0 threw');
  expect(log.recorded).not.toContain(0);
  expect(log.recorded).not.toContain(1);
});
