import { createClient } from 'redis';
import type { Logger } from 'pino';

export type RedisClient = ReturnType<typeof createClient>;

export interface Redis {
  /** Commands: rate-limit counters, and socket.io's publishing side. */
  client: RedisClient;
  /** socket.io's subscribing side (a subscribed connection takes no other command). */
  subscriber: RedisClient;
  close(): Promise<void>;
}

/**
 * Redis joins several server processes: socket.io events reach sockets held by the other processes,
 * and rate limits are counted once for all. Without REDIS_URL a single process needs none of it.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 5000) } });
  const subscriber = client.duplicate();
  for (const c of [client, subscriber]) c.on('error', (err: unknown) => logger.warn({ err }, 'redis connection error'));
  await Promise.all([client.connect(), subscriber.connect()]);
  return {
    client,
    subscriber,
    async close() {
      await Promise.allSettled([client.quit(), subscriber.quit()]);
    },
  };
}
