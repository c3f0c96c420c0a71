import { createLogger, startServer } from '@fugong/http';
import { parseEnv } from '@fugong/config';
import { buildPortal } from './app.ts';
import { portalEnvSchema, serviceUrlsFrom } from './env.ts';

const env = parseEnv(portalEnvSchema);
const logger = createLogger('portal', env.LOG_LEVEL);
const portal = await buildPortal({
  urls: serviceUrlsFrom(env),
  keys: { site: env.PORTAL_SITE_KEY, bureau: env.PORTAL_BUREAU_KEY },
  siteId: env.PORTAL_SITE_ID,
  redisUrl: env.REDIS_URL,
  redisClusterNodes: env.REDIS_CLUSTER_NODES,
  prefix: env.PORTAL_PREFIX,
  sessionSecret: env.PORTAL_SESSION_SECRET,
  secureCookies: env.PORTAL_SECURE_COOKIES ?? env.NODE_ENV === 'production',
  ...(env.PORTAL_PUBLIC_URL ? { publicUrl: env.PORTAL_PUBLIC_URL } : {}),
  log: (line) => logger.info(line),
});
if (env.TRUST_PROXY.length > 0) portal.app.set('trust proxy', env.TRUST_PROXY);
else if (env.PORTAL_PUBLIC_URL?.startsWith('https://')) portal.app.set('trust proxy', 'loopback');
const running = await startServer({
  app: portal.app,
  port: env.PORT ?? env.PORTAL_PORT,
  host: env.HOST,
  logger,
  state: portal.state,
  closers: [portal.close],
  timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
});
logger.info({ port: running.port, host: env.HOST }, 'portal listening');
