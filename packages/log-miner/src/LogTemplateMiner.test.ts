import { LogTemplateMiner } from './LogTemplateMiner';

const lines = [
  'Connected to db-1.payments.svc.cluster.local:5432 in 12 ms',
  'Connected to db-2.payments.svc.cluster.local:5432 in 9 ms',
  'dial tcp 10.0.0.12:5432: connect: connection refused',
  'dial tcp 10.0.0.13:5432: connect: connection refused',
  'Failed password for root from 203.0.113.9 port 4242 ssh2',
  'Failed password for admin from 203.0.113.10 port 4243 ssh2',
  'Request GET /api/orders/981 returned 500 after 1200 ms',
  'Request GET /api/orders/982 returned 500 after 1100 ms',
];

describe('LogTemplateMiner', () => {
  it('groups lines of the same shape and generalises where they differ', () => {
    const miner = new LogTemplateMiner();
    for (const l of lines) miner.add(l);
    const templates = miner.templates().map(t => t.template);
    expect(templates).toEqual(
      expect.arrayContaining([
        'Connected to <*> in <*>',
        'dial tcp <*> connect: connection refused',
        'Failed password for <*> from <*> port <*> ssh2',
        'Request GET <*> returned <*> after <*>',
      ]),
    );
    expect(miner.size).toBe(4);
  });

  it('keeps distinct messages apart', () => {
    const miner = new LogTemplateMiner();
    const a = miner.add('VM Started (Lifecycle Event)');
    const b = miner.add('VM Paused (Lifecycle Event)');
    expect(a.id).not.toBe(b.id);
  });

  it('gives the same template strings whatever the arrival order, while ids differ', () => {
    const forward = new LogTemplateMiner();
    const backward = new LogTemplateMiner();
    const f = lines.map(l => forward.add(l).id);
    const b = [...lines].reverse().map(l => backward.add(l).id);
    const keys = (m: LogTemplateMiner) =>
      m
        .templates()
        .map(t => t.key)
        .sort();
    expect(keys(forward)).toEqual(keys(backward));
    expect(f).not.toEqual([...b].reverse());
  });

  it('matches without learning', () => {
    const miner = new LogTemplateMiner();
    miner.add('cache miss for key user:42');
    expect(miner.match('cache miss for key user:43')?.key).toBe(
      'cache miss for key user:<*>',
    );
    expect(miner.match('something else entirely')).toBeUndefined();
    expect(miner.size).toBe(1);
  });

  it('never holds more templates than its cap, dropping the least recently matched', () => {
    const miner = new LogTemplateMiner({ maxTemplates: 3 });
    const hot = miner.add('heartbeat ok');
    for (const w of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
      miner.add(`unique event ${w} happened here`);
      miner.add('heartbeat ok');
    }
    expect(miner.size).toBe(3);
    expect(miner.templates().map(t => t.id)).toContain(hot.id);
    expect(miner.templates().map(t => t.template)).not.toContain(
      'unique event alpha happened here',
    );
  });

  it('collapses a variable that spans several tokens into one key', () => {
    const miner = new LogTemplateMiner();
    const a = miner.add('conn closed, 0 bytes sent, lifetime <1 sec');
    const b = miner.add('conn closed, 120 bytes sent, lifetime 00:01');
    expect(a.key).toBe('conn closed, <*> sent, lifetime <*>');
    expect(b.key).toBe(a.key);
  });
});
