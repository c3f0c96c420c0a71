import { pino, type Logger } from 'pino';

/** JSON logs; pretty printing is left to the reader's tools (pipe through pino-pretty in development). */
export function createLogger(service: string, level: string): Logger {
  return pino({
    name: service,
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '[redacted]' },
  });
}
