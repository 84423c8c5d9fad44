import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { CsvError, parse, type Info } from 'csv-parse';
import { CliError } from '../args.ts';
import type { ChunkLine, LineProblem } from '../../domain/invitations/import/chunk.ts';

export const COLUMNS = ['email', 'name', 'role', 'teams'] as const;
type Column = (typeof COLUMNS)[number];

/** A record bigger than this (an unclosed quote swallowing the file) stops the reading. */
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * One record of the file: a person, or a problem with the record itself. `stop` marks a problem
 * after which nothing more could be read.
 */
export type FileItem = { person: ChunkLine; bytes: number } | { problem: LineProblem; bytes: number; stop?: boolean };

/** Team references in one field, separated by `;` or `|`. */
export function splitTeams(field: string): string[] {
  return field.split(/[;|]/).map((t) => t.trim()).filter(Boolean);
}

/**
 * The columns named by a first record made only of column names (in any order and case), or
 * undefined when the first record is data. A first record that starts with `email` but names an
 * unknown column is a mistake worth stopping for.
 */
function headerColumns(fields: readonly string[]): Column[] | undefined {
  const names = fields.map((f) => f.trim().toLowerCase());
  const known = (n: string): n is Column => (COLUMNS as readonly string[]).includes(n);
  if (!names.every(known)) {
    const unknown = names.find((n) => !known(n));
    if (names[0] === 'email') throw new CliError(`line 1 is a header with an unknown column "${unknown?.slice(0, 100)}"; the columns are ${COLUMNS.join(', ')}.`);
    return undefined;
  }
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw new CliError(`line 1 is a header that names the column "${repeated}" twice.`);
  if (!names.includes('email')) throw new CliError('line 1 is a header without an email column.');
  return names;
}

/** The person in one data record, or what is wrong with the record. */
function personOf(fields: readonly string[], columns: readonly Column[], line: number, spans: string): ChunkLine | LineProblem {
  const values = fields.map((f) => f.trim());
  const extra = values.slice(columns.length).some((v) => v !== '');
  if (extra) return { line, code: 'too_many_columns', message: `${values.length} columns; the file has ${columns.length} (${columns.join(', ')})${spans}.` };
  const field = (c: Column) => values[columns.indexOf(c)] ?? '';
  if (field('email') === '') return { line, code: 'missing_email', message: `no email address${spans}.` };
  return { line, email: field('email'), name: field('name'), role: field('role'), teams: splitTeams(field('teams')) };
}

function describeLines(first: number, last: number): string {
  return first === last ? `line ${first}` : `lines ${first}–${last}`;
}

/**
 * Reads a CSV of people (`email, name, role, teams`; the header is optional and detected) as a
 * stream, one record at a time, so that a file of any length takes the same memory. Fields are
 * trimmed; blank records are skipped; a record with more columns than the file, or without an
 * address, is yielded as a problem naming its line. A quote left open swallows the lines up to the
 * next quote: those are reported together as one problem.
 */
export async function* readPeople(path: string): AsyncGenerator<FileItem> {
  // Quotes inside a field are taken literally (relax_quotes): the parser cannot resume cleanly after a quote error.
  const parser = parse({ bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES });
  pipeline(createReadStream(path), parser, () => {});
  let columns: readonly Column[] | undefined;
  let lastLine = 0;
  let lastEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const first = lastLine + 1 + (info.empty_lines - lastEmpty);
      lastLine = info.lines;
      lastEmpty = info.empty_lines;
      if (record.every((f) => f.trim() === '')) continue;
      if (!columns) {
        columns = headerColumns(record) ?? COLUMNS;
        if (columns !== COLUMNS) continue;
      }
      const item = personOf(record, columns, first, first === info.lines ? '' : ` (the record spans ${describeLines(first, info.lines)}: a quote left open?)`);
      yield 'email' in item ? { person: item, bytes: info.bytes } : { problem: item, bytes: info.bytes };
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const open = err.code === 'CSV_QUOTE_NOT_CLOSED';
    const message = open
      ? `a quote opened here is never closed, so the rest of the file (${describeLines(lastLine + 1, Number(err.lines ?? lastLine + 1))}) could not be read.`
      : `could not be read (${err.message.slice(0, 200)}); reading stopped here.`;
    yield { problem: { line: lastLine + 1, code: 'unreadable', message }, bytes: parser.info.bytes, stop: !open };
  }
}
