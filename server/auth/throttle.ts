import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '../platform/redis';
import { rateLimited } from '../platform/errors';

export interface ThrottleSettings {
  /** Wrong passwords in a row that lock an account (LOGIN_MAX_FAILURES). */
  maxFailuresPerAccount: number;
  /** Wrong passwords from one address, over any accounts, that lock the address (LOGIN_MAX_FAILURES_PER_IP). */
  maxFailuresPerIp: number;
  /** The window failures are counted in, and the first lockout, in seconds (LOGIN_WINDOW_SECONDS). */
  windowSeconds: number;
  /** Shared counters when several server processes run: a limit per process would multiply it. */
  redis?: RedisClient | undefined;
}

/** The longest an account stays locked, however often it was locked before. */
const MAX_LOCKOUT_SECONDS = 24 * 3600;

function limiter(points: number, duration: number, keyPrefix: string, redis: RedisClient | undefined): RateLimiterAbstract {
  return redis
    ? new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, points, duration, keyPrefix })
    : new RateLimiterMemory({ points, duration, keyPrefix });
}

/**
 * Slows down password guessing without locking out a hospital whose staff share a few addresses:
 * a successful login never counts. Wrong passwords count per account (after `maxFailuresPerAccount`
 * the account is locked for the window, each later lockout within a day twice as long as the one
 * before, up to a day) and per address (after `maxFailuresPerIp` over any accounts, the address is
 * locked for the window: password spraying). OWASP Authentication Cheat Sheet, "Account lockout";
 * rate-limiter-flexible gives us tested windowing, in memory or in Redis.
 */
export class LoginThrottle {
  private readonly accountFailures: RateLimiterAbstract;
  private readonly accountLockouts: RateLimiterAbstract;
  private readonly lockedAccounts: RateLimiterAbstract;
  private readonly ipFailures: RateLimiterAbstract;

  constructor(private readonly settings: ThrottleSettings) {
    const { windowSeconds, redis } = settings;
    this.accountFailures = limiter(settings.maxFailuresPerAccount, windowSeconds, 'login-failures', redis);
    this.accountLockouts = limiter(1_000_000, MAX_LOCKOUT_SECONDS, 'login-lockouts', redis);
    this.lockedAccounts = limiter(1, MAX_LOCKOUT_SECONDS, 'login-locked', redis);
    this.ipFailures = limiter(settings.maxFailuresPerIp, windowSeconds, 'login-ip-failures', redis);
  }

  /** Throws a 429 (with the seconds to wait) when the account or the address is locked. */
  async beforeAttempt(ip: string, account: string): Promise<void> {
    const locked = await this.lockedAccounts.get(account);
    if (locked && locked.consumedPoints > 1) throw rateLimited(locked.msBeforeNext / 1000);
    const fromIp = await this.ipFailures.get(ip);
    if (fromIp && fromIp.consumedPoints >= this.settings.maxFailuresPerIp) throw rateLimited(fromIp.msBeforeNext / 1000);
  }

  /** A wrong password: counts for the account and for the address; locks the account at the limit. */
  async failed(ip: string, account: string): Promise<void> {
    await this.ipFailures.penalty(ip, 1);
    const failures = await this.accountFailures.penalty(account, 1);
    if (failures.consumedPoints < this.settings.maxFailuresPerAccount) return;
    const lockouts = await this.accountLockouts.penalty(account, 1);
    const seconds = Math.min(MAX_LOCKOUT_SECONDS, this.settings.windowSeconds * 2 ** (lockouts.consumedPoints - 1));
    await this.lockedAccounts.block(account, seconds);
    await this.accountFailures.delete(account);
  }

  /** The right password: the account starts afresh. The address's count is left alone. */
  async succeeded(account: string): Promise<void> {
    await this.accountFailures.delete(account);
    await this.accountLockouts.delete(account);
  }
}

/**
 * Caps how many times one key may do something per minute. Booking: a requester's posts (a script gone
 * wrong, or a stolen session, cannot flood the interpreters with offers; an idempotent replay counts
 * like any other call). Sign-in with a provider: starts per address (each writes an attempt that lives
 * ten minutes).
 */
export class PerMinuteThrottle {
  private readonly perKey: RateLimiterAbstract;

  /** `name` keeps each use's counts apart (booking per requester, provider sign-ins per address). */
  constructor(name: string, maxPerMinute: number, redis?: RedisClient) {
    this.perKey = limiter(maxPerMinute, 60, name, redis);
  }

  /** Counts one for `key`: 429 (with Retry-After) over the limit. */
  consume(key: string): Promise<void> {
    return consumeOr429(this.perKey, key);
  }
}

/** Password-reset requests per hour (PASSWORD_RESET_MAX_PER_IP, PASSWORD_RESET_MAX_PER_ACCOUNT). */
export interface ResetThrottleSettings {
  maxPerIp: number;
  maxPerAccount: number;
  redis?: RedisClient | undefined;
}

/**
 * Caps password-reset requests and wrong links. From one address: `maxPerIp` requests an hour, and as
 * many links refused, then 429 (a hospital's staff share a few addresses, hence a generous default).
 * For one e-mail address: `maxPerAccount` mails an hour, after which requests are still answered 202,
 * the same as for an address that has no account, but send nothing: nobody can flood a mailbox, and the
 * answer never tells whether an account exists.
 */
export class ResetThrottle {
  private readonly perIp: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;
  private readonly badLinksPerIp: RateLimiterAbstract;

  constructor(private readonly settings: ResetThrottleSettings) {
    this.perIp = limiter(settings.maxPerIp, 3600, 'reset-ip', settings.redis);
    this.perAccount = limiter(settings.maxPerAccount, 3600, 'reset-account', settings.redis);
    this.badLinksPerIp = limiter(settings.maxPerIp, 3600, 'reset-bad-link', settings.redis);
  }

  /** Counts a request: throws 429 over the address's limit; false when the account's limit is reached. */
  async request(ip: string, account: string): Promise<boolean> {
    await consumeOr429(this.perIp, ip);
    try {
      await this.perAccount.consume(account);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }

  /** Before a link is tried: 429 when this address has had too many refused. */
  async beforeLink(ip: string): Promise<void> {
    const refused = await this.badLinksPerIp.get(ip);
    if (refused && refused.consumedPoints >= this.settings.maxPerIp) throw rateLimited(refused.msBeforeNext / 1000);
  }

  /** A link refused (unknown, used or expired). */
  async badLink(ip: string): Promise<void> {
    await this.badLinksPerIp.penalty(ip, 1);
  }
}

async function consumeOr429(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw rateLimited(rejection.msBeforeNext / 1000);
    throw rejection;
  }
}
