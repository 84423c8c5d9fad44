import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type SmtpMode = 'accept' | 'tempfail' | 'reject';

export interface TestSmtpServer {
  url: string;
  received: ParsedMail[];
  /** How the server answers the next messages: accept, 421 (temporary) or 550 (permanent). */
  mode: SmtpMode;
  /** SMTP connections opened so far. */
  connections: number;
  close(): Promise<void>;
}

/**
 * A real SMTP peer on loopback that parses what it receives. With `parse: false` it only counts
 * (benchmarks: parsing in the same process would be measured as the sender's cost).
 */
export async function startSmtpServer(options: { parse?: boolean } = {}): Promise<TestSmtpServer> {
  const parse = options.parse ?? true;
  const state: TestSmtpServer = { url: '', received: [], mode: 'accept', connections: 0, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      state.connections++;
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (state.mode === 'tempfail') return callback(Object.assign(new Error('Try again later'), { responseCode: 421 }));
      if (state.mode === 'reject') return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      if (!parse) {
        stream.on('data', () => {});
        stream.on('end', () => {
          state.received.push({} as ParsedMail);
          callback();
        });
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          state.received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  // A client that vanishes mid-session (a killed worker) resets its connection; that is expected.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
