import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

/**
 * A UDP forwarder in front of one server (here coturn's listening port) that a test can shut: while
 * shut, datagrams in both directions are dropped, as a lost network would, and nothing else changes
 * (coturn keeps its allocations, the browser its sockets). Each client address gets its own upstream
 * socket, so coturn sees one stable client per browser socket. Needs no privilege.
 */
export interface UdpGate {
  port: number;
  /** `turn:127.0.0.1:PORT?transport=udp`, through the gate. */
  url: string;
  shut(): void;
  open(): void;
  /** Datagrams dropped since the gate was made. */
  readonly dropped: number;
  close(): Promise<void>;
}

export async function startUdpGate(targetPort: number, targetHost = '127.0.0.1'): Promise<UdpGate> {
  const front = dgram.createSocket('udp4');
  const upstreams = new Map<string, dgram.Socket>();
  let shut = false;
  let dropped = 0;

  // Sends made while a socket is still binding wait for it (node queues them).
  const upstreamFor = (address: string, port: number) => {
    const key = `${address}:${port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      upstream = dgram.createSocket('udp4');
      upstreams.set(key, upstream);
      upstream.on('message', (message) => {
        if (shut) { dropped++; return; }
        front.send(message, port, address);
      });
      upstream.bind(0, '127.0.0.1');
    }
    return upstream;
  };
  front.on('message', (message, from) => {
    if (shut) { dropped++; return; }
    upstreamFor(from.address, from.port).send(message, targetPort, targetHost);
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return {
    port,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    shut() { shut = true; },
    open() { shut = false; },
    get dropped() { return dropped; },
    async close() {
      await Promise.all([front, ...upstreams.values()].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    },
  };
}
