import { LogTemplateMiner } from '../LogTemplateMiner';
import { reduceTrace } from './stackTrace';

const java = (top: string, below: string[]) =>
  [
    '2024-03-07T09:01:21.080Z ERROR 1 --- [checkout] [io-8080-exec-30] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception',
    '',
    'java.lang.NullPointerException: Cannot invoke "com.acme.Coupon.percent()" because "coupon" is null',
    `\tat ${top}`,
    ...below.map(f => `\tat ${f}`),
  ].join('\n');

const python = (top: string, error: string, outer: string[]) =>
  [
    '2024-03-07 09:03:45,971 ERROR [django.request] Internal Server Error: /api/v1/recommendations/142059',
    'Traceback (most recent call last):',
    ...outer.flatMap(f => [
      `  File "${f}", line 55, in inner`,
      '    response = get_response(request)',
    ]),
    `  File "${top}", line 88, in score`,
    '    segment = user.features["segment"]',
    error,
  ].join('\n');

const go = (goroutine: number, top: string, below: string[]) =>
  [
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x30 pc=0xba063e]',
    '',
    `goroutine ${goroutine} [running]:`,
    `${top}(0xc000f7e8ff, {0xd78be8, 0x24})`,
    '\t/src/internal/store/redis.go:57 +0x3a',
    ...below.flatMap(f => [
      `${f}(...)`,
      '\t/src/internal/api/cart.go:88 +0xe5',
    ]),
  ].join('\n');

function sameAndDifferent(a: string, b: string, other: string) {
  const miner = new LogTemplateMiner();
  const [x, y, z] = [a, b, other].map(l => miner.add(l).id);
  const key = (id: number) => miner.templateOf(id)?.key;
  return { same: key(x) === key(y), different: key(x) !== key(z) };
}

describe('stack traces: one event per exception type and top frame', () => {
  it('groups Java traces whose frames below the top one differ', () => {
    const r = sameAndDifferent(
      java(
        'com.acme.pricing.PriceCalculator.applyCoupon(PriceCalculator.java:74)',
        [
          'com.acme.web.CheckoutController.checkout(CheckoutController.java:52)',
        ],
      ),
      java(
        'com.acme.pricing.PriceCalculator.applyCoupon(PriceCalculator.java:74)',
        [
          'com.acme.service.CheckoutService.placeOrder(CheckoutService.java:88)',
          'org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)',
          'java.base/java.lang.Thread.run(Thread.java:1583)',
        ],
      ),
      java('com.acme.orders.web.OrderMapper.toDto(OrderMapper.java:29)', []),
    );
    expect(r).toEqual({ same: true, different: true });
  });

  it('groups Python tracebacks by their last frame and exception, whatever the outer frames', () => {
    const r = sameAndDifferent(
      python('/app/reco/ranking.py', "KeyError: 'segment'", [
        '/usr/lib/django/handlers/exception.py',
      ]),
      python('/app/reco/ranking.py', "KeyError: 'tier'", [
        '/usr/lib/celery/app/trace.py',
        '/usr/lib/celery/app/task.py',
      ]),
      python('/app/reco/ranking.py', 'ValueError: bad segment', []),
    );
    expect(r).toEqual({ same: true, different: true });
  });

  it('groups Go panics by their top frame, whatever the goroutine and callers', () => {
    const r = sameAndDifferent(
      go(6822, 'github.com/acme/cart/internal/store.(*RedisStore).Get', [
        'github.com/acme/cart/internal/service.(*Carts).Merge',
      ]),
      go(17, 'github.com/acme/cart/internal/store.(*RedisStore).Get', [
        'github.com/acme/cart/internal/api.(*Handler).Merge',
        'github.com/gin-gonic/gin.(*Context).Next',
      ]),
      go(17, 'github.com/acme/cart/internal/pricing.applyTiers', []),
    );
    expect(r).toEqual({ same: true, different: true });
  });

  it('keeps the header, the exception and the top frame of a trace, and nothing below', () => {
    const reduced = reduceTrace(
      java('com.acme.A.run(A.java:1)', ['com.acme.B.call(B.java:2)']),
    );
    expect(reduced.text).toContain('java.lang.NullPointerException');
    expect(reduced.top).toBe('at com.acme.A.run(A.java:1)');
    expect(reduced.text).not.toContain('com.acme.B.call');
  });
});
