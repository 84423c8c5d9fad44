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
for (const source of sources) html.push((await mjml2html(source, { validationLevel: 'strict', keepComments: false })).html);
process.stdout.write(JSON.stringify(html));
