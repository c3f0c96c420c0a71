/**
 * A Python virtual environment holding exactly the pins of one requirements file, made by the project's own
 * commands on a fresh machine (`python3 -m venv`, pip from PyPI) and reused while it holds those pins: the
 * fuzzer's schemathesis (`.venv-fuzz`) and the deployment validators (`.venv-deploy`). A stamp file records a
 * hash of the requirements; when it differs the venv is rebuilt from scratch, so no stale package survives.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Creates (or confirms) `dir` with the pins of `requirements`; returns `dir`. `label` prefixes the log line. */
export function ensurePinnedVenv(
  dir: string,
  requirements: string,
  label: string,
  log: (line: string) => void = (l) => console.error(l),
): string {
  const want = createHash('sha256').update(readFileSync(requirements)).digest('hex').slice(0, 16);
  const stamp = join(dir, '.fugong-requirements');
  if (
    existsSync(join(dir, 'bin', 'python')) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === want
  )
    return dir;
  const pins = readFileSync(requirements, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  log(`[${label}] installing ${pins.join(', ')} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  };
  run('python3', ['-m', 'venv', dir]);
  run(join(dir, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-input',
    '-r',
    requirements,
  ]);
  writeFileSync(stamp, `${want}\n`);
  return dir;
}
