/**
 * A real SMTP server in its own process (forked by smtp.ts): accepts every message, counts it
 * without parsing, and answers the parent's questions over IPC.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let count = 0;
let firstAt = 0;
let lastAt = 0;
const stamp = () => performance.timeOrigin + performance.now();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      count++;
      lastAt = stamp();
      if (count === 1) firstAt = lastAt;
      callback();
    });
  },
});
server.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on('message', (m: { ask: 'count' | 'reset' | 'stop' }) => {
  if (m.ask === 'reset') count = firstAt = lastAt = 0;
  if (m.ask === 'stop') server.close(() => process.exit(0));
  else process.send?.({ count, firstAt, lastAt });
});
