/**
 * Installs the offline validators of deploy/ (deploy/validate/requirements.txt: kubernetes-validate with its
 * bundled Kubernetes schemas, check-jsonschema with the Compose Specification's schema) into `.venv-deploy/`
 * (git-ignored) with `python3 -m venv` and pip, and reuses it while it holds those pins. Only PyPI is reached,
 * and only when the cache is missing or stale; the validation itself reads no network.
 *
 *   node --import tsx deploy/validate/venv.ts      install (or confirm) and print the venv's python
 *
 * test/unit/deploy-manifests.test.ts calls {@link ensureDeployValidator} and then {@link runDeployValidator}.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePinnedVenv } from '../../scripts/python-venv.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const venvDir = join(repoRoot, '.venv-deploy');
const requirements = join(here, 'requirements.txt');

/** The venv's python, after creating or refreshing the venv when its pins differ from requirements.txt. */
export function ensureDeployValidator(log: (line: string) => void = (l) => console.error(l)): string {
  return join(ensurePinnedVenv(venvDir, requirements, 'deploy', log), 'bin', 'python');
}

/** One validated document: where it came from, its parsed content and what was wrong with it (none: valid). */
export interface Checked {
  file: string;
  index?: number;
  errors: string[];
  // biome-ignore lint/suspicious/noExplicitAny: parsed YAML, inspected by the tests
  doc: any;
}

export interface ValidationResult {
  status: number;
  kubernetes: Checked[];
  compose: Checked[];
}

/** Runs deploy/validate/validate.py over Kubernetes and Compose files (paths relative to the repository). */
export function runDeployValidator(
  python: string,
  files: { k8s?: string[]; compose?: string[] },
  k8sVersion = '1.33.0',
): ValidationResult {
  const args = [join(here, 'validate.py'), '--k8s-version', k8sVersion];
  for (const f of files.k8s ?? []) args.push('--k8s', f);
  for (const f of files.compose ?? []) args.push('--compose', f);
  const r = spawnSync(python, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`validate.py failed (${r.status ?? r.signal}): ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { kubernetes: Checked[]; compose: Checked[] };
  return { status: r.status, ...out };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const python = ensureDeployValidator();
  console.error(`[deploy] validators ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(python);
}
