/**
 * The HTTP floor's server (see http-floor.ts): a bare node:http server that answers every request by
 * running the statements it was given, prepared, on a pooled connection, and sending the last
 * statement's rows as JSON. No routing, authentication, validation or query building. It reads
 * `{ url, statements, connections }` from its parent over IPC and answers with its port.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { replayOne } from './replay.ts';
import type { Statement } from './statement-floor.ts';

process.once('message', (message) => {
  const { url, statements, connections } = message as { url: string; statements: Statement[]; connections: number };
  const pool = new pg.Pool({ connectionString: url, max: connections });
  const server = createServer((_req, res) => {
    void (async () => {
      const client = await pool.connect();
      try {
        let rows: unknown[] = [];
        for (const [i, s] of statements.entries()) {
          const result = await replayOne(client, s, i);
          if (result.command === 'SELECT') rows = result.rows;
        }
        const body = JSON.stringify({ items: rows });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      } catch (err) {
        res.writeHead(500).end(String(err));
      } finally {
        client.release();
      }
    })();
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.once('disconnect', () => {
    server.close();
    void pool.end();
  });
});
