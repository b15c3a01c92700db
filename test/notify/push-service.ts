import { spawn } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { freePort } from './support';

// A real push service on this machine: web-push-testing (npm), in its own process as its CLI would
// start it. It hands out subscriptions as a browser's push service does, checks each push's VAPID
// signature against the key the subscription was made with, decrypts the payload (aes128gcm) with the
// subscription's private key and keeps the plain text for the test; an expired subscription answers 410.

export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushService {
  /** What a browser would get from PushManager.subscribe({ applicationServerKey }), and the service's handle on it. */
  subscribe(applicationServerKey: string): Promise<{ subscription: BrowserSubscription; clientHash: string }>;
  /** The decrypted payloads the subscription received, oldest first. */
  messages(clientHash: string): Promise<string[]>;
  /** From now on, pushes to this subscription answer 410 Gone (the user revoked it). */
  expire(clientHash: string): Promise<void>;
  close(): Promise<void>;
}

export async function startPushService(): Promise<PushService> {
  const port = await freePort();
  const server = createRequire(import.meta.url).resolve('web-push-testing/src/bin/server.js');
  const child = spawn(process.execPath, [server, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`web-push-testing exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('Server running') && resolve());
  });
  const call = async <T>(path: string, body: object = {}): Promise<T> => {
    const res = await fetch(`http://localhost:${port}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`push service ${path}: ${res.status} ${await res.text()}`);
    return (res.headers.get('content-type')?.includes('json') ? res.json() : undefined) as Promise<T>;
  };
  return {
    async subscribe(applicationServerKey) {
      const { data } = await call<{ data: BrowserSubscription & { clientHash: string } }>('/subscribe', { applicationServerKey });
      return { subscription: { endpoint: data.endpoint, keys: data.keys }, clientHash: data.clientHash };
    },
    messages: async (clientHash) => (await call<{ data: { messages: string[] } }>('/get-notifications', { clientHash })).data.messages,
    expire: (clientHash) => call(`/expire-subscription/${clientHash}`),
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** Keys as a browser makes them for a subscription (P-256 public key, 16-byte secret), base64url. */
export function deviceKeys(): BrowserSubscription['keys'] {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

/** A push endpoint on loopback that answers after `delayMs` (or never), counting pushes in flight. */
export async function startSlowEndpoint(delayMs: number | 'never') {
  const state = { received: 0, inFlight: 0, maxInFlight: 0 };
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    req.resume();
    req.on('end', () => {
      if (delayMs === 'never') return void held.push(res);
      setTimeout(() => {
        state.received += 1;
        state.inFlight -= 1;
        res.writeHead(201).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    state,
    endpoint: (name: string) => `${base}/push/${name}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
