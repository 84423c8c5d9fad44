/** The most addresses the server takes in one call, and so in one paste. */
export const MAX_ADDRESSES = 10_000;

/** Splits what an admin pasted (new lines, commas or semicolons) into candidate addresses, as the API does. */
export function splitAddresses(text: string): string[] {
  return text.split(/[,;\n\r]+/).map((s) => s.trim()).filter((s) => s.length > 0);
}

function delimiterOf(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Rows of a CSV text (RFC 4180: quoted cells, doubled quotes, CRLF), comma, semicolon or tab separated. */
export function parseCsv(text: string): string[][] {
  const delimiter = delimiterOf(text.slice(0, text.search(/\r?\n|$/)));
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ''));
}

const EMAIL_HEADER = /^e-?mail(\s*address)?$/i;
const LOOKS_LIKE_ADDRESS = /^[^\s@]+@[^\s@]+$/;

/**
 * The addresses in a CSV file: every cell of the column headed "email" (or "e-mail", "email
 * address") when there is one, otherwise every cell that looks like an address. Cells of the email
 * column are kept even when malformed, so the check can point them out instead of dropping them.
 */
export function addressesFromCsv(text: string): string[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const column = rows[0]?.findIndex((c) => EMAIL_HEADER.test(c)) ?? -1;
  if (column >= 0) return rows.slice(1).map((r) => r[column] ?? '').filter((c) => c !== '');
  return rows.flatMap((r) => r.filter((c) => LOOKS_LIKE_ADDRESS.test(c)));
}
