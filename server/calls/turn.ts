import { createHmac } from 'node:crypto';

export interface TurnCredentials {
  /** `"<unix expiry in seconds>:<user>"`. */
  username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  credential: string;
  expiresAt: Date;
}

/**
 * Time-limited TURN credentials for one user, as coturn checks them with `use-auth-secret` and
 * `static-auth-secret` (the "TURN REST API" scheme: draft-uberti-behave-turn-rest-00, coturn's
 * README.turnserver "use-auth-secret" and its wiki "turn_rest_api"): the username is the expiry as a
 * UNIX timestamp, a colon and the user; the password is base64(HMAC-SHA1(secret, username)). coturn
 * recomputes the password from the username and refuses an expiry in the past, so the secret never
 * leaves the server and a leaked credential dies at `expiresAt`. Pure: the caller passes `now`.
 */
export function turnCredentials(secret: string, user: string, ttlSeconds: number, now: Date): TurnCredentials {
  if (!secret) throw new RangeError('the TURN secret is empty');
  if (!user) throw new RangeError('the TURN user is empty');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`the TURN credential lifetime must be a positive whole number of seconds, not ${ttlSeconds}`);
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}
