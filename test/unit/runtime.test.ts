import { readFileSync } from 'node:fs';
import { expect } from 'chai';

// The Node.js release is pinned once, in .node-version; ./fugong provisions it and everything else names the
// same line. These checks fail when the tests run on another line or when one of the places drifts.
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const pinned = read('.node-version').trim();
const [major, minor, patch] = pinned.split('.').map(Number) as [number, number, number];

describe('runtime: the pinned Node.js LTS release', () => {
  it('pins an exact release', () => {
    expect(pinned).to.match(/^\d+\.\d+\.\d+$/);
  });

  it('runs the tests on the pinned line, at or above the pinned release, and that line is an LTS', () => {
    const [m, n, p] = process.versions.node.split('.').map(Number) as [number, number, number];
    expect(m, `node ${process.versions.node} is not on the pinned ${major}.x line`).to.equal(major);
    expect(n > minor || (n === minor && p >= patch), `node ${process.versions.node} is older than ${pinned}`)
      .to.be.true;
    expect(process.release.lts, `node ${process.versions.node} is not an LTS release`).to.be.a('string');
  });

  it('names the same line in package.json engines and @types/node', () => {
    const pkg = JSON.parse(read('package.json')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    expect(pkg.engines.node).to.equal(`^${pinned}`);
    expect(pkg.devDependencies['@types/node']).to.match(new RegExp(`^\\^${major}\\.`));
  });

  it('builds the image on the same release', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).to.include(`ARG NODE_VERSION=${pinned}\n`);
    const from = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));
    expect(from).to.not.be.empty;
    for (const line of from) expect(line).to.match(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim /);
  });
});
