import { createECDH } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_REGION_CODE, IDENTITY_PROVIDERS, type IdentityProvider } from '../../shared/enums';
import { regionByCode } from '../../shared/regions';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  mongodbUri: string | undefined;
  /** Several server processes share socket.io events and rate limits through it. */
  redisUrl: string | undefined;
  dataDir: string;
  sessionSecret: string | undefined;
  sessionTtlHours: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  logLevel: LogLevel;
  trustProxy: boolean | number | string;
  bodyLimit: string;
  shutdownTimeoutMs: number;
  seedDemo: 'auto' | 'never';
  /** The region whose demo the first start makes (INSEE code; Auvergne-Rhône-Alpes, '84', by default). */
  demoRegion: string;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginWindowSeconds: number;
  /** Password-reset requests an hour from one address (and links refused), and mails an hour to one account. */
  passwordReset: { maxPerIp: number; maxPerAccount: number };
  /** Requests (a series counts once) one requester may post per minute. */
  bookingMaxPerMinute: number;
  /** Days after a request ends before its patient reference, notes and cancellation reason are erased. */
  retentionDays: number;
  dispatch: { nowWaveSeconds: number; waveSize: number; atRiskMinutes: number };
  /** How many reads and how many reports are served at the same time; the others wait their turn. */
  admission: { reads: number; reports: number };
  /**
   * Web Push: the VAPID key pair (base64url, as browsers and web-push take them) when configured, else
   * one is generated at first start and kept in the database; `subject` is the contact push services see.
   */
  push: { vapid: { publicKey: string; privateKey: string } | undefined; subject: string };
  /** OpenID Connect sign-in, per provider configured (issuer, client id and secret all given). */
  oidc: Partial<Record<IdentityProvider, OidcClientConfig>>;
  /** Calls in the browser: the STUN/TURN servers handed to each call, and whether media must go through TURN. */
  calls: CallsConfig;
}

export interface CallsConfig {
  iceUrls: string[];
  /** coturn's static-auth-secret: per-call credentials are computed from it (server/calls/turn.ts), never handed out. */
  turnSecret: string | undefined;
  turnTtlSeconds: number;
  /** `relay`: media always goes through TURN, so that participants never learn each other's addresses. */
  iceTransportPolicy: 'all' | 'relay';
}

export interface OidcClientConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** A wrong environment variable: its message is the one line printed before the process stops. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function fail(name: string, expected: string, got: string): never {
  throw new ConfigError(`Invalid configuration: ${name} must be ${expected} (got "${got}")`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) fail(name, `an integer from ${min} to ${max}`, raw);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `an integer from ${min} to ${max}`, raw);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) fail(name, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

function demoRegion(env: Env): string {
  const raw = env.DEMO_REGION?.trim();
  if (!raw) return DEFAULT_REGION_CODE;
  if (!regionByCode(raw)) fail('DEMO_REGION', 'a region code such as 84, 76, 52 or 04', raw);
  return raw;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    fail(name, `a URL starting with ${protocols.join(' or ')}`, redactUrl(raw));
  }
  if (!protocols.includes(parsed.protocol)) fail(name, `a URL starting with ${protocols.join(' or ')}`, redactUrl(raw));
  return raw;
}

/** Never echo credentials from a URL into an error line or a log. */
function redactUrl(raw: string): string {
  return raw.replace(/\/\/[^@/]*@/, '//***@');
}

function trustProxy(env: Env): boolean | number | string {
  const raw = env.TRUST_PROXY;
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[0-9a-fA-F.:/, ]+$|^(loopback|linklocal|uniquelocal)(,\s*\w+)*$/.test(raw)) return raw;
  return fail('TRUST_PROXY', 'true, false, a hop count or a list of addresses', raw);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, both or neither: the uncompressed P-256 point (65 bytes) and
 * the private scalar (32 bytes), base64url, and the one derived from the other (a mismatch would have
 * every push refused by the push services).
 */
