import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { answersAs, listeningLine, servicePorts } from '../../scripts/services.ts';

describe('start: service ports and readiness', () => {
  it('takes each port from its variable, defaulting to 3000–3006 (the portal first)', () => {
    expect(servicePorts({}).map((s) => [s.name, s.port])).to.deep.equal([
      ['portal', 3000],
      ['ingest', 3001],
      ['matcher', 3002],
      ['swap', 3003],
      ['intent-worker', 3004],
      ['monitor', 3005],
      ['convoys', 3006],
    ]);
    const ports = servicePorts({
      INGEST_PORT: '4101',
      SWAP_PORT: ' 4103 ',
      INTENT_WORKER_PORT: '4104',
      PORT: '9999',
    });
    expect(ports.map((s) => s.port)).to.deep.equal([3000, 4101, 3002, 4103, 4104, 3005, 3006]);
    expect(servicePorts({ MATCHER_PORT: '', PORTAL_PORT: '4100' }).map((s) => s.port)).to.deep.equal([
      4100, 3001, 3002, 3003, 3004, 3005, 3006,
    ]);
    expect(servicePorts({ MONITOR_PORT: '4105' }).find((s) => s.name === 'monitor')).to.deep.equal({
      name: 'monitor',
      portVar: 'MONITOR_PORT',
      port: 4105,
    });
    expect(() => servicePorts({ MONITOR_PORT: '3001' })).to.throw(
      /INGEST_PORT and MONITOR_PORT are both 3001/,
    );
  });

  it('refuses a value that is not a port, or one port for two services, naming the variables', () => {
    for (const bad of ['abc', '0', '65536', '30.5', '-1', '3001x']) {
      expect(() => servicePorts({ SWAP_PORT: bad }), bad).to.throw(/SWAP_PORT/);
    }
    expect(() => servicePorts({ MATCHER_PORT: '3001' })).to.throw(
      /INGEST_PORT and MATCHER_PORT are both 3001/,
    );
  });

  it("recognises a service's own listening line (as runService logs it), not another service's", () => {
    const line = (name: string) =>
      JSON.stringify({
        level: 30,
        time: 1,
        pid: 7,
        name,
        port: 3003,
        host: '127.0.0.1',
        msg: `${name} listening`,
      });
    expect(listeningLine('swap').test(line('swap'))).to.equal(true);
    expect(listeningLine('swap').test(line('ingest'))).to.equal(false);
    expect(listeningLine('intent-worker').test(line('intent-worker'))).to.equal(true);
  });

  describe('what answers on a port', () => {
    let server: Server;
    let port: number;
    let service = 'matcher';
    let ready = true;
    before(async () => {
      server = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/healthz') res.end(JSON.stringify({ status: 'ok', service }));
        else if (req.url === '/readyz') {
          res.statusCode = ready ? 200 : 503;
          res.end('{}');
        } else {
          res.statusCode = 404;
          res.end('{}');
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('is the service only when /healthz names it and /readyz is 200', async () => {
      service = 'matcher';
      ready = true;
      expect(await answersAs('swap', port)).to.equal(false); // another service holds the port
      expect(await answersAs('matcher', port)).to.equal(true);
      ready = false;
      expect(await answersAs('matcher', port)).to.equal(false);
    });

    it('is nothing on a port nobody listens on', async () => {
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const free = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      expect(await answersAs('swap', free)).to.equal(false);
    });
  });
});
