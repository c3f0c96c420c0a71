/**
 * Issue #9 items 5 and 8 without servers: the key cache is bounded, remembers unknown keys briefly, forgets
 * a revoked key when told, trusts its cache only briefly while revocations cannot be heard; failed
 * authentications are counted per client.
 */
import type { Client } from '@elastic/elasticsearch';
import { ApiKeyStore, AuthFailureLimiter, generateApiKey } from '@fugong/http';
import type { ApiKeyRecord } from '@fugong/schemas';
import { expect } from 'chai';

/** A stand-in for the engine's get-by-id that counts lookups. */
function fakeEngine(records: Map<string, ApiKeyRecord>) {
  const engine = {
    lookups: 0,
    client: {
      get: async ({ id }: { id: string }) => {
        engine.lookups++;
        const record = records.get(id);
        return record ? { found: true, _source: { ...record } } : { found: false };
      },
    } as unknown as Client,
  };
  return engine;
}

const wellFormed = (id: string) => `fg_${id}_${'x'.repeat(43)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('http: the API key store', () => {
  it('remembers an unknown key briefly: a repeated guess costs one engine lookup', async () => {
    const engine = fakeEngine(new Map());
    const store = new ApiKeyStore(engine.client, 'keys', { negativeTtlMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      await store.authenticate(wellFormed('aaaaaaaaaaaa')).then(
        () => expect.fail('an unknown key authenticated'),
        (err: Error) => expect(err.message).to.contain('not valid'),
      );
    }
    expect(engine.lookups).to.equal(1);
  });

  it('is bounded: many distinct keys never hold more than maxEntries records, the least recently used go', async () => {
    const engine = fakeEngine(new Map());
    const store = new ApiKeyStore(engine.client, 'keys', { maxEntries: 100 });
    for (let i = 0; i < 1000; i++) {
      await store.authenticate(wellFormed(`k${String(i).padStart(11, '0')}`)).catch(() => {});
    }
    expect(store.size).to.equal(100);
    // The most recent ones are still cached (no new lookup), the oldest were evicted (a lookup again).
    const before = engine.lookups;
    await store.authenticate(wellFormed(`k${String(999).padStart(11, '0')}`)).catch(() => {});
    expect(engine.lookups).to.equal(before);
    await store.authenticate(wellFormed(`k${String(0).padStart(11, '0')}`)).catch(() => {});
    expect(engine.lookups).to.equal(before + 1);
  });

  it('forgets a key when told it was revoked; without a live revocation feed it trusts its cache only briefly', async () => {
    const { key, record } = generateApiKey({ role: 'bureau' });
    const records = new Map([[record.keyId, record]]);
    const engine = fakeEngine(records);
    const store = new ApiKeyStore(engine.client, 'keys', { ttlMs: 60_000, fallbackTtlMs: 50 });
    store.setRevocationFeed(true);
    expect((await store.authenticate(key)).role).to.equal('bureau');
    records.set(record.keyId, { ...record, revoked: true });
    // Still cached (the feed is live, the TTL long) until the revocation is heard.
    expect((await store.authenticate(key)).role).to.equal('bureau');
    store.evict(record.keyId);
    await store.authenticate(key).then(
      () => expect.fail('a revoked key authenticated'),
      (err: Error) => expect(err.message).to.contain('not valid'),
    );

    // Feed down: a found record is re-read after the short fallback TTL.
    const fresh = generateApiKey({ role: 'site', siteId: 's1' });
    records.set(fresh.record.keyId, fresh.record);
    store.setRevocationFeed(false);
    expect((await store.authenticate(fresh.key)).role).to.equal('site');
    records.set(fresh.record.keyId, { ...fresh.record, revoked: true });
    await sleep(80);
    await store.authenticate(fresh.key).then(
      () => expect.fail('a revoked key outlived the fallback TTL'),
      (err: Error) => expect(err.message).to.contain('not valid'),
    );
  });

  it('forgets everything when the revocation feed comes back (revocations may have been missed)', async () => {
    const { key, record } = generateApiKey({ role: 'bureau' });
    const records = new Map([[record.keyId, record]]);
    const engine = fakeEngine(records);
    const store = new ApiKeyStore(engine.client, 'keys', { ttlMs: 60_000, fallbackTtlMs: 60_000 });
    await store.authenticate(key);
    records.set(record.keyId, { ...record, revoked: true });
    store.setRevocationFeed(true);
    await store.authenticate(key).then(
      () => expect.fail('a key revoked while the feed was down authenticated'),
      () => {},
    );
  });
});

describe('http: failed authentications per client', () => {
  it('blocks a client past the limit until its window ends, and no other client', () => {
    const limiter = new AuthFailureLimiter(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor('a', t0)).to.equal(0);
      limiter.record('a', t0);
    }
    expect(limiter.blockedFor('a', t0 + 1000)).to.equal(59);
    expect(limiter.blockedFor('b', t0 + 1000)).to.equal(0);
    expect(limiter.blockedFor('a', t0 + 60_001)).to.equal(0);
  });

  it('holds at most maxClients windows', () => {
    const limiter = new AuthFailureLimiter(1, 60_000, 10);
    for (let i = 0; i < 100; i++) limiter.record(`c${i}`, 0);
    expect(limiter.blockedFor('c99', 1)).to.be.above(0);
    expect(limiter.blockedFor('c0', 1), 'the oldest client was forgotten').to.equal(0);
  });
});

describe('http: a blocked client keeps its known keys', () => {
  it('cachedPrincipal answers only for a valid key already cached, without a lookup', async () => {
    const { key, record } = generateApiKey({ role: 'employer', firmId: 'f1' });
    const engine = fakeEngine(new Map([[record.keyId, record]]));
    const store = new ApiKeyStore(engine.client, 'keys');
    expect(store.cachedPrincipal(key), 'not looked up yet').to.equal(undefined);
    await store.authenticate(key);
    expect(store.cachedPrincipal(key)).to.deep.equal({ role: 'employer', keyId: record.keyId, firmId: 'f1' });
    const forged = `fg_${record.keyId}_${'y'.repeat(43)}`;
    expect(store.cachedPrincipal(forged), 'same id, wrong secret').to.equal(undefined);
    expect(engine.lookups).to.equal(1);
  });
});

describe('http: a revocation heard during a lookup', () => {
  it('the record read before it is used once, not cached', async () => {
    const { key, record } = generateApiKey({ role: 'bureau' });
    const records = new Map([[record.keyId, record]]);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let lookups = 0;
    const client = {
      get: async ({ id }: { id: string }) => {
        lookups++;
        const found = records.get(id);
        if (lookups === 1) await gate; // the first read is slow: the revocation lands meanwhile
        return found ? { found: true, _source: { ...found } } : { found: false };
      },
    } as unknown as Client;
    const store = new ApiKeyStore(client, 'keys', { ttlMs: 60_000 });
    store.setRevocationFeed(true);
    const slow = store.authenticate(key);
    await sleep(10);
    records.set(record.keyId, { ...record, revoked: true });
    store.evict(record.keyId);
    release();
    expect((await slow).role, 'the request that read first still passes').to.equal('bureau');
    await store.authenticate(key).then(
      () => expect.fail('the stale record was cached'),
      (err: Error) => expect(err.message).to.contain('not valid'),
    );
  });
});