function vapidKeys(env: Env): Config['push']['vapid'] {
  const publicKey = env.VAPID_PUBLIC_KEY || undefined;
  const privateKey = env.VAPID_PRIVATE_KEY || undefined;
  if (!publicKey && !privateKey) return undefined;
  if (!publicKey || !privateKey) throw new ConfigError('Invalid configuration: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together (set both, or neither to let the server generate a pair)');
  const publicBytes = BASE64URL.test(publicKey) ? Buffer.from(publicKey, 'base64url') : Buffer.alloc(0);
  if (publicBytes.length !== 65 || publicBytes[0] !== 4) fail('VAPID_PUBLIC_KEY', 'a P-256 public key, 65 bytes in base64url (npx web-push generate-vapid-keys)', publicKey);
  const privateBytes = BASE64URL.test(privateKey) ? Buffer.from(privateKey, 'base64url') : Buffer.alloc(0);
  // The private key is never echoed back, not even in an error line.
  if (privateBytes.length !== 32) throw new ConfigError('Invalid configuration: VAPID_PRIVATE_KEY must be a P-256 private key, 32 bytes in base64url');
  let derived: Buffer;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(privateBytes);
    derived = ecdh.getPublicKey();
  } catch {
    throw new ConfigError('Invalid configuration: VAPID_PRIVATE_KEY is not a valid P-256 private key');
  }
  if (!derived.equals(publicBytes)) throw new ConfigError('Invalid configuration: VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY');
  return { publicKey, privateKey };
}

/** Push services want a way to reach the operator: a mailto: or https: URL, else the sender of e-mails. */
function vapidSubject(env: Env, mailFrom: string): string {
  const raw = env.VAPID_SUBJECT;
  if (raw === undefined || raw === '') return `mailto:${/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()}`;
  if (/^mailto:[^@\s]+@[^@\s]+$/.test(raw) || (/^https:\/\/\S+$/.test(raw) && URL.canParse(raw))) return raw;
  return fail('VAPID_SUBJECT', 'a mailto: address or an https: URL', raw);
}

/** The env prefix of each provider's three variables: OIDC_PSC_ISSUER, OIDC_PSC_CLIENT_ID, OIDC_PSC_CLIENT_SECRET. */
const OIDC_PREFIX: Record<IdentityProvider, string> = { psc: 'OIDC_PSC', proconnect: 'OIDC_PROCONNECT' };

/**
 * Each provider's issuer, client id and secret, all three or none. The issuer is an https: URL; plain
 * http: is accepted on this machine only (localhost, 127.0.0.1), for a provider run by a test or a developer.
 */
