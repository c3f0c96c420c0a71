import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';

export interface RunningServer {
  server: Server;
  port: number;
  /** Idempotent: fail readiness, stop accepting, close the server, then run the closers in order. */
  shutdown: (reason: string) => Promise<void>;
}

/**
 * Listens and wires graceful shutdown on SIGINT/SIGTERM: readiness fails first, the server stops accepting
 * and finishes in-flight requests, then queues, Redis and the engine client close. A force-exit timer
 * (unref'd) ends a shutdown that hangs.
 */
export async function startServer(opts: {
  app: Express;
  port: number;
  host: string;
  logger: Logger;
  state: { ready: boolean };
  closers: Array<() => Promise<unknown>>;
  timeoutMs: number;
  handleSignals?: boolean;
}): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = opts.app.listen(opts.port, opts.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  let closing: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    closing ??= (async () => {
      opts.logger.info({ reason }, 'shutting down');
      opts.state.ready = false;
      const force = setTimeout(() => {
        opts.logger.error('shutdown timed out; exiting');
        process.exit(1);
      }, opts.timeoutMs);
      force.unref();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      for (const close of opts.closers) {
        await close().catch((err: unknown) => opts.logger.warn({ err }, 'error while closing'));
      }
      clearTimeout(force);
      opts.logger.info('shut down cleanly');
    })();
    return closing;
  };
  if (opts.handleSignals !== false) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        void shutdown(signal).then(() => process.exit(0));
      });
    }
  }
  return { server, port, shutdown };
}
