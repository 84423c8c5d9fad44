import pg from 'pg';
import { expect, test } from 'vitest';
import { parseTimestamptz } from './timestamps.ts';

/** The general parser node-postgres ships (this file does not load storage/db.ts, which replaces it). */
const parseDate = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number;

test('reads UTC timestamps exactly as the general parser does, to the millisecond', () => {
  const texts = [
    '2026-12-06 13:49:57+00', '2026-12-06 13:49:57.5+00', '2026-12-06 13:49:57.56+00', '2026-12-06 13:49:57.564+00',
    '2026-12-06 13:49:57.5649+00', '2026-12-06 13:49:57.564909+00', '2026-12-06 13:49:57.999999+00', '1970-01-01 00:00:00+00',
    '2024-02-29 23:59:59.001+00', '1000-01-01 00:00:00+00', '9999-12-31 23:59:59.999999+00',
  ];
  for (const text of texts) expect(parseTimestamptz(text).getTime(), text).toBe((parseDate(text) as Date).getTime());
  expect(parseTimestamptz('2026-12-06 13:49:57.564909+00').toISOString()).toBe('2026-12-06T13:49:57.564Z');
});

test('leaves every other form to the general parser', () => {
  const texts = [
    '2026-12-06 14:49:57.5+01', '2026-12-06 08:19:57.5-05:30', '2026-12-06 13:49:57+00:00:10', '0001-01-01 00:00:00+00 BC',
    '0099-06-01 00:00:00+00', '12026-12-06 13:49:57+00', '2026-12-06 13:49:57.+00', '2026-12-06 13:49:57x5+00',
  ];
  for (const text of texts) expect(parseTimestamptz(text).getTime(), text).toBe((parseDate(text) as Date).getTime());
  expect(parseTimestamptz('infinity')).toBe(Infinity);
  expect(parseTimestamptz('-infinity')).toBe(-Infinity);
});
