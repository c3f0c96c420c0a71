import { parseEnv, serviceEnvSchema } from '@fugong/config';
import type { Express } from 'express';
import { type Runtime, createRuntime } from './runtime.ts';
import { type RunningServer, startServer } from './server.ts';

export interface BuiltService {
  app: Express;
  state: { ready: boolean };
  /** Closed in order after the server stops (workers, queues), before the runtime's connections. */
  closers?: Array<() => Promise<unknown>>;
}

/** The composition root every service's main.ts calls: env, connections, app, listen, graceful shutdown. */
export async function runService(opts: {
  name: string;
  defaultPort: number;
  build: (runtime: Runtime) => Promise<BuiltService> | BuiltService;
}): Promise<RunningServer> {
  const env = parseEnv(serviceEnvSchema(opts.defaultPort));
  const runtime = createRuntime(env, opts.name);
  const built = await opts.build(runtime);
  const running = await startServer({
    app: built.app,
    port: env.PORT,
    host: env.HOST,
    logger: runtime.logger,
    state: built.state,
    closers: [...(built.closers ?? []), runtime.close],
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  });
  runtime.logger.info({ port: running.port, host: env.HOST }, `${opts.name} listening`);
  return running;
}
