/**
 * Issue #13: the deployment descriptions (docker-compose.yml's `cluster` profile, deploy/compose/haproxy.cfg,
 * deploy/k8s/) validated offline, and kept consistent with the code.
 *
 * Schemas: every Kubernetes document against the Kubernetes 1.33 API's strict JSON schemas bundled in the PyPI
 * package kubernetes-validate (unknown fields and wrong types rejected), the ECK `Elasticsearch` against
 * deploy/validate/eck-elasticsearch.schema.json (its pod template and volume claims against the same Kubernetes
 * definitions), docker-compose.yml against the Compose Specification's schema vendored by check-jsonschema.
 * Both packages are installed by deploy/validate/venv.ts into .venv-deploy/ (git-ignored) the first time.
 * Broken copies of real manifests must be rejected, so the check is shown to be able to fail.
 *
 * Consistency: ports are the services' defaults (scripts/services.ts), every copy and Deployment is ready on
 * /readyz and alive on /healthz, every environment variable named is one the service reads (its zod schema)
 * and its value parses, the Redis and engine addresses name what the files define, the balancer's backends
 * are the compose copies, sizes are docs/scale.md's, and the default compose services are unchanged.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { baseEnvSchema, parseEnv, serviceEnvSchema } from '@fugong/config';
import { expect } from 'chai';
import type { z } from 'zod';
import {
  type Checked,
  type ValidationResult,
  ensureDeployValidator,
  repoRoot,
  runDeployValidator,
} from '../../deploy/validate/venv.ts';
import { SERVICES } from '../../scripts/services.ts';
import { ingestEnvSchema } from '../../services/ingest/src/env.ts';
import { intentEnvSchema } from '../../services/intent-worker/src/env.ts';
import { monitorEnvSchema } from '../../services/monitor/src/env.ts';
import { loopEnvSchema } from '../../services/monitor/src/loop/platform.ts';
import { portalEnvSchema } from '../../services/portal/src/env.ts';
import { swapEnvSchema } from '../../services/swap/src/env.ts';

/** The default compose file as it was before the cluster profile was added (its services must not change). */
const COMPOSE_BEFORE_PROFILE = 'c18ea47';
const K8S_VERSION = '1.33.0';
const k8sDir = join(repoRoot, 'deploy', 'k8s');

type Doc = Record<string, any>;
type EnvSchema = z.ZodObject<z.ZodRawShape>;

const portOf = (name: string): number => {
  const svc = SERVICES.find((s) => s.name === name);
  if (!svc) throw new Error(`unknown service ${name}`);
  return svc.defaultPort;
};

/** The schemas a service's process parses its environment with (all of them must accept it). */
function envSchemas(name: string): EnvSchema[] {
  if (name === 'portal') return [portalEnvSchema as unknown as EnvSchema];
  // scripts/indices.ts parses the shared settings only
  if (name === 'indices') return [baseEnvSchema as unknown as EnvSchema];
  const base = serviceEnvSchema(portOf(name)) as unknown as EnvSchema;
  const own: Record<string, EnvSchema[]> = {
    ingest: [ingestEnvSchema],
    'intent-worker': [intentEnvSchema],
    monitor: [monitorEnvSchema, loopEnvSchema],
    swap: [swapEnvSchema],
  } as unknown as Record<string, EnvSchema[]>;
  return [base, ...(own[name] ?? [])];
}

/** Names no schema reads that a description may still set, each for a stated reason. */
const NOT_READ_BY_THE_APP: Record<string, string> = {
  SERVICE: "the image's CMD picks the service with it (Dockerfile)",
  ES_PASSWORD: 'only fills ELASTICSEARCH_URL through $(ES_PASSWORD) (Kubernetes dependent variables)',
};

