import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { SERVICES } from '../../scripts/services.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `./fugong start` and the image run the services with plain `node src/main.ts` (issue #10): Node's type
 * stripping, no tsx. Stripping refuses TypeScript that emits code (enums, constructor parameter properties,
 * namespaces), so each service's whole module graph must load without a loader. This imports each app module
 * in a child process that has none.
 */
describe('runtime: every service loads under Node’s own type stripping', function () {
  this.timeout(60_000);
  for (const { name } of SERVICES) {
    it(name, () => {
      const app = pathToFileURL(join(root, 'services', name, 'src', 'app.ts')).href;
      const r = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(app)}); if (!m) process.exit(3);`,
        ],
        { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
      );
      expect(r.status, r.stderr.slice(0, 2000)).to.equal(0);
    });
  }
});
