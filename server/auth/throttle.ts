import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '../platform/redis';
import { rateLimited } from '../platform/errors';

export interface ThrottleSettings {
  maxFailuresPerAccount: number;
  maxAttemptsPerIp: number;
  windowSeconds: number;
  /** Shared counters when several server processes run: a limit per process would multiply it. */
  redis?: RedisClient | undefined;
}

function limiter(points: number, duration: number, keyPrefix: string, redis: RedisClient | undefined): RateLimiterAbstract {
  return redis
    ? new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, points, duration, keyPrefix })
    : new RateLimiterMemory({ points, duration, keyPrefix });
}

/**
 * Slows down password guessing: every attempt counts against the caller's address, and failures count
 * against the account, whichever address they come from. rate-limiter-flexible gives us tested windowing.
 */
export class LoginThrottle {
  private readonly perIp: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;

  constructor(private readonly settings: ThrottleSettings) {
    this.perIp = limiter(settings.maxAttemptsPerIp, settings.windowSeconds, 'login-ip', settings.redis);
    this.perAccount = limiter(settings.maxFailuresPerAccount, settings.windowSeconds, 'login-account', settings.redis);
  }

  /** Throws a 429 when the address or the account is locked out; counts the attempt for the address. */
  async beforeAttempt(ip: string, account: string): Promise<void> {
    const failures = await this.perAccount.get(account);
    if (failures && failures.consumedPoints >= this.settings.maxFailuresPerAccount) {
      throw rateLimited(failures.msBeforeNext / 1000);
    }
    try {
      await this.perIp.consume(ip);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(rejection.msBeforeNext / 1000);
      throw rejection;
    }
  }

  async failed(account: string): Promise<void> {
    await this.perAccount.penalty(account, 1);
  }

  async succeeded(account: string): Promise<void> {
    await this.perAccount.delete(account);
  }
}

/**
 * Caps how many requests one requester may post per minute: a script gone wrong, or a stolen session,
 * cannot flood the interpreters with offers. An idempotent replay counts like any other call.
 */
export class BookingThrottle {
  private readonly perUser: RateLimiterAbstract;

  constructor(maxPerMinute: number, redis?: RedisClient) {
    this.perUser = limiter(maxPerMinute, 60, 'booking', redis);
  }

  async consume(userId: string): Promise<void> {
    try {
      await this.perUser.consume(userId);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(rejection.msBeforeNext / 1000);
      throw rejection;
    }
  }
}
