/**
 * Compiles MJML to HTML in a short-lived process of its own: reads a JSON array of MJML documents
 * on stdin, writes the JSON array of their HTML on stdout. mjml and its dependencies take about
 * 70 MB of memory once loaded, which a long-running server would keep for good; here it is all
 * returned when the process exits. Plain JavaScript, so any Node runs it.
 */
import { createRequire } from 'node:module';

const mjml2html = createRequire(import.meta.url)('mjml');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const sources = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const html = [];
// `fonts: {}`: the layout's font stack names system fonts (Roboto is Android's), which mjml would
// otherwise load from Google Fonts in every reader's mail client, telling Google who opened what.
const options = { validationLevel: 'strict', keepComments: false, fonts: {} };
for (const source of sources) html.push(compact((await mjml2html(source, options)).html));
process.stdout.write(JSON.stringify(html));

/**
 * mjml's output without its indentation and blank lines: a quarter of every message's bytes,
 * written, stuffed and read again for each email. Whitespace at the start of a line follows a
 * line break, so removing it changes nothing a reader sees (the layout has no preformatted text).
 * Lines stay as they were, well under the 998 octets 7bit allows; mjml's own minifier joins them
 * into one long line, which would have to go in base64.
 */
function compact(document) {
  return document.replace(/\n[ \t]*(?=\n)/g, '').replace(/\n[ \t]+/g, '\n');
}
