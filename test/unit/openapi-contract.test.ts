import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CLIENT_SERVICES, generatedFile, generateTypes } from '../../packages/client/src/generate.ts';
import { OPENAPI_DIR, REFRESH, SERVICES, serialise, staleDocuments } from '../../scripts/openapi.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs `scripts/openapi.ts` in its own process (it builds the five apps and exits). */
function runScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'openapi.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * The contract under review: openapi/*.json are exactly what the services build, and the client's generated
 * types are exactly what openapi-typescript makes of them. A route changed without `pnpm openapi && pnpm
 * client:generate` fails here, with that command in the message.
 */
describe('openapi: the committed contract is current', function () {
  this.timeout(60_000);

  it('openapi/*.json match the documents the five services build (pnpm openapi --check)', async () => {
    const { code, stdout, stderr } = await runScript(['--check']);
    expect(
      code,
      `${stderr.trim()}\n(refresh: ${REFRESH}, then commit openapi/ and packages/client)`,
    ).to.equal(0);
    expect(stdout).to.contain(`the ${SERVICES.length} committed documents match`);
  });

  it('packages/client/src/generated/*.ts are what openapi-typescript makes of them (pnpm client:generate)', async () => {
    expect([...CLIENT_SERVICES]).to.deep.equal([...SERVICES]);
    for (const service of CLIENT_SERVICES) {
      const committed = readFileSync(generatedFile(service), 'utf8');
      expect(
        committed === (await generateTypes(service)),
        `${service}: stale types; run \`${REFRESH}\``,
      ).to.equal(true);
    }
  });

  it('a document that differs is reported stale, by service', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fugong-openapi-'));
    try {
      cpSync(OPENAPI_DIR, dir, { recursive: true });
      const docs = Object.fromEntries(
        SERVICES.map((s) => [s, JSON.parse(readFileSync(join(dir, `${s}.json`), 'utf8'))]),
      ) as Record<(typeof SERVICES)[number], any>;
      expect(staleDocuments(docs, dir)).to.deep.equal([]);
      // A route renamed in code: the built document no longer matches the committed file.
      const changed = structuredClone(docs);
      changed.matcher.paths['/v1/vacancies/search'].get.operationId = 'findVacancies';
      expect(staleDocuments(changed, dir)).to.deep.equal(['matcher']);
      // A committed file edited by hand (or missing) is stale too.
      writeFileSync(join(dir, 'swap.json'), serialise({ ...docs.swap, info: { title: 'x' } }));
      rmSync(join(dir, 'monitor.json'));
      expect(staleDocuments(docs, dir)).to.deep.equal(['swap', 'monitor']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
