/**
 * Generates the client's types from the committed OpenAPI documents (openapi/<service>.json, written by
 * `pnpm openapi`) with openapi-typescript: one file per service in src/generated/, committed, so that a change
 * of contract shows in review and breaks the typecheck of every caller that no longer fits.
 *
 *   pnpm client:generate           writes packages/client/src/generated/<service>.ts
 *   pnpm client:generate --check   exits 1 when a generated file differs from what the documents give
 *
 * Not exported by the package: a build tool, run from the repository root.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

/** The services and their documents, in the order of the README. */
export const CLIENT_SERVICES = ['ingest', 'matcher', 'swap', 'intent-worker', 'monitor', 'convoys'] as const;

export const generatedFile = (service: string) => join(here, 'generated', `${service}.ts`);
export const documentFile = (service: string) => join(root, 'openapi', `${service}.json`);

/**
 * The TypeScript module openapi-typescript writes for one committed document. `defaultNonNullable: false`:
 * a field with a default (a vacancy's `description`, `skills`) stays optional, as the service takes it —
 * openapi-typescript's default would make every caller send it.
 */
export async function generateTypes(service: string): Promise<string> {
  const doc = JSON.parse(readFileSync(documentFile(service), 'utf8'));
  const ast = await openapiTS(doc, { silent: true, defaultNonNullable: false });
  return `${COMMENT_HEADER}// From openapi/${service}.json: regenerate with \`pnpm client:generate\`.\n\n${astToString(ast)}`;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const service of CLIENT_SERVICES) {
    const text = await generateTypes(service);
    const file = generatedFile(service);
    if (!check) writeFileSync(file, text);
    else if (readFileSync(file, 'utf8') !== text) stale.push(service);
  }
  if (stale.length > 0) {
    console.error(
      `client: stale types for ${stale.join(', ')}: run \`pnpm client:generate\` and commit them`,
    );
    return 1;
  }
  console.log(`client: ${CLIENT_SERVICES.length} type modules ${check ? 'match the documents' : 'written'}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