function oidcClients(env: Env): Config['oidc'] {
  const clients: Config['oidc'] = {};
  for (const provider of IDENTITY_PROVIDERS) {
    const prefix = OIDC_PREFIX[provider];
    const [issuer, clientId, clientSecret] = ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET'].map((name) => env[`${prefix}_${name}`] || undefined);
    if (!issuer && !clientId && !clientSecret) continue;
    if (!issuer || !clientId || !clientSecret) {
      throw new ConfigError(`Invalid configuration: ${prefix}_ISSUER, ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together (set all three, or none)`);
    }
    const parsed = URL.canParse(issuer) ? new URL(issuer) : undefined;
    const loopback = parsed?.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
    if (!parsed || (parsed.protocol !== 'https:' && !loopback) || parsed.search || parsed.hash) {
      fail(`${prefix}_ISSUER`, 'an https: URL (http: only on localhost)', redactUrl(issuer));
    }
    if (!/^[\x21-\x7e]{1,200}$/.test(clientId)) fail(`${prefix}_CLIENT_ID`, 'printable characters without spaces', clientId);
    // The secret is never echoed back, not even in an error line.
    if (!/^[\x21-\x7e]{1,500}$/.test(clientSecret)) throw new ConfigError(`Invalid configuration: ${prefix}_CLIENT_SECRET must be printable characters without spaces`);
    // Kept exactly as given: the discovered issuer must be the very same URL, trailing slash included.
    clients[provider] = { issuer, clientId, clientSecret };
  }
  return clients;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const sessionSecret = env.SESSION_SECRET || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET must be at least 32 characters long');
  }
  if (nodeEnv === 'production' && sessionSecret === undefined) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET is required when NODE_ENV=production');
  }
  const bodyLimit = env.BODY_LIMIT || '100kb';
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) fail('BODY_LIMIT', 'a size such as 100kb or 1mb', bodyLimit);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const mailFrom = env.MAIL_FROM || 'Interprétariat santé <no-reply@localhost>';
  if (!/^[^\r\n]*<?[^@\s]+@[^@\s]+>?$/.test(mailFrom)) fail('MAIL_FROM', 'an e-mail address', mailFrom);

  return {
    nodeEnv,
    port,
    host,
    mongodbUri: url(env, 'MONGODB_URI', ['mongodb:', 'mongodb+srv:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    sessionSecret,
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    publicUrl: publicUrl.replace(/\/$/, ''),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    trustProxy: trustProxy(env),
    bodyLimit,
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    seedDemo: oneOf(env, 'SEED_DEMO', ['auto', 'never'] as const, 'auto'),
    demoRegion: demoRegion(env),
    loginMaxFailuresPerAccount: integer(env, 'LOGIN_MAX_FAILURES', 10, 1, 1000),
    loginMaxFailuresPerIp: integer(env, 'LOGIN_MAX_FAILURES_PER_IP', 100, 1, 100_000),
    loginWindowSeconds: integer(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
    passwordReset: {
      maxPerIp: integer(env, 'PASSWORD_RESET_MAX_PER_IP', 30, 1, 100_000),
      maxPerAccount: integer(env, 'PASSWORD_RESET_MAX_PER_ACCOUNT', 3, 1, 1000),
    },
    bookingMaxPerMinute: integer(env, 'BOOKING_MAX_PER_MINUTE', 30, 1, 1_000_000),
    retentionDays: integer(env, 'RETENTION_DAYS', 365, 1, 36_500),
    admission: {
      reads: integer(env, 'READ_CONCURRENCY', 8, 1, 10_000),
      reports: integer(env, 'REPORT_CONCURRENCY', 2, 1, 10_000),
    },
    dispatch: {
      nowWaveSeconds: integer(env, 'DISPATCH_NOW_WAVE_SECONDS', 90, 10, 3600),
      waveSize: integer(env, 'DISPATCH_WAVE_SIZE', 3, 1, 100),
      atRiskMinutes: integer(env, 'DISPATCH_AT_RISK_MINUTES', 120, 0, 7 * 24 * 60),
    },
    push: { vapid: vapidKeys(env), subject: vapidSubject(env, mailFrom) },
    oidc: oidcClients(env),
    calls: callsConfig(env),
  };
}

/** TURN_URLS (comma-separated turn:, turns:, stun: URLs), TURN_SECRET with any turn: URL, ICE_TRANSPORT_POLICY=relay only with one. */
function callsConfig(env: Env): CallsConfig {
  const iceUrls = (env.TURN_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  for (const u of iceUrls) if (!/^(turns?|stuns?):[^\s]+$/.test(u)) fail('TURN_URLS', 'comma-separated turn:, turns: or stun: URLs', u);
  const turnSecret = env.TURN_SECRET || undefined;
  const hasTurn = iceUrls.some((u) => /^turns?:/.test(u));
  if (hasTurn && !turnSecret) throw new ConfigError('Invalid configuration: TURN_SECRET is required with a turn: URL in TURN_URLS (coturn\'s static-auth-secret)');
  const iceTransportPolicy = oneOf(env, 'ICE_TRANSPORT_POLICY', ['all', 'relay'] as const, 'all');
  if (iceTransportPolicy === 'relay' && !hasTurn) throw new ConfigError('Invalid configuration: ICE_TRANSPORT_POLICY=relay needs a turn: URL in TURN_URLS');
  return { iceUrls, turnSecret, turnTtlSeconds: integer(env, 'TURN_CREDENTIAL_TTL_SECONDS', 14_400, 60, 7 * 86_400), iceTransportPolicy };
}
