import { LogTemplateMiner } from './LogTemplateMiner';
import { maskToken, PARAM } from './masking';

describe('default masking', () => {
  const miner = new LogTemplateMiner();
  const masked = (line: string) => miner.tokenize(line).join(' ');

  it.each([
    ['42', PARAM],
    ['0x7fff5a2c', PARAM],
    ['blk_-1608999687919862906', PARAM],
    ['10.0.12.7:5432', PARAM],
    ['db.prod.example.com', PARAM],
    ['/var/lib/postgresql/data', PARAM],
    ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', PARAM],
    ['ffffffff', PARAM],
    ['Jun', PARAM],
    ['(db.prod.example.com)', `(${PARAM})`],
    ['[12]', PARAM],
    ['size=1234', `size=${PARAM}`],
    ['rhost=troi.example.org', `rhost=${PARAM}`],
  ])('masks the value in %s', (token, expected) => {
    expect(maskToken(token)).toBe(expected);
  });

  it.each([
    'SOCKS5',
    'ssh2',
    'HTTPS',
    'android.intent.action.SCREEN_ON',
    'error:',
    'user=root',
  ])('keeps the constant %s', token => {
    expect(maskToken(token)).toBe(token);
  });

  it('treats a number and its unit, a URL and a quoted word as one value', () => {
    expect(masked('lifetime <1 sec, sent 16.0 KB in 250 ms')).toBe(
      'lifetime <*>, sent <*> in <*>',
    );
    expect(masked('GET https://api.example.com/v1/pay?id=7 failed')).toBe(
      'GET <*> failed',
    );
    expect(masked('lookup tag="checkout" failed')).toBe(
      'lookup tag=<*> failed',
    );
  });
});
