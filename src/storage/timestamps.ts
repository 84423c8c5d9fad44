import pg from 'pg';

/** node-postgres's own timestamptz parser, taken before storage/db.ts installs this one. */
const parseDate = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number;

/**
 * PostgreSQL's text form of a timestamptz in UTC, `2026-12-06 13:49:57.564909+00`, read without
 * regular expressions: every row of a list carries several timestamps, and node-postgres's general
 * parser (three regular expressions and a date adjusted afterwards) was about 4 % of the server's
 * CPU under list load. Anything else (another session time zone, BC, infinity, a 5-digit year)
 * goes to that general parser. Sub-millisecond digits are dropped, as the general parser's Date does.
 */
export function parseTimestamptz(text: string): Date {
  const n = text.length;
  if (n < 22 || n > 29 || !isUtcLayout(text, n)) return parseDate(text) as Date;
  let ms = 0;
  if (n > 22) {
    // ".f" to ".ffffff" between the seconds and "+00": the first three digits are the milliseconds.
    for (let i = 20; i < 23; i++) ms = ms * 10 + (i < n - 3 ? digit(text, i) : 0);
  }
  return new Date(Date.UTC(number(text, 0, 4), number(text, 5, 7) - 1, number(text, 8, 10), number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), ms));
}

/** `YYYY-MM-DD HH:MM:SS`, an optional `.digits`, then `+00`, with a year of 1000 or later. */
function isUtcLayout(text: string, n: number): boolean {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return false;
  if (text.charCodeAt(n - 3) !== 43 || text.charCodeAt(n - 2) !== 48 || text.charCodeAt(n - 1) !== 48) return false;
  if (n > 22 && (n === 23 || text.charCodeAt(19) !== 46)) return false;
  if (text.charCodeAt(0) === 48) return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (digit(text, i) > 9) return false;
  for (let i = 20; i < n - 3; i++) if (digit(text, i) > 9) return false;
  return true;
}

/** The digit at `i`, or a value above 9 for any other character. */
function digit(text: string, i: number): number {
  return (text.charCodeAt(i) - 48) >>> 0;
}

function number(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + digit(text, i);
  return value;
}
