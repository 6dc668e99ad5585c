import { LogTemplateMiner } from './LogTemplateMiner';

describe('variables by evidence', () => {
  it('re-merges first-seen templates once the differing position shows it varies', () => {
    const miner = new LogTemplateMiner();
    const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
    const ids = users.map(u => miner.add(`session opened for ${u} ok`).id);
    // The first lines stood alone; with the fourth value the position is a parameter for all.
    const keys = new Set(ids.map(id => miner.templateOf(id)?.key));
    expect([...keys]).toEqual(['session opened for <*> ok']);
    expect(miner.size).toBe(1);
  });

  it('keeps two values of a word apart while they are all the position has shown', () => {
    const miner = new LogTemplateMiner();
    const a = miner.add('session opened for alice ok');
    const b = miner.add('session opened for bob ok');
    expect(miner.templateOf(a.id)?.key).not.toBe(miner.templateOf(b.id)?.key);
  });

  it('never merges two enumeration values (codes, flag lists) into one template', () => {
    const miner = new LogTemplateMiner();
    const line = (rcode: string, i: number) =>
      `[INFO] 10.0.0.${i}:4000 - ${i} "A IN db.example.org. udp 66 false 1232" ${rcode} qr,rd ${i} 0.00${i}s`;
    const ok = miner.add(line('NOERROR', 1));
    miner.add(line('NOERROR', 2));
    const nx = miner.add(line('NXDOMAIN', 3));
    expect(miner.templateOf(nx.id)?.key).not.toBe(miner.templateOf(ok.id)?.key);
    expect(miner.size).toBe(2);
  });

  it('masks unambiguous values: hex ids with a digit, even where they look like a word and a suffix', () => {
    const miner = new LogTemplateMiner();
    expect(miner.tokenize('request cfaaec81 done')).toEqual([
      'request',
      '<*>',
      'done',
    ]);
    expect(miner.tokenize('via ssh2')).toEqual(['via', 'ssh2']);
  });

  it('takes the message and error keys of JSON lines from its options', () => {
    const miner = new LogTemplateMiner({ eventKeys: { message: ['text'] } });
    const a = miner.add(
      '{"level":"warn","text":"disk almost full","free":"812MB"}',
    );
    const b = miner.add(
      '{"level":"warn","text":"disk almost full","free":"1.2GB"}',
    );
    const c = miner.add('{"level":"warn","text":"disk full","free":"0B"}');
    expect(b.key).toBe(a.key);
    expect(c.key).not.toBe(a.key);
  });
});
