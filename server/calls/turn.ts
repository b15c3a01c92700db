import { createHmac } from 'node:crypto';

/**
 * Time-limited TURN credentials as coturn's `use-auth-secret` checks them (the "TURN REST API" of
 * draft-uberti-behave-turn-rest-00, coturn's README.turnserver): username `<unix expiry>:<user>`,
 * password base64(HMAC-SHA1(static-auth-secret, username)). Handed per call; the secret never leaves
 * the server. coturn refuses an expiry in the past.
 */
export function turnCredentials(secret: string, user: string, ttlSeconds: number, now = new Date()): { username: string; credential: string; expiresAt: Date } {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}
