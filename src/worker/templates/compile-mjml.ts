import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const childScript = fileURLToPath(new URL('./mjml-child.mjs', import.meta.url));

/**
 * The HTML of each MJML document, compiled by `mjml-child.mjs` in a process of its own so the
 * server never holds mjml in memory. Rejects with the child's error output when it fails.
 */
export function compileMjmlDocuments(sources: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`compiling email templates failed (exit ${code}): ${Buffer.concat(err).toString('utf8').trim().slice(-2000)}`));
      try {
        const html = JSON.parse(Buffer.concat(out).toString('utf8')) as unknown;
        if (!Array.isArray(html) || html.length !== sources.length) throw new Error('the template compiler answered the wrong number of documents');
        resolve(html as string[]);
      } catch (e) {
        reject(e as Error);
      }
    });
    child.stdin.end(JSON.stringify(sources));
  });
}
