import { parse, protocol, types, type PGlite, type Results } from '@electric-sql/pglite';

/** Backend messages (PostgreSQL frontend/backend protocol, "Message Formats"). */
const ROW_DESCRIPTION = 0x54; // 'T'
const DATA_ROW = 0x44; // 'D'
const COMMAND_COMPLETE = 0x43; // 'C'
/** Messages that carry nothing a result needs: parse, bind and close complete, no data, ready for query, parameter status, notice. */
const PASSED_OVER = new Set([0x31 /* '1' */, 0x32 /* '2' */, 0x33 /* '3' */, 0x6e /* 'n' */, 0x5a /* 'Z' */, 0x53 /* 'S' */, 0x4e /* 'N' */]);

/** Commands whose tag's count adds up to affectedRows, as PGlite's parseResults counts them. */
const AFFECTING = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

type Parsers = PGlite['parsers'];

/**
 * UTF-8 text between two offsets, without a leading byte order mark: PGlite decodes each field with
 * a TextDecoder, which drops one, and a value must read the same by either path.
 */
const utf8 = (bytes: Buffer, start: number, end: number): string =>
  bytes.toString('utf8', end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf ? start + 3 : start, end);

/**
 * Runs one protocol message on PGlite and returns its response as it came, chunks copied out of the
 * WebAssembly heap. `execProtocolStream` and `execProtocolRaw` also hand every chunk to PGlite's
 * own reader, which copies each field of each row into an ArrayBuffer of its own before decoding
 * it (13.6 % of a Users page's processor time in process); the raw stream skips that reader.
 */
export async function exchange(client: PGlite, message: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  await client.execProtocolRawStream(message, {
    onRawData: (chunk) => {
      chunks.push(chunk.slice());
      size += chunk.length;
    },
  });
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/**
 * The first result of a response to bind, describe, execute and sync, as PGlite's
 * `parse.parseResults(messages, parsers)[0]` gives it: rows as objects by column name, each
 * value text-decoded and parsed by the client's parser for its type (else PGlite's default, else
 * the text itself), the fields, and the command's counts. A response holding an error is read by
 * PGlite's own reader, and its first error thrown, as `execProtocolStream` throws it; so is a
 * response with a message this reader does not know. Unlike `execProtocolStream`, nothing here
 * hands a NOTIFY to PGlite's listeners: the service listens for none.
 */
export function firstResult<R>(response: Uint8Array, parsers: Parsers): Results<R> {
  return readPlain<R>(response, parsers) ?? byPGlite<R>(response, parsers);
}

/** Makes one row object from its values, in the order of the columns. */
type RowBuilder = (values: unknown[]) => Record<string, unknown>;

/** Row builders by their columns' names (the list as JSON: no two lists share it), at most MAX_BUILDERS. */
const builders = new Map<string, RowBuilder>();
const MAX_BUILDERS = 1_000;

/**
 * The builder of rows with these columns: one object literal naming every column, so each row of a
 * result is made at once in one shape. Storing the values one by one under names held in a variable
 * cost a lookup a field: the largest part of reading a 51-row, 22-column Users page (a Users page
 * request in process, median 1,094 → 1,022 µs; bench/RESULTS.md). Each name is written as a JSON
 * string, a valid JavaScript string literal whatever it holds; `__proto__`, which a literal would
 * take for the prototype, never gets here (readPlain leaves such a result to PGlite). A name given
 * twice keeps its first place and takes its last value, as Object.fromEntries (PGlite's reader) does.
 */
function rowBuilder(names: readonly string[]): RowBuilder {
  const key = JSON.stringify(names);
  let built = builders.get(key);
  if (!built) {
    if (builders.size >= MAX_BUILDERS) builders.clear();
    const properties = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(', ');
    built = new Function('values', `return { ${properties} };`) as RowBuilder;
    builders.set(key, built);
  }
  return built;
}

/** The result read without PGlite's reader; undefined for a response it leaves to PGlite (an error, an unknown message). */
export function readPlain<R>(response: Uint8Array, parsers: Parsers): Results<R> | undefined {
  const bytes = Buffer.from(response.buffer, response.byteOffset, response.byteLength);
  let fields: { name: string; dataTypeID: number }[] = [];
  /** Each column's parser (the client's for its type, else PGlite's default); none: the text as it is. */
  let read: (((text: string, typeId: number) => unknown) | undefined)[] = [];
  let build: RowBuilder = () => ({});
  const rows: Record<string, unknown>[] = [];
  let result: Results<R> | undefined;
  for (let at = 0; at < bytes.length;) {
    const type = bytes[at]!;
    const end = at + 1 + bytes.readInt32BE(at + 1);
    let p = at + 5;
    if (type === DATA_ROW) {
      if (result) return undefined;
      const count = bytes.readUInt16BE(p);
      p += 2;
      if (count !== fields.length) return undefined;
      const values: unknown[] = new Array(count);
      for (let i = 0; i < count; i++) {
        const length = bytes.readInt32BE(p);
        p += 4;
        if (length < 0) {
          values[i] = null;
        } else {
          const text = utf8(bytes, p, p + length);
          const parser = read[i];
          values[i] = parser ? parser(text, fields[i]!.dataTypeID) : text;
          p += length;
        }
      }
      rows.push(build(values));
    } else if (type === ROW_DESCRIPTION) {
      if (result) return undefined;
      const count = bytes.readUInt16BE(p);
      p += 2;
      fields = [];
      read = [];
      for (let i = 0; i < count; i++) {
        const nul = bytes.indexOf(0, p);
        const name = utf8(bytes, p, nul);
        p = nul + 1 + 6; // table oid, column number
        const dataTypeID = bytes.readInt32BE(p);
        p += 4 + 2 + 4 + 2; // type oid, type size, type modifier, format
        // PGlite builds rows with Object.fromEntries, where this name is a property like any other.
        if (name === '__proto__') return undefined;
        fields.push({ name, dataTypeID });
        read.push(parsers[dataTypeID] ?? types.parsers[dataTypeID]);
      }
      build = rowBuilder(fields.map((f) => f.name));
    } else if (type === COMMAND_COMPLETE) {
      if (result) return undefined;
      const tag = utf8(bytes, p, bytes.indexOf(0, p)).split(' ');
      const command = tag[0]!;
      const count = parseInt(tag[tag.length - 1]!, 10);
      result = { rows: rows as R[], fields, command, affectedRows: AFFECTING.has(command) && !Number.isNaN(count) ? count : 0 } as Results<R>;
      if (!Number.isNaN(count)) (result as { rowCount?: number }).rowCount = count;
    } else if (!PASSED_OVER.has(type)) {
      return undefined;
    }
    at = end;
  }
  return result ?? { rows: [], fields: [], affectedRows: 0 };
}

function byPGlite<R>(response: Uint8Array, parsers: Parsers): Results<R> {
  const messages: Parameters<typeof parse.parseResults>[0] = [];
  new protocol.Parser().parse(response, (message) => { messages.push(message); });
  const error = messages.find((m) => m instanceof protocol.messages.DatabaseError);
  if (error) throw error;
  return parse.parseResults(messages, parsers)[0] as Results<R>;
}
