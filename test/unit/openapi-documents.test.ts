import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { authLabel, dropUntypedNullable } from '@fugong/http';
import { OPENAPI_DIR, SERVICES } from '../../scripts/openapi.ts';

/**
 * The committed OpenAPI documents (openapi/*.json, `pnpm openapi`) read well to generators and linters: every
 * operation named and tagged, security declared, nullable fields typed, no two path templates for one path.
 * openapi-contract.test.ts checks that these files are what the services build.
 */
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface Op {
  service: string;
  method: string;
  path: string;
  op: any;
}

const docs = Object.fromEntries(
  SERVICES.map((name) => [name, JSON.parse(readFileSync(join(OPENAPI_DIR, `${name}.json`), 'utf8'))]),
);

function operations(doc: any, service: string): Op[] {
  return Object.entries(doc.paths as Record<string, any>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ service, method, path, op })),
  );
}

const all = SERVICES.flatMap((s) => operations(docs[s], s));
const where = (o: Op) => `${o.service}: ${o.method.toUpperCase()} ${o.path}`;

/** Every schema object in a document with the JSON path to it. */
function* schemaNodes(node: unknown, at = '#'): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemaNodes(item, `${at}/${i}`);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  yield [at, node as Record<string, unknown>];
  for (const [key, value] of Object.entries(node)) yield* schemaNodes(value, `${at}/${key}`);
}

describe('openapi: the committed documents', () => {
  it('holds the six services, each an OpenAPI 3.0.3 document with operations', () => {
    expect(SERVICES).to.deep.equal(['ingest', 'matcher', 'swap', 'intent-worker', 'monitor', 'convoys']);
    for (const s of SERVICES) {
      expect(docs[s].openapi, s).to.equal('3.0.3');
      expect(operations(docs[s], s), s).to.not.be.empty;
    }
  });

  it('names every operation: a camelCase verbNoun operationId, unique within its document', () => {
    const missing = all.filter((o) => typeof o.op.operationId !== 'string').map(where);
    expect(missing, 'operations without an operationId').to.deep.equal([]);
    const badShape = all.filter((o) => !/^[a-z]+[A-Z][A-Za-z0-9]*$/.test(o.op.operationId));
    expect(badShape.map((o) => `${where(o)} ${o.op.operationId}`)).to.deep.equal([]);
    for (const s of SERVICES) {
      const ids = operations(docs[s], s).map((o) => o.op.operationId as string);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(repeated, `${s}: repeated operationIds`).to.deep.equal([]);
    }
  });

  it('tags every operation', () => {
    const untagged = all.filter((o) => !Array.isArray(o.op.tags) || o.op.tags.length === 0).map(where);
    expect(untagged).to.deep.equal([]);
  });

  it('declares security on every operation: the key, or (public routes) none or the key', () => {
    for (const o of all) {
      expect(o.op.security, where(o)).to.be.an('array').that.is.not.empty;
      for (const requirement of o.op.security) {
        const names = Object.keys(requirement);
        for (const name of names)
          expect(docs[o.service].components.securitySchemes, `${where(o)} names ${name}`).to.have.property(
            name,
          );
      }
    }
    // Anonymous callers reach only these: a route turning public is a privacy change, and shows here.
    const anonymous = all
      .filter((o) => o.op.security.some((r: object) => Object.keys(r).length === 0))
      .map((o) => `${o.service}.${o.op.operationId}`)
      .sort();
    expect(anonymous).to.deep.equal([
      'ingest.getFair',
      'ingest.getVacancy',
      'ingest.listFairs',
      'matcher.searchVacancies',
      'matcher.suggestSearchTerms',
    ]);
  });

  it('gives every nullable schema its type', () => {
    for (const s of SERVICES) {
      const untyped = [...schemaNodes(docs[s])]
        .filter(([, node]) => node['nullable'] === true && typeof node['type'] !== 'string')
        .map(([at]) => at);
      expect(untyped, `${s}: nullable without a type`).to.deep.equal([]);
    }
  });

  it('has no two path templates for one path (the same segments under other parameter names)', () => {
    for (const s of SERVICES) {
      const byShape = new Map<string, string[]>();
      for (const path of Object.keys(docs[s].paths)) {
        const shape = path.replace(/\{[^}]+\}/g, '{}');
        byShape.set(shape, [...(byShape.get(shape) ?? []), path]);
      }
      const collisions = [...byShape.values()].filter((paths) => paths.length > 1);
      expect(collisions, s).to.deep.equal([]);
    }
  });
});

describe('openapi: how the HTTP kit writes them', () => {
  it('drops nullable where no type stands beside it (zod unknown), and keeps it everywhere else', () => {
    const doc = {
      a: { nullable: true },
      b: { type: 'string', nullable: true },
      c: { properties: { d: { nullable: true, description: 'anything' } } },
      e: { allOf: [{ $ref: '#/components/schemas/X' }], nullable: true },
      f: [{ nullable: true }],
    };
    dropUntypedNullable(doc);
    expect(doc).to.deep.equal({
      a: {},
      b: { type: 'string', nullable: true },
      c: { properties: { d: { description: 'anything' } } },
      e: { allOf: [{ $ref: '#/components/schemas/X' }], nullable: true },
      f: [{}],
    });
  });

  it('the docs page says which routes need a key and which take one optionally', () => {
    expect(authLabel([{ apiKey: [] }])).to.match(/^API key/);
    expect(authLabel([{}, { apiKey: [] }])).to.match(/^public, rate-limited; with an API key/);
    expect(authLabel(undefined)).to.equal('public, rate-limited');
  });
});
