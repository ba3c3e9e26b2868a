// Redis session store for running several instances behind a load balancer (SESSION_STORE_URL=redis://...).
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import type { Logger } from 'pino';

export async function createSessionStore(url: string, logger: Logger): Promise<{ store: RedisStore; close: () => Promise<void> }> {
  const client = createClient({ url });
  client.on('error', (err: Error) => logger.warn({ msg: err.message }, 'redis session store error'));
  await client.connect();
  return {
    store: new RedisStore({ client, prefix: 'postern:sess:' }),
    close: async () => {
      await client.quit().catch(() => undefined);
    },
  };
}