/** Checks that every name is read by the service and that the values parse; returns the problems. */
function envProblems(where: string, name: string, env: Record<string, string>): string[] {
  const schemas = envSchemas(name);
  const known = new Set(schemas.flatMap((s) => Object.keys(s.shape)));
  const problems = Object.keys(env)
    .filter((k) => !known.has(k) && !(k in NOT_READ_BY_THE_APP))
    .map((k) => `${where}: ${k} is read by no schema of ${name}`);
  for (const schema of schemas) {
    try {
      parseEnv(schema, env);
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
  }
  return problems;
}

function listK8sFiles(dir = k8sDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listK8sFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
    )
    .map((f) => relative(repoRoot, f))
    .sort();
}

describe('deploy: descriptions validated offline (issue #13)', function () {
  // The first run on a machine installs the validators from PyPI (about a minute); later runs reuse them.
  this.timeout(20_000);
  let python = '';
  let result: ValidationResult;
  let k8s: Checked[] = [];
  let compose: Doc = {};
  let scratch = '';
  const manifests = listK8sFiles().filter((f) => !f.endsWith('kustomization.yaml'));

  before(function () {
    this.timeout(15 * 60_000);
    python = ensureDeployValidator();
    result = runDeployValidator(python, { k8s: manifests, compose: ['docker-compose.yml'] }, K8S_VERSION);
    k8s = result.kubernetes;
    compose = result.compose[0]?.doc ?? {};
    scratch = mkdtempSync(join(tmpdir(), 'fugong-deploy-'));
  });
  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const docs = (kind: string) => k8s.filter((c) => c.doc?.kind === kind).map((c) => c.doc as Doc);
  const one = (kind: string, name: string): Doc => {
    const found = docs(kind).filter((d) => d.metadata?.name === name);
    expect(found, `${kind} ${name}`).to.have.length(1);
    return found[0] as Doc;
  };
  /** Validates documents written to a scratch file; returns each document's errors. */
  const validateDocs = (file: string, items: Doc[], kind: 'k8s' | 'compose'): string[][] => {
    const path = join(scratch, file);
    writeFileSync(
      path,
      kind === 'k8s' ? items.map((d) => JSON.stringify(d)).join('\n---\n') : JSON.stringify(items[0]),
    );
    const r = runDeployValidator(python, kind === 'k8s' ? { k8s: [path] } : { compose: [path] }, K8S_VERSION);
    return (kind === 'k8s' ? r.kubernetes : r.compose).map((c) => c.errors);
  };
  const clone = <T>(v: T): T => structuredClone(v);

  describe('schemas', () => {
    it('every Kubernetes document is valid against the Kubernetes 1.33 schemas (strict), ECK against its own', () => {
      const bad = k8s
        .filter((c) => c.errors.length > 0)
        .map((c) => `${c.file}#${c.index}: ${c.errors.join('; ')}`);
      expect(bad).to.deep.equal([]);
      expect(k8s.length).to.be.greaterThan(30);
      const kinds = new Set(k8s.map((c) => c.doc.kind));
      for (const kind of [
        'Namespace',
        'ConfigMap',
        'Secret',
        'Elasticsearch',
        'StatefulSet',
        'Job',
        'Deployment',
        'Service',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'Ingress',
      ])
        expect(kinds.has(kind), kind).to.equal(true);
    });

    it('docker-compose.yml is valid against the Compose Specification schema', () => {
      expect(result.compose[0]?.errors).to.deep.equal([]);
      expect(result.status).to.equal(0);
    });

    it('rejects broken manifests: a wrong type, an unknown field, a missing required field, an unknown kind', () => {
      const deployment = clone(one('Deployment', 'ingest'));
      const wrongType = clone(deployment);
      wrongType.spec.replicas = 'two';
      const unknownField = clone(deployment);
      unknownField.spec.template.spec.containers[0].readinesProbe = {
        httpGet: { path: '/readyz', port: 3001 },
      };
      const noContainers = clone(deployment);
      delete noContainers.spec.template.spec.containers;
      const hpa = clone(one('HorizontalPodAutoscaler', 'matcher'));
      hpa.spec.metrics[0].resource.target.averageUtilization = '60%';
      const unknownKind = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } };
      const errors = validateDocs(
        'broken.yaml',
        [deployment, wrongType, unknownField, noContainers, hpa, unknownKind],
        'k8s',
      );
      expect(errors[0], 'the unchanged copy').to.deep.equal([]);
      expect(errors[1]?.join(' ')).to.match(/spec\.replicas: 'two' is not of type/);
      expect(errors[2]?.join(' ')).to.match(/readinesProbe/);
      expect(errors[3]?.join(' ')).to.match(/'containers' is a required property/);
      expect(errors[4]?.join(' ')).to.match(/averageUtilization: '60%' is not of type/);
      expect(errors[5]?.join(' ')).to.match(/no schema for Widget/);
    });

    it('rejects a broken ECK Elasticsearch: count as text, an unknown field, a bad pod template', () => {
      const es = clone(one('Elasticsearch', 'fugong'));
      const countText = clone(es);
      countText.spec.nodeSets[0].count = '3';
      const unknown = clone(es);
      unknown.spec.nodeSet = unknown.spec.nodeSets;
      const badPod = clone(es);
      badPod.spec.nodeSets[0].podTemplate.spec.containers[0].resource = {};
      const noVersion = clone(es);
      delete noVersion.spec.version;
      const errors = validateDocs('broken-es.yaml', [es, countText, unknown, badPod, noVersion], 'k8s');
      expect(errors[0]).to.deep.equal([]);
      expect(errors[1]?.join(' ')).to.match(/nodeSets\.0\.count: '3' is not of type 'integer'/);
      expect(errors[2]?.join(' ')).to.match(/'nodeSet' was unexpected/);
      expect(errors[3]?.join(' ')).to.match(/'resource' was unexpected/);
      expect(errors[4]?.join(' ')).to.match(/'version' is a required property/);
    });

    it('rejects a broken compose file: an unknown service key, ports of the wrong type', () => {
      const unknown = clone(compose);
      unknown.services['ingest-1'].imagee = 'x';
      expect(validateDocs('unknown.yml', [unknown], 'compose')[0]?.join(' ')).to.match(/imagee/);
      const ports = clone(compose);
      ports.services.balancer.ports = 3000;
      expect(validateDocs('ports.yml', [ports], 'compose')[0]?.join(' ')).to.match(/3000 is not of type/);
    });
  });

  describe('Kubernetes: consistency', () => {
    const names = SERVICES.map((s) => s.name);

    it("the default ports used here are the services' own (runService's defaultPort, the portal's PORTAL_PORT)", () => {
      for (const name of names) {
        if (name === 'portal') {
          const env = {
            PORTAL_SITE_KEY: 'fg_a',
            PORTAL_BUREAU_KEY: 'fg_b',
            PORTAL_SESSION_SECRET: 'x'.repeat(32),
          };
          expect(parseEnv(portalEnvSchema, env).PORTAL_PORT).to.equal(portOf(name));
          continue;
        }
        const main = readFileSync(join(repoRoot, 'services', name, 'src', 'main.ts'), 'utf8');
        expect(main.match(/defaultPort: (\d+)/)?.[1], name).to.equal(String(portOf(name)));
      }
    });

    it('kustomization.yaml applies every manifest but the Secret template', () => {
      const kustomization = readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8');
      const listed = [...kustomization.matchAll(/^ {2}- ([\w/.-]+\.yaml)$/gm)].map(
        (m) => `deploy/k8s/${m[1]}`,
      );
      expect(listed.sort()).to.deep.equal(manifests.filter((f) => !f.endsWith('secret.example.yaml')));
    });

    it('a Deployment, Service, HPA (autoscaling/v2) and PDB (policy/v1) per service, on its default port', () => {
      for (const name of names) {
        const dep = one('Deployment', name);
        const pod = dep.spec.template.spec;
        const [c] = pod.containers;
        expect(dep.spec.selector.matchLabels).to.deep.equal({ 'app.kubernetes.io/name': name });
        expect(dep.spec.template.metadata.labels).to.deep.include(dep.spec.selector.matchLabels);
        expect(c.ports[0].containerPort, name).to.equal(portOf(name));
        expect(c.command).to.deep.equal(['node', `services/${name}/src/main.ts`]);
        expect(existsSync(join(repoRoot, 'services', name, 'src', 'main.ts'))).to.equal(true);
        const svc = one('Service', name);
        expect(svc.spec.ports[0].port).to.equal(portOf(name));
        expect(svc.spec.selector).to.deep.equal(dep.spec.selector.matchLabels);
        const hpa = k8s.find(
          (d) => d.doc.kind === 'HorizontalPodAutoscaler' && d.doc.metadata.name === name,
        )?.doc;
        expect(hpa?.apiVersion).to.equal('autoscaling/v2');
        expect(hpa?.spec.scaleTargetRef).to.deep.equal({ apiVersion: 'apps/v1', kind: 'Deployment', name });
        expect(hpa?.spec.minReplicas).to.equal(dep.spec.replicas);
        expect(hpa?.spec.maxReplicas).to.be.at.least(hpa?.spec.minReplicas);
        const pdb = k8s.find(
          (d) => d.doc.kind === 'PodDisruptionBudget' && d.doc.metadata.name === name,
        )?.doc;
        expect(pdb?.apiVersion).to.equal('policy/v1');
        expect(pdb?.spec.selector.matchLabels).to.deep.equal(dep.spec.selector.matchLabels);
        // a drain must be able to proceed: fewer required than running
        expect(pdb?.spec.minAvailable).to.be.below(dep.spec.replicas);
      }
    });

    it('every Deployment is ready on /readyz, alive on /healthz, with resources and a locked-down security context', () => {
      for (const dep of docs('Deployment')) {
        const pod = dep.spec.template.spec;
        const where = `Deployment ${dep.metadata.name}`;
        expect(pod.securityContext.runAsNonRoot, where).to.equal(true);
        for (const c of pod.containers) {
          expect(c.readinessProbe.httpGet.path, where).to.equal('/readyz');
          expect(c.livenessProbe.httpGet.path, where).to.equal('/healthz');
          expect(c.readinessProbe.httpGet.port).to.equal(c.ports[0].name);
          expect(c.resources.requests.cpu && c.resources.requests.memory, where).to.be.a('string');
          expect(c.resources.limits.cpu && c.resources.limits.memory, where).to.be.a('string');
          expect(c.securityContext).to.deep.include({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
          });
          expect(c.securityContext.capabilities.drop).to.deep.equal(['ALL']);
        }
      }
      expect(
        docs('Deployment')
          .map((d) => d.metadata.name)
          .sort(),
      ).to.deep.equal([...names].sort());
    });

    it("every variable a container sets is one its service reads, and the service's schemas accept the values", () => {
      const configMaps = new Map(
        docs('ConfigMap').map((d) => [d.metadata.name, d.data as Record<string, string>]),
      );
      const secret = one('Secret', 'fugong-portal').stringData as Record<string, string>;
      const resolve = (c: Doc): Record<string, string> => {
        const env: Record<string, string> = {};
        for (const from of c.envFrom ?? []) Object.assign(env, configMaps.get(from.configMapRef.name));
        for (const e of c.env ?? []) {
          if (e.value !== undefined)
            env[e.name] = String(e.value).replace(/\$\((\w+)\)/g, (_, v) => env[v] ?? '');
          else if (e.valueFrom?.configMapKeyRef)
            env[e.name] =
              configMaps.get(e.valueFrom.configMapKeyRef.name)?.[e.valueFrom.configMapKeyRef.key] ?? '';
          else if (e.valueFrom?.secretKeyRef?.name === 'fugong-portal') env[e.name] = secret[e.name] ?? '';
          else if (e.valueFrom?.secretKeyRef) env[e.name] = 'generated-by-eck';
        }
        return env;
      };
      const problems: string[] = [];
      for (const dep of docs('Deployment')) {
        const name = dep.metadata.name;
        for (const c of dep.spec.template.spec.containers) {
          const env = resolve(c);
          problems.push(...envProblems(`Deployment ${name}`, name, env));
          expect(Number(env['PORT'] ?? env['PORTAL_PORT']), name).to.equal(portOf(name));
        }
      }
      const job = one('Job', 'fugong-indices').spec.template.spec.containers[0];
      problems.push(...envProblems('Job fugong-indices', 'indices', resolve(job)));
      expect(problems).to.deep.equal([]);
    });

    it('the services reach the engine and Redis that the files define', () => {
      const es = one('Elasticsearch', 'fugong');
      const ns = es.metadata.namespace;
      const redis = one('StatefulSet', 'redis-cluster');
      const expectedNodes = Array.from(
        { length: redis.spec.replicas },
        (_, i) => `redis-cluster-${i}.${redis.spec.serviceName}.${ns}.svc.cluster.local:6379`,
      );
      expect(one('ConfigMap', 'fugong-services').data.REDIS_CLUSTER_NODES.split(',')).to.deep.equal(
        expectedNodes,
      );
      expect(redis.spec.replicas).to.equal(6);
      const create = one('Job', 'redis-cluster-create').spec.template.spec.containers[0].args.join('\n');
      expect(create).to.match(/--cluster create .*--cluster-replicas 1 --cluster-yes/);
      expect(create).to.include('for i in 0 1 2 3 4 5');
      for (const c of [...docs('Deployment'), one('Job', 'fugong-indices')].flatMap(
        (d) => d.spec.template.spec.containers,
      )) {
        const url = c.env?.find((e: Doc) => e.name === 'ELASTICSEARCH_URL')?.value;
        if (url === undefined) continue;
        // ECK's naming: <name>-es-http Service, <name>-es-elastic-user Secret
        expect(url).to.equal(`http://elastic:$(ES_PASSWORD)@${es.metadata.name}-es-http.${ns}.svc:9200`);
        const pw = c.env.find((e: Doc) => e.name === 'ES_PASSWORD');
        expect(pw.valueFrom.secretKeyRef).to.deep.equal({
          name: `${es.metadata.name}-es-elastic-user`,
          key: 'elastic',
        });
        // dependent variables are expanded only from variables defined earlier in the list
        expect(c.env.indexOf(pw)).to.be.below(c.env.findIndex((e: Doc) => e.name === 'ELASTICSEARCH_URL'));
      }
      expect(es.spec.nodeSets.reduce((n: number, s: Doc) => n + s.count, 0)).to.equal(3);
    });

    it('the Ingress routes a host to each service, the one its PUBLIC_BASE_URL (or PORTAL_PUBLIC_URL) names', () => {
      const ingress = one('Ingress', 'fugong');
      for (const name of names) {
        const rule = ingress.spec.rules.find((r: Doc) => r.http.paths[0].backend.service.name === name);
        expect(rule, name).to.not.equal(undefined);
        expect(ingress.spec.tls[0].hosts).to.include(rule.host);
        const c = one('Deployment', name).spec.template.spec.containers[0];
        const publicUrl = c.env.find(
          (e: Doc) => e.name === 'PUBLIC_BASE_URL' || e.name === 'PORTAL_PUBLIC_URL',
        );
        expect(publicUrl?.value, name).to.equal(`https://${rule.host}`);
      }
    });

    it("sizes are docs/scale.md's national plan where it gives them", () => {
      const scale = readFileSync(join(repoRoot, 'docs', 'scale.md'), 'utf8');
      const row = (label: string) => {
        const m = scale.match(new RegExp(`^\\| ${label} \\| ([^|]+) \\| ([^|]+) \\|$`, 'm'));
        if (!m) throw new Error(`docs/scale.md has no row "${label}"`);
        return { count: (m[1] ?? '').trim(), size: (m[2] ?? '').trim() };
      };
      for (const name of ['matcher', 'intent-worker', 'ingest']) {
        const r = row(name);
        const hpa = one('HorizontalPodAutoscaler', name);
        expect(hpa.spec.maxReplicas, name).to.equal(Number(r.count));
        const cpu = one('Deployment', name).spec.template.spec.containers[0].resources.requests.cpu;
        expect(`${cpu} vCPU`, name).to.equal(r.size);
      }
      const data = row('Elasticsearch data, vacancy tier').size; // 16 vCPU, 64 GiB (31 GiB heap), NVMe
      const es = one('Elasticsearch', 'fugong').spec.nodeSets[0].podTemplate.spec.containers[0];
      const [cpu, mem, heap] = data.match(/\d+/g) ?? [];
      expect(es.resources.requests.cpu).to.equal(cpu);
      expect(es.resources.requests.memory).to.equal(`${mem}Gi`);
      expect(es.env.find((e: Doc) => e.name === 'ES_JAVA_OPTS').value).to.equal(`-Xms${heap}g -Xmx${heap}g`);
      const redis = row('Redis Cluster').size; // 2 vCPU, 8 GiB, AOF
      const rc = one('StatefulSet', 'redis-cluster').spec.template.spec.containers[0];
      expect(
        `${rc.resources.limits.cpu} vCPU, ${rc.resources.limits.memory.replace('Gi', ' GiB')}, AOF`,
      ).to.equal(redis);
    });
  });

  describe('docker-compose cluster profile: consistency', () => {
    const profiled = () =>
      Object.entries(compose.services as Record<string, Doc>).filter(([, s]) =>
        s.profiles?.includes('cluster'),
      );
    const names = SERVICES.map((s) => s.name);
    const envOf = (s: Doc): Record<string, string> =>
      Object.fromEntries(
        Object.entries((s.environment ?? {}) as Record<string, unknown>).map(([k, v]) => [
          k,
          // ${VAR:-} interpolations: a value of the right shape, as the operator must provide
          String(v).replace(/^\$\{(\w+):-\}$/, (_, name: string) =>
            name === 'PORTAL_SESSION_SECRET' ? 'x'.repeat(32) : `fg_test_${name.toLowerCase()}`,
          ),
        ]),
      );

    it('three Elasticsearch nodes on the single node image, six Redis nodes, the cluster and index jobs', () => {
      const services = compose.services as Record<string, Doc>;
      for (const n of [1, 2, 3]) {
        const es = services[`es-${n}`] as Doc;
        expect(es.image).to.equal(services['elasticsearch']?.image);
        expect(es.environment['node.name']).to.equal(`es-${n}`);
        expect(es.environment['discovery.seed_hosts']).to.equal('es-1,es-2,es-3');
      }
      for (const n of [1, 2, 3, 4, 5, 6])
        expect((services[`redis-${n}`] as Doc).command.join(' ')).to.include('--cluster-enabled yes');
      const create = (services['redis-cluster'] as Doc).command.join('\n');
      expect(create).to.match(/redis-cli --cluster create \$\$nodes --cluster-replicas 1 --cluster-yes/);
      expect(create).to.include('for n in 1 2 3 4 5 6');
      expect((services['cluster-indices'] as Doc).command).to.deep.equal(
        (services['indices'] as Doc).command,
      );
    });

    it('two copies of each service, ready on /readyz, on the default port, reading only variables their schemas know', () => {
      const services = compose.services as Record<string, Doc>;
      const problems: string[] = [];
      for (const name of names) {
        for (const k of [1, 2]) {
          const copy = services[`${name}-${k}`];
          expect(copy, `${name}-${k}`).to.not.equal(undefined);
          expect(copy?.profiles).to.deep.equal(['cluster']);
          expect(copy?.healthcheck.test.join(' ')).to.include("/readyz')");
          const env = envOf(copy as Doc);
          expect(env['SERVICE']).to.equal(name);
          expect(Number(env['PORT'])).to.equal(portOf(name));
          problems.push(...envProblems(`compose ${name}-${k}`, name, env));
          if (name !== 'portal') {
            expect(env['ELASTICSEARCH_URL']).to.equal('http://es-1:9200,http://es-2:9200,http://es-3:9200');
            expect(copy?.depends_on['cluster-indices']).to.deep.equal({
              condition: 'service_completed_successfully',
            });
          }
          expect(env['REDIS_CLUSTER_NODES']?.split(',')).to.deep.equal(
            [1, 2, 3, 4, 5, 6].map((n) => `redis-${n}:6379`),
          );
        }
      }
      expect(problems).to.deep.equal([]);
      const copies = profiled().filter(([, s]) => s.environment?.SERVICE);
      expect(copies).to.have.length(2 * names.length);
    });

    it('HAProxy (official image) fronts every copy on the usual ports, checking /readyz', () => {
      const balancer = (compose.services as Record<string, Doc>)['balancer'] as Doc;
      expect(balancer.image).to.match(/^haproxy:\d+\.\d+$/);
      expect(balancer.volumes).to.deep.equal([
        './deploy/compose/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro',
      ]);
      const cfg = readFileSync(join(repoRoot, 'deploy', 'compose', 'haproxy.cfg'), 'utf8');
      const backends = [...cfg.matchAll(/^backend ([\w-]+)\n((?: {4}.*\n)+)/gm)];
      expect(backends.map((m) => m[1]).sort()).to.deep.equal([...names].sort());
      for (const [, name, body] of backends) {
        const port = portOf(name as string);
        expect(body).to.include('option httpchk GET /readyz');
        const servers = [...(body as string).matchAll(/^ {4}server \S+ (\S+) check$/gm)].map((m) => m[1]);
        expect(servers, name).to.deep.equal([`${name}-1:${port}`, `${name}-2:${port}`]);
        expect(cfg).to.match(
          new RegExp(`^frontend ${name}\\n {4}bind :${port}\\n {4}default_backend ${name}$`, 'm'),
        );
        expect(balancer.ports).to.include(`${port}:${port}`);
      }
    });

    it('haproxy -c accepts deploy/compose/haproxy.cfg (where haproxy is installed)', function () {
      if (spawnSync('haproxy', ['-v']).status !== 0) {
        console.log('      (skipped: no haproxy on this machine; infra/cluster/balancer installs it)');
        this.skip();
      }
      const r = spawnSync('haproxy', ['-c', '-f', join(repoRoot, 'deploy', 'compose', 'haproxy.cfg')], {
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).to.equal(0);
    });

    it('the default services (no profile) are exactly what they were before the profile', function () {
      let before: string;
      try {
        before = execFileSync('git', ['show', `${COMPOSE_BEFORE_PROFILE}:docker-compose.yml`], {
          cwd: repoRoot,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch {
        console.log(`      (skipped: commit ${COMPOSE_BEFORE_PROFILE} is not in this clone's history)`);
        this.skip();
      }
      const path = join(scratch, 'compose-before.yml');
      writeFileSync(path, before);
      const parsed = runDeployValidator(python, { compose: [path] }, K8S_VERSION).compose[0]?.doc as Doc;
      const unprofiled = Object.fromEntries(
        Object.entries(compose.services as Record<string, Doc>).filter(([, s]) => !s.profiles),
      );
      expect(unprofiled).to.deep.equal(parsed.services);
      for (const [name, volume] of Object.entries(parsed.volumes as Record<string, unknown>))
        expect((compose.volumes as Record<string, unknown>)[name]).to.deep.equal(volume);
      // every service of the profile is in the profile: nothing new starts without --profile cluster
      const added = Object.keys(compose.services).filter((n) => !(n in parsed.services));
      expect(added.filter((n) => !(compose.services[n] as Doc).profiles?.includes('cluster'))).to.deep.equal(
        [],
      );
    });
  });
});
