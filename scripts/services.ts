/**
 * The services as `./fugong start` runs them: their ports (PORTAL_PORT, INGEST_PORT, MATCHER_PORT, SWAP_PORT,
 * INTENT_WORKER_PORT, MONITOR_PORT, CONVOYS_PORT; each passed to its service as PORT) and how to tell that the process answering on a
 * port is the one just started.
 */

/** The services, their port variables and default ports. */
export const SERVICES = [
  // The portal first: its URL is the one a newcomer opens. It talks to the others only over HTTP.
  { name: 'portal', portVar: 'PORTAL_PORT', defaultPort: 3000 },
  { name: 'ingest', portVar: 'INGEST_PORT', defaultPort: 3001 },
  { name: 'matcher', portVar: 'MATCHER_PORT', defaultPort: 3002 },
  { name: 'swap', portVar: 'SWAP_PORT', defaultPort: 3003 },
  { name: 'intent-worker', portVar: 'INTENT_WORKER_PORT', defaultPort: 3004 },
  { name: 'monitor', portVar: 'MONITOR_PORT', defaultPort: 3005 },
  { name: 'convoys', portVar: 'CONVOYS_PORT', defaultPort: 3006 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

export interface ServicePort {
  name: ServiceName;
  portVar: string;
  port: number;
}

/**
 * Each service's port from the environment (its `…_PORT`, else the default). Throws, naming the variable,
 * for a value that is not a port, and for two services given the same port.
 */
export function servicePorts(env: NodeJS.ProcessEnv = process.env): ServicePort[] {
  const ports = SERVICES.map(({ name, portVar, defaultPort }) => {
    const raw = env[portVar]?.trim();
    if (raw === undefined || raw === '') return { name, portVar, port: defaultPort };
    const port = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`${portVar}=${raw} is not a port (1–65535)`);
    return { name, portVar, port };
  });
  for (const [i, p] of ports.entries()) {
    const other = ports.slice(0, i).find((q) => q.port === p.port);
    if (other)
      throw new Error(
        `${other.portVar} and ${p.portVar} are both ${p.port}; each service needs its own port`,
      );
  }
  return ports;
}

/**
 * The line a service prints once it listens (`<name> listening`, logged at info level by runService), so
 * readiness is taken from the child just started, not from whatever already answers on its port.
 */
export const listeningLine = (name: string): RegExp => new RegExp(`"msg":"${name} listening"`);

/** True when the process answering on `port` says it is `name` and is ready. */
export async function answersAs(name: string, port: number, host = '127.0.0.1'): Promise<boolean> {
  const get = (path: string) =>
    fetch(`http://${host}:${port}${path}`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
  const health = await get('/healthz');
  if (!health?.ok) return false;
  const body = (await health.json().catch(() => ({}))) as { service?: unknown };
  if (body.service !== name) return false;
  return (await get('/readyz'))?.ok === true;
}
