import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Debian's coturn for a test, as STYLE.md's "Calls" describe it: listening and relaying on 127.0.0.1
// only, use-auth-secret with a random static secret, no TLS or DTLS listener, loopback peers allowed
// (otherwise coturn refuses to relay to 127.0.0.1) and no CLI (an enabled CLI without a password stops
// coturn when loopback peers are allowed).

export const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
export const TURN_REALM = 'calls.test';
const RELAY_PORTS = 20;

export interface Coturn {
  /** `turn:127.0.0.1:PORT?transport=udp` and `?transport=tcp`. */
  urls: string[];
  port: number;
  secret: string;
  realm: string;
  relayPorts: { min: number; max: number };
  logFile: string;
  stop(): Promise<void>;
  /** Stops coturn and starts it again on the same ports: every allocation, and the media relayed through it, is lost. */
  restart(): Promise<void>;
}

export function requireTurnserver(): void {
  try {
    fs.accessSync(TURNSERVER, fs.constants.X_OK);
  } catch {
    throw new Error(`the call tests need Debian's coturn at ${TURNSERVER} (apt-get install coturn, as .ci/run does; or set TURNSERVER_PATH)`);
  }
}

export async function startCoturn(name = 'coturn'): Promise<Coturn> {
  requireTurnserver();
  const port = await freePort();
  const min = await freeUdpRange(RELAY_PORTS, port);
  const relayPorts = { min, max: min + RELAY_PORTS - 1 };
  const secret = randomBytes(24).toString('base64url');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'coturn-'));
  fs.mkdirSync('test-output', { recursive: true });
  const logFile = path.resolve('test-output', `${name}-${port}.log`);
  fs.rmSync(logFile, { force: true });
  const args = [
    '-n', // no configuration file: /etc/turnserver.conf is the machine's, not ours
    '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${relayPorts.min}`, `--max-port=${relayPorts.max}`,
    '--use-auth-secret', `--static-auth-secret=${secret}`, `--realm=${TURN_REALM}`,
    '--no-tls', '--no-dtls', '--no-rfc5780', '--allow-loopback-peers', '--no-cli', '--fingerprint', '--verbose',
    `--userdb=${path.join(dir, 'turndb')}`, `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    `--log-file=${logFile}`, '--simple-log', '--no-stdout-log',
  ];
  let child: ChildProcess | undefined;

  const start = async () => {
    const started = spawn(TURNSERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let stderr = '';
    started.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null || Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`coturn did not start (exit ${started.exitCode ?? started.signalCode}); ${stderr.trim()}\n${await readFile(logFile, 'utf8').catch(() => '')}`);
      }
      if ((await stunAnswers(port)) && (await tcpAccepts(port))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    port,
    secret,
    realm: TURN_REALM,
    relayPorts,
    logFile,
    async stop() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await start();
    },
  };
}

/**
 * A port free for both TCP and UDP on 127.0.0.1 (coturn listens on both), below the kernel's ephemeral
 * range (32768-60999): one from listen(0), freed for coturn to bind later, could meanwhile become the
 * local end of an outgoing connection (test/e2e/support.ts freePort says the same).
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const tcpFree = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (tcpFree && (await udpFree(port))) return port;
  }
}

async function freeUdpRange(size: number, avoid: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const min = 20_000 + Math.floor(Math.random() * 10_000);
    if (avoid >= min && avoid < min + size) continue;
    const free = await Promise.all(Array.from({ length: size }, (_, i) => udpFree(min + i)));
    if (free.every(Boolean)) return min;
  }
  throw new Error(`no ${size} free UDP ports in a row for coturn's relays`);
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** A STUN Binding request (RFC 5389) over UDP, answered with a Binding success response. */
function stunAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const transaction = randomBytes(12);
    const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), transaction]);
    const done = (answered: boolean) => { clearTimeout(timer); socket.close(); resolve(answered); };
    const timer = setTimeout(() => done(false), 200);
    socket.on('error', () => done(false));
    socket.on('message', (message) => done(message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(transaction)));
    socket.send(request, port, '127.0.0.1');
  });
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
