import { expect } from 'chai';
import {
  IntentionQueues,
  intentionPairKey,
  intentionPartition,
  intentionQueueName,
  queuePrefix,
  swapIntentionKey,
  vacancyPairKey,
} from '@fugong/queue';
import { Cluster, Redis } from 'ioredis';

describe('intention queue partitions', () => {
  it('partition 0 keeps the one queue’s name; the others are numbered', () => {
    expect(intentionQueueName(0)).to.equal('intentions');
    expect(intentionQueueName(3)).to.equal('intentions-3');
  });

  it('every step of a pair has one pair key, so one partition; a swap’s pair is its agreement', () => {
    const steps = (['application', 'shortlist', 'offer', 'acceptance'] as const).map((kind) =>
      intentionPairKey({ kind, vacancyId: 'firm-a:sew', workerId: 'w1' }),
    );
    expect(new Set(steps)).to.deep.equal(new Set([vacancyPairKey('firm-a:sew', 'w1')]));
    expect(intentionPairKey({ kind: 'swap', agreementId: 'ag-1' })).to.equal(swapIntentionKey('ag-1'));
  });

  it('one partition is always 0; with several, the partition is stable and in range, and pairs spread', () => {
    const pairs = Array.from({ length: 3000 }, (_, i) => vacancyPairKey(`v${i % 50}`, `w${i}`));
    for (const p of pairs) expect(intentionPartition(p, 1)).to.equal(0);
    const counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const p of pairs) {
      const k = intentionPartition(p, 10);
      expect(k).to.be.within(0, 9);
      expect(intentionPartition(p, 10)).to.equal(k);
      counts[k]!++;
    }
    // 3,000 SHA-256 prefixes over 10 partitions: each gets its share within a wide margin (expected 300).
    for (const n of counts) expect(n).to.be.within(200, 400);
  });

  it('on a Redis Cluster each partition has its own hash tag, so the partitions can sit on different primaries', () => {
    const cluster = new Cluster([{ host: '127.0.0.1', port: 1 }], { lazyConnect: true });
    const single = new Redis({ lazyConnect: true });
    try {
      const tags = [0, 1, 2].map((p) => queuePrefix(cluster, 'fugong', intentionQueueName(p)));
      expect(tags).to.deep.equal(['{fugong:intentions}', '{fugong:intentions-1}', '{fugong:intentions-2}']);
      // One server: the prefix is unchanged; the queues differ by name only.
      expect(queuePrefix(single, 'fugong', intentionQueueName(2))).to.equal('fugong');
    } finally {
      cluster.disconnect();
      single.disconnect();
    }
  });

  it('refuses a key that is not a pair key instead of sending it to a partition by accident', () => {
    expect(() => intentionPartition('not hex at all', 4)).to.throw(/not a pair key/);
  });

  it('takes 1 to 64 partitions and nothing else', () => {
    // A lazy connection: nothing here talks to Redis.
    const connection = new Redis({ lazyConnect: true });
    try {
      for (const bad of [0, -1, 1.5, 65])
        expect(() => new IntentionQueues(connection, 'p', bad)).to.throw(/1 to 64/);
    } finally {
      connection.disconnect();
    }
  });
});
