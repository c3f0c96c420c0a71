/**
 * `pnpm bench startup [--rounds 5]`: how long each service takes from spawn to its "listening" line, run by
 * Node's own type stripping (`node src/main.ts`, how `./fugong start` and the image run them) against the
 * same entry through tsx (`node --import tsx`, how they ran before), alternated round by round on the same
 * machine. Needs ELASTICSEARCH_URL and REDIS_URL (`./fugong bench startup` starts both).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listeningLine, SERVICES } from '../scripts/services.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('--rounds', 5);

/** Milliseconds from spawn to the service's listening line; the process is stopped right after. */
function timeToListen(name: string, viaTsx: boolean, port: number): Promise<number> {
  const entry = join(root, 'services', name, 'src', 'main.ts');
  const args = viaTsx ? ['--import', 'tsx', entry] : [entry];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', INGEST_EXPIRY_INTERVAL_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = listeningLine(name);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not listen within 60 s:\n${out.slice(-2000)}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) {
        const ms = performance.now() - started;
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!ready.test(out)) {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before listening:\n${out.slice(-2000)}`));
      }
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `bench startup: spawn → "listening", ${rounds} rounds each, alternating; Node ${process.version}`,
);
let port = 39_000;
for (const { name } of SERVICES) {
  const plain: number[] = [];
  const tsx: number[] = [];
  for (let r = 0; r < rounds; r++) {
    plain.push(await timeToListen(name, false, port++));
    tsx.push(await timeToListen(name, true, port++));
  }
  const fmt = (xs: number[]) =>
    `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(
    `  ${name.padEnd(14)} node (type stripping) ${fmt(plain)}   tsx ${fmt(tsx)}   ratio ${(median(plain) / median(tsx)).toFixed(2)}×`,
  );
}
