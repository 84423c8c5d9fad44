import net from 'node:net';

/** A TCP relay in front of a server that can go silent, as a cut network leaves a connection half open. */
export interface SilentProxy {
  port: number;
  /** From now on nothing is relayed either way, and connections stay open: no reset, no close. */
  silence(): void;
  /** Relays again, for connections opened from now on (what was dropped stays lost). */
  speak(): void;
  close(): Promise<void>;
}

/** Starts a relay on a free loopback port to `host:port`. */
export async function startSilentProxy(host: string, port: number): Promise<SilentProxy> {
  let silent = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(port, host);
    // A connection opened while silent stays silent: its start-up was never relayed.
    let relaying = !silent;
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    const relay = (to: net.Socket) => (chunk: Buffer) => {
      if (silent) relaying = false;
      if (relaying) to.write(chunk);
    };
    inbound.on('data', relay(outbound));
    outbound.on('data', relay(inbound));
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    silence: () => { silent = true; },
    speak: () => { silent = false; },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
