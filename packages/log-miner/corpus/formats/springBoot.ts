import {
  e,
  FormatSpec,
  once,
  Param,
  seq,
  t,
  TemplateSpec,
  trace,
  twice,
  withHeader,
} from '../model';
import * as ts from '../time';
import { javaOmitted, javaTail } from '../traces';
import {
  cat,
  clusterIp,
  customerId,
  hex,
  int,
  lognum,
  millis,
  orderId,
  pick,
  podIp,
  uuid,
  wpick,
} from '../values';

// Java services on Spring Boot 3 with the default Logback console pattern, including multi-line
// stack traces.
// Layout: `%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p %pid --- [%app] [%15.15t] %-40.40logger{39} : %m%n%wEx`
//   https://docs.spring.io/spring-boot/reference/features/logging.html#features.logging.log-format
//   (example output on that page), defaults.xml in spring-boot; `%wEx` prints a blank line, then
//   the stack trace (https://logback.qos.ch/manual/layouts.html#ex ,
//   https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/lang/Throwable.html#printStackTrace()).
// Messages from Spring Boot, Tomcat, Hikari, Hibernate, Spring Kafka, Lettuce.
// Convention: level, logger and message are the event (thread, pid, app name, time are
// parameters). A stack trace is ONE record (lines joined with `\n`) keyed by the printed
// exception type and its top `at` frame: the header line, the exception line and the top frame
// are template text (their variables masked), every frame below the top one is a single `<*>`.

const APPS = ['checkout', 'orders', 'catalog'];

/** `%15.15t`: right-aligned in 15, cut from the left. */
const thread =
  (name: Param): Param =>
  g => {
    const n = name(g);
    return n.length > 15 ? n.slice(-15) : n.padStart(15);
  };
/** `%-40.40logger{39}`: left-aligned in 40, cut from the left. */
const fit40 = (logger: string) =>
  logger.length > 40 ? logger.slice(-40) : logger.padEnd(40);

const exec = thread(g => `http-nio-8080-exec-${g.r.int(1, 200)}`);
const main = thread(() => 'main');
const sched = thread(g => `scheduling-${g.r.int(1, 2)}`);
const kafka = thread(
  g =>
    `org.springframework.kafka.KafkaListenerEndpointContainer#0-${g.r.int(
      0,
      2,
    )}-C-1`,
);
const hikari = thread(() => 'HikariPool-1 housekeeper');
const lettuce = thread(g => `lettuce-eventExecutorLoop-1-${g.r.int(1, 4)}`);
const shutdown = thread(() => 'SpringApplicationShutdownHook');

/** A Spring Boot line of `apps` (the app name is a parameter; a class-specific line has one app). */
const sb =
  (...apps: string[]) =>
  (
    level: string,
    thr: Param,
    logger: string,
    msg: string,
    ...ps: Param[]
  ): TemplateSpec =>
    withHeader(
      `<*> ${level.padStart(5)} <*> --- [<*>] [<*>] ${fit40(logger)} : `,
      [ts.iso3, pick('1'), pick(...apps), thr],
      t(msg, ...ps),
    );

const any = sb(...APPS);
const checkout = sb('checkout');
const orders = sb('orders');
const catalog = sb('catalog');

const appClass: Param = g =>
  `${g.r.pick(['Checkout', 'Orders', 'Catalog'])}Application`;

const STARTUP = [
  e(
    6,
    any(
      'INFO',
      main,
      'c.a.shop.ShopApplication',
      'Starting <*> v<*> using Java 17.0.10 with PID 1 (/app/app.jar started by app in /app)',
      appClass,
      pick('2.8.0', '2.8.1'),
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'c.a.shop.ShopApplication',
      'The following 1 profile is active: "prod"',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'o.s.b.w.embedded.tomcat.TomcatWebServer',
      'Tomcat initialized with port 8080 (http)',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'o.apache.catalina.core.StandardService',
      'Starting service [Tomcat]',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'o.apache.catalina.core.StandardEngine',
      'Starting Servlet engine: [Apache Tomcat/10.1.19]',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'o.a.c.c.C.[Tomcat].[localhost].[/]',
      'Initializing Spring embedded WebApplicationContext',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'w.s.c.ServletWebServerApplicationContext',
      'Root WebApplicationContext: initialization completed in <*> ms',
      millis(1400, 0.3),
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'com.zaxxer.hikari.HikariDataSource',
      'HikariPool-1 - Starting...',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'com.zaxxer.hikari.pool.HikariPool',
      'HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@<*>',
      hex(8),
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'com.zaxxer.hikari.HikariDataSource',
      'HikariPool-1 - Start completed.',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'o.hibernate.jpa.internal.util.LogHelper',
      'HHH000204: Processing PersistenceUnitInfo [name: default]',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'org.hibernate.Version',
      'HHH000412: Hibernate ORM core version 6.4.4.Final',
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'o.s.b.a.e.web.EndpointLinksResolver',
      "Exposing 3 endpoint(s) beneath base path '/actuator'",
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'o.s.b.w.embedded.tomcat.TomcatWebServer',
      "Tomcat started on port 8080 (http) with context path ''",
    ),
  ),
  e(
    6,
    any(
      'INFO',
      main,
      'c.a.shop.ShopApplication',
      'Started <*> in <*> seconds (process running for <*>)',
      appClass,
      lognum(9, 0.2, 3),
      lognum(10, 0.2, 3),
    ),
  ),
  e(
    6,
    any(
      'INFO',
      exec,
      'o.a.c.c.C.[Tomcat].[localhost].[/]',
      "Initializing Spring DispatcherServlet 'dispatcherServlet'",
    ),
  ),
  e(
    6,
    any(
      'INFO',
      exec,
      'o.s.web.servlet.DispatcherServlet',
      "Initializing Servlet 'dispatcherServlet'",
    ),
  ),
  e(
    6,
    any(
      'INFO',
      exec,
      'o.s.web.servlet.DispatcherServlet',
      'Completed initialization in <*> ms',
      int(1, 3),
    ),
  ),
  e(
    5,
    any(
      'INFO',
      shutdown,
      'o.s.b.w.e.tomcat.GracefulShutdown',
      'Commencing graceful shutdown. Waiting for active requests to complete',
    ),
  ),
  e(
    5,
    any(
      'INFO',
      thread(() => 'tomcat-shutdown'),
      'o.s.b.w.e.tomcat.GracefulShutdown',
      'Graceful shutdown complete',
    ),
  ),
  e(
    5,
    any(
      'INFO',
      shutdown,
      'com.zaxxer.hikari.HikariDataSource',
      'HikariPool-1 - Shutdown initiated...',
    ),
  ),
  e(
    5,
    any(
      'INFO',
      shutdown,
      'com.zaxxer.hikari.HikariDataSource',
      'HikariPool-1 - Shutdown completed.',
    ),
  ),
];

const total = lognum(60, 0.8, 2);
const partitions: Param = g => {
  const n = g.r.int(1, 4);
  const start = g.r.int(0, 11 - n);
  return Array.from({ length: n }, (_, i) => `orders-${start + i}`).join(', ');
};
const kafkaNode = pick('0', '1', '2');

const STEADY = [
  e(
    620,
    checkout(
      'INFO',
      exec,
      'c.a.checkout.service.CheckoutService',
      'Order <*> placed for customer <*>: <*> items, total <*> EUR',
      orderId,
      customerId,
      int(1, 9),
      total,
    ),
  ),
  e(
    500,
    checkout(
      'INFO',
      exec,
      'c.a.checkout.service.CheckoutService',
      'Payment <*> authorized for order <*>',
      cat('pay_', hex(24)),
      orderId,
    ),
  ),
  e(
    60,
    checkout(
      'WARN',
      exec,
      'c.a.checkout.service.CheckoutService',
      'Payment declined for order <*>: <*>',
      orderId,
      wpick(
        ['insufficient_funds', 5],
        ['do_not_honor', 3],
        ['expired_card', 1],
      ),
    ),
  ),
  e(
    480,
    orders(
      'INFO',
      kafka,
      'c.a.orders.events.OrderEventsListener',
      'Received <*> for order <*> from partition <*> offset <*>',
      wpick(
        ['OrderPlaced', 5],
        ['OrderPaid', 4],
        ['OrderShipped', 3],
        ['OrderCancelled', 1],
      ),
      orderId,
      int(0, 11),
      int(100000, 999999),
    ),
  ),
  e(
    220,
    catalog(
      'INFO',
      sched,
      'c.a.catalog.cache.ProductCache',
      'Cache refreshed: <*> products in <*> ms',
      int(48000, 49000),
      millis(350, 0.5),
    ),
  ),
  e(
    40,
    catalog(
      'WARN',
      sched,
      'c.a.catalog.cache.ProductCache',
      'Cache refresh skipped: previous run still in progress',
    ),
  ),
  e(
    8,
    checkout(
      'WARN',
      exec,
      'c.a.checkout.config.ResilienceConfig',
      "CircuitBreaker 'payments' changed state from CLOSED to OPEN",
    ),
  ),
  e(
    8,
    checkout(
      'INFO',
      exec,
      'c.a.checkout.config.ResilienceConfig',
      "CircuitBreaker 'payments' changed state from OPEN to HALF_OPEN",
    ),
  ),
  e(
    7,
    checkout(
      'INFO',
      exec,
      'c.a.checkout.config.ResilienceConfig',
      "CircuitBreaker 'payments' changed state from HALF_OPEN to CLOSED",
    ),
  ),
  e(
    twice,
    checkout(
      'WARN',
      exec,
      'c.a.checkout.config.ResilienceConfig',
      "CircuitBreaker 'payments' changed state from HALF_OPEN to OPEN",
    ),
  ),
  e(
    9,
    any(
      'WARN',
      hikari,
      'com.zaxxer.hikari.pool.HikariPool',
      'HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=<*>).',
      pick('1m2s345ms', '58s112ms', '1m15s20ms'),
    ),
  ),
  e(
    6,
    any(
      'WARN',
      exec,
      'com.zaxxer.hikari.pool.PoolBase',
      'HikariPool-1 - Failed to validate connection org.postgresql.jdbc.PgConnection@<*> (This connection has been closed.). Possibly consider using a shorter maxLifetime value.',
      hex(8),
    ),
  ),
  seq(
    6,
    any(
      'WARN',
      exec,
      'o.h.engine.jdbc.spi.SqlExceptionHelper',
      'SQL Error: 0, SQLState: 08003',
    ),
    any(
      'ERROR',
      exec,
      'o.h.engine.jdbc.spi.SqlExceptionHelper',
      'This connection has been closed.',
    ),
  ),
  seq(
    3,
    any(
      'WARN',
      exec,
      'o.h.engine.jdbc.spi.SqlExceptionHelper',
      'SQL Error: 0, SQLState: 40P01',
    ),
    any(
      'ERROR',
      exec,
      'o.h.engine.jdbc.spi.SqlExceptionHelper',
      'ERROR: deadlock detected\n  Detail: Process <*> waits for ShareLock on transaction <*>; blocked by process <*>.\nProcess <*> waits for ShareLock on transaction <*>; blocked by process <*>.\n  Hint: See server log for query details.\n  Where: while updating tuple (<*>) in relation "stock"',
      int(100, 9999),
      int(1e6, 9e6),
      int(100, 9999),
      int(100, 9999),
      int(1e6, 9e6),
      int(100, 9999),
      cat(int(0, 900), ',', int(1, 90)),
    ),
  ),
  e(
    30,
    any(
      'WARN',
      exec,
      '.m.m.a.ExceptionHandlerExceptionResolver',
      "Resolved [org.springframework.web.bind.MissingServletRequestParameterException: Required request parameter 'customerId' for method parameter type String is not present]",
    ),
  ),
  e(
    26,
    any(
      'WARN',
      exec,
      '.w.s.m.s.DefaultHandlerExceptionResolver',
      "Resolved [org.springframework.web.HttpRequestMethodNotSupportedException: Request method '<*>' is not supported]",
      pick('GET', 'PUT', 'PATCH'),
    ),
  ),
  e(
    14,
    any(
      'WARN',
      exec,
      '.w.s.m.s.DefaultHandlerExceptionResolver',
      "Resolved [org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error: Unexpected character ('<*>' (code <*>)): was expecting double-quote to start field name]",
      pick("'"),
      pick('39'),
    ),
  ),
  e(
    20,
    any(
      'WARN',
      exec,
      'o.s.web.servlet.PageNotFound',
      'No mapping for <*> <*>',
      pick('GET', 'POST'),
      pick('/favicon.ico', '/actuator/prometheus', '/api/v1/orders'),
    ),
  ),
  e(
    24,
    orders(
      'INFO',
      kafka,
      'o.s.k.l.KafkaMessageListenerContainer',
      'orders: partitions assigned: [<*>]',
      partitions,
    ),
  ),
  e(
    22,
    orders(
      'INFO',
      kafka,
      'o.s.k.l.KafkaMessageListenerContainer',
      'orders: partitions revoked: [<*>]',
      partitions,
    ),
  ),
  e(
    20,
    orders(
      'INFO',
      kafka,
      'o.a.k.c.c.internals.ConsumerCoordinator',
      '[Consumer clientId=consumer-orders-1, groupId=orders] Adding newly assigned partitions: <*>',
      partitions,
    ),
  ),
  e(
    18,
    orders(
      'INFO',
      kafka,
      'o.a.k.c.c.internals.ConsumerCoordinator',
      '[Consumer clientId=consumer-orders-1, groupId=orders] Revoke previously assigned partitions <*>',
      partitions,
    ),
  ),
  e(
    40,
    orders(
      'INFO',
      kafka,
      'o.a.k.c.c.internals.ConsumerCoordinator',
      '[Consumer clientId=consumer-orders-1, groupId=orders] Setting offset for partition orders-<*> to the committed offset FetchPosition{offset=<*>, offsetEpoch=Optional.empty, currentLeader=LeaderAndEpoch{leader=Optional[kafka-<*>.kafka-headless.data.svc.cluster.local:9092 (id: <*> rack: null)], epoch=<*>}}',
      int(0, 11),
      int(100000, 999999),
      kafkaNode,
      kafkaNode,
      int(0, 40),
    ),
  ),
  e(
    12,
    orders(
      'WARN',
      kafka,
      'org.apache.kafka.clients.NetworkClient',
      '[Consumer clientId=consumer-orders-1, groupId=orders] Connection to node <*> (kafka-<*>.kafka-headless.data.svc.cluster.local/<*>:9092) could not be established. Broker may not be available.',
      kafkaNode,
      kafkaNode,
      podIp('kafka'),
    ),
  ),
  e(
    10,
    orders(
      'INFO',
      kafka,
      'org.apache.kafka.clients.NetworkClient',
      '[Consumer clientId=consumer-orders-1, groupId=orders] Node <*> disconnected.',
      kafkaNode,
    ),
  ),
  e(
    10,
    catalog(
      'INFO',
      lettuce,
      'i.l.core.protocol.ConnectionWatchdog',
      'Reconnecting, last destination was redis-master.data.svc.cluster.local/<*>:6379',
      clusterIp('redis-master'),
    ),
  ),
  e(
    9,
    catalog(
      'INFO',
      lettuce,
      'i.l.core.protocol.ReconnectionHandler',
      'Reconnected to redis-master.data.svc.cluster.local/<*>:6379',
      clusterIp('redis-master'),
    ),
  ),
];

// ---- stack traces: one record each, keyed by exception type and top frame ---------------

const servletHeader = (rootCause: string) =>
  `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: ${rootCause}] with root cause\n\n`;
const dispatcher = 'o.a.c.c.C.[.[.[/].[dispatcherServlet]';

const NPE_COUPON =
  'java.lang.NullPointerException: Cannot invoke "com.acme.checkout.model.Coupon.percent()" because "coupon" is null';
const NPE_ITEMS =
  'java.lang.NullPointerException: Cannot invoke "java.util.List.size()" because the return value of "com.acme.orders.model.Order.getItems()" is null';

const keepOrder: Param = g => g.keep('order', () => orderId(g));
const keepUuid: Param = g => g.keep('uuid', () => uuid(g));

const TRACES = [
  e(
    14,
    trace(
      'java.lang.NullPointerException',
      'com.acme.checkout.pricing.PriceCalculator.applyCoupon(PriceCalculator.java:74)',
      checkout(
        'ERROR',
        exec,
        dispatcher,
        `${servletHeader(
          NPE_COUPON,
        )}${NPE_COUPON}\n\tat com.acme.checkout.pricing.PriceCalculator.applyCoupon(PriceCalculator.java:74)\n<*>`,
        javaTail(
          [
            [
              'com.acme.checkout.pricing.PriceCalculator.total(PriceCalculator.java:41)',
              'com.acme.checkout.service.CheckoutService.placeOrder(CheckoutService.java:88)',
              'com.acme.checkout.web.CheckoutController.checkout(CheckoutController.java:52)',
            ],
            [
              'com.acme.checkout.pricing.PriceCalculator.total(PriceCalculator.java:41)',
              'com.acme.checkout.web.CartController.preview(CartController.java:67)',
            ],
          ],
          'servlet',
        ),
      ),
    ),
  ),
  e(
    6,
    trace(
      'java.lang.NullPointerException',
      'com.acme.orders.web.OrderMapper.toDto(OrderMapper.java:29)',
      orders(
        'ERROR',
        exec,
        dispatcher,
        `${servletHeader(
          NPE_ITEMS,
        )}${NPE_ITEMS}\n\tat com.acme.orders.web.OrderMapper.toDto(OrderMapper.java:29)\n<*>`,
        javaTail(
          [
            [
              'com.acme.orders.web.OrderController.get(OrderController.java:44)',
            ],
            [
              'java.base/java.util.stream.ReferencePipeline$3$1.accept(ReferencePipeline.java:197)',
              'com.acme.orders.web.OrderController.list(OrderController.java:58)',
            ],
          ],
          'servlet',
        ),
      ),
    ),
  ),
  e(
    20,
    trace(
      'java.lang.IllegalStateException',
      'com.acme.orders.service.OrderService.load(OrderService.java:112)',
      orders(
        'ERROR',
        exec,
        dispatcher,
        `${servletHeader(
          'java.lang.IllegalStateException: Order <*> not found',
        )}java.lang.IllegalStateException: Order <*> not found\n\tat com.acme.orders.service.OrderService.load(OrderService.java:112)\n<*>`,
        keepOrder,
        keepOrder,
        javaTail(
          [
            [
              'com.acme.orders.web.OrderController.get(OrderController.java:44)',
            ],
            [
              'com.acme.orders.service.OrderService.cancel(OrderService.java:140)',
              'com.acme.orders.web.OrderController.cancel(OrderController.java:71)',
            ],
          ],
          'servlet',
        ),
      ),
    ),
  ),
  e(
    16,
    trace(
      'java.sql.SQLTransientConnectionException',
      'com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)',
      any(
        'ERROR',
        exec,
        dispatcher,
        `${servletHeader(
          'org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction',
        )}java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after <*>ms (total=<*>, active=<*>, idle=<*>, waiting=<*>)\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)\n<*>`,
        int(30000, 30005),
        pick('10'),
        pick('10'),
        pick('0'),
        int(1, 30),
        javaTail(
          [
            [
              'com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)',
              'com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:144)',
              'com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:127)',
              'org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl.getConnection(DatasourceConnectionProviderImpl.java:122)',
              'org.hibernate.internal.NonContextualJdbcConnectionAccess.obtainConnection(NonContextualJdbcConnectionAccess.java:46)',
              'org.hibernate.resource.jdbc.internal.LogicalConnectionManagedImpl.acquireConnectionIfNeeded(LogicalConnectionManagedImpl.java:113)',
              'org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:420)',
              'org.springframework.transaction.support.AbstractPlatformTransactionManager.startTransaction(AbstractPlatformTransactionManager.java:531)',
              'org.springframework.transaction.interceptor.TransactionAspectSupport.invokeWithinTransaction(TransactionAspectSupport.java:385)',
              'org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor.intercept(CglibAopProxy.java:713)',
              'com.acme.shop.service.OrderQueries$$SpringCGLIB$$0.recent(<generated>)',
              'com.acme.shop.web.OrderQueryController.recent(OrderQueryController.java:29)',
            ],
          ],
          'servlet',
        ),
      ),
    ),
  ),
  e(
    12,
    trace(
      'java.net.SocketTimeoutException',
      'java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)',
      checkout(
        'ERROR',
        exec,
        dispatcher,
        `${servletHeader(
          'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://payments.payments.svc.cluster.local:8443/v1/payments/charge": Read timed out',
        )}java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\n<*>`,
        javaTail(
          [
            [
              'java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)',
              'java.base/sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:346)',
              'java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)',
              'org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)',
              'org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection.receiveResponseHeader(DefaultBHttpClientConnection.java:300)',
              'org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:889)',
              'com.acme.checkout.payments.PaymentsClient.charge(PaymentsClient.java:47)',
              'com.acme.checkout.service.CheckoutService.placeOrder(CheckoutService.java:97)',
              'com.acme.checkout.web.CheckoutController.checkout(CheckoutController.java:52)',
            ],
          ],
          'servlet',
        ),
      ),
    ),
  ),
  e(
    7,
    trace(
      'java.net.ConnectException',
      'java.base/sun.nio.ch.Net.pollConnect(Native Method)',
      checkout(
        'ERROR',
        exec,
        dispatcher,
        `${servletHeader(
          'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://payments.payments.svc.cluster.local:8443/v1/payments/charge": Connection refused',
        )}java.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n<*>`,
        javaTail(
          [
            [
              'java.base/sun.nio.ch.Net.pollConnectNow(Net.java:682)',
              'java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:542)',
              'java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:592)',
              'java.base/java.net.Socket.connect(Socket.java:751)',
              'org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator.connect(DefaultHttpClientConnectionOperator.java:205)',
              'org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:889)',
              'com.acme.checkout.payments.PaymentsClient.charge(PaymentsClient.java:47)',
              'com.acme.checkout.service.CheckoutService.placeOrder(CheckoutService.java:97)',
              'com.acme.checkout.web.CheckoutController.checkout(CheckoutController.java:52)',
            ],
          ],
          'servlet',
        ),
      ),
    ),
  ),
  e(
    8,
    trace(
      'org.postgresql.util.PSQLException',
      'org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)',
      orders(
        'ERROR',
        exec,
        dispatcher,
        `${servletHeader(
          'org.springframework.dao.DataIntegrityViolationException: could not execute statement [ERROR: duplicate key value violates unique constraint "orders_idempotency_key_key"\n  Detail: Key (idempotency_key)=(<*>) already exists.] [insert into orders (created_at,customer_id,idempotency_key,status,total,id) values (?,?,?,?,?,?)]; SQL [insert into orders (created_at,customer_id,idempotency_key,status,total,id) values (?,?,?,?,?,?)]; constraint [orders_idempotency_key_key]',
        )}org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint "orders_idempotency_key_key"\n  Detail: Key (idempotency_key)=(<*>) already exists.\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)\n<*>`,
        keepUuid,
        keepUuid,
        javaTail(
          [
            [
              'org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2412)',
              'org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:371)',
              'org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:502)',
              'org.postgresql.jdbc.PgPreparedStatement.executeUpdate(PgPreparedStatement.java:152)',
              'com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)',
              'org.hibernate.engine.jdbc.internal.ResultSetReturnImpl.executeUpdate(ResultSetReturnImpl.java:194)',
              'com.acme.orders.service.OrderService.create(OrderService.java:64)',
              'com.acme.orders.web.OrderController.create(OrderController.java:35)',
            ],
          ],
          'servlet',
        ),
      ),
    ),
  ),
  e(
    9,
    trace(
      'org.springframework.kafka.listener.ListenerExecutionFailedException',
      'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2869)',
      orders(
        'ERROR',
        kafka,
        'o.s.kafka.listener.DefaultErrorHandler',
        'Backoff FixedBackOff{interval=0, currentAttempts=10, maxAttempts=9} exhausted for orders-<*>@<*>\n\norg.springframework.kafka.listener.ListenerExecutionFailedException: Listener method \'public void com.acme.orders.events.OrderEventsListener.onMessage(org.apache.kafka.clients.consumer.ConsumerRecord<java.lang.String, java.lang.String>)\' threw exception\n\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2869)\n<*>\nCaused by: com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `java.math.BigDecimal` from String "<*>": not a valid representation\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: <*>]\n<*>',
        int(0, 11),
        int(100000, 999999),
        javaTail(
          [
            [
              'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2814)',
            ],
          ],
          'kafka-listener',
        ),
        pick('12,90', 'N/A', '—'),
        int(40, 90),
        cat(
          javaTail(
            [
              [
                'com.fasterxml.jackson.databind.exc.InvalidFormatException.from(InvalidFormatException.java:67)',
                'com.fasterxml.jackson.databind.DeserializationContext.weirdStringException(DeserializationContext.java:1958)',
                'com.acme.orders.events.OrderEventsListener.onMessage(OrderEventsListener.java:38)',
              ],
            ],
            'none',
          ),
          '\n',
          javaOmitted,
        ),
      ),
    ),
  ),
  e(
    7,
    trace(
      'org.springframework.data.redis.RedisConnectionFailureException',
      'org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection.getNativeConnection(LettuceConnectionFactory.java:1602)',
      catalog(
        'ERROR',
        sched,
        'o.s.s.s.TaskUtils$LoggingErrorHandler',
        'Unexpected error occurred in scheduled task\n\norg.springframework.data.redis.RedisConnectionFailureException: Unable to connect to Redis\n\tat org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection.getNativeConnection(LettuceConnectionFactory.java:1602)\n<*>\nCaused by: io.lettuce.core.RedisConnectionException: Unable to connect to redis-master.data.svc.cluster.local/<*>:6379\n<*>',
        javaTail(
          [
            [
              'org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection.getConnection(LettuceConnectionFactory.java:1533)',
              'org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory.getSharedConnection(LettuceConnectionFactory.java:1219)',
              'org.springframework.data.redis.core.RedisTemplate.execute(RedisTemplate.java:393)',
              'org.springframework.data.redis.core.DefaultValueOperations.set(DefaultValueOperations.java:265)',
              'com.acme.catalog.cache.ProductCache.refresh(ProductCache.java:57)',
            ],
          ],
          'scheduler',
        ),
        clusterIp('redis-master'),
        cat(
          javaTail(
            [
              [
                'io.lettuce.core.RedisConnectionException.create(RedisConnectionException.java:78)',
                'io.lettuce.core.RedisConnectionException.create(RedisConnectionException.java:56)',
                'io.lettuce.core.AbstractRedisClient.getConnection(AbstractRedisClient.java:350)',
              ],
            ],
            'none',
          ),
          '\n',
          javaOmitted,
        ),
      ),
    ),
  ),
  e(
    once,
    trace(
      'java.lang.OutOfMemoryError',
      'java.base/java.util.Arrays.copyOf(Arrays.java:3541)',
      catalog(
        'ERROR',
        exec,
        dispatcher,
        `${servletHeader(
          'java.lang.OutOfMemoryError: Java heap space',
        )}java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)\n<*>`,
        javaTail(
          [
            [
              'java.base/java.util.ArrayList.grow(ArrayList.java:237)',
              'java.base/java.util.ArrayList.add(ArrayList.java:455)',
              'com.acme.catalog.export.CsvExporter.export(CsvExporter.java:31)',
              'com.acme.catalog.web.ExportController.export(ExportController.java:22)',
            ],
          ],
          'servlet',
        ),
      ),
    ),
  ),
];

export const springBoot: FormatSpec = {
  name: 'spring-boot',
  title:
    'Java / Spring Boot 3 (Logback default pattern, multi-line stack traces)',
  sources: [
    'https://docs.spring.io/spring-boot/reference/features/logging.html',
    'https://github.com/spring-projects/spring-boot/blob/main/spring-boot-project/spring-boot/src/main/resources/org/springframework/boot/logging/logback/defaults.xml',
    'https://logback.qos.ch/manual/layouts.html#ex',
    'https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/lang/Throwable.html#printStackTrace()',
  ],
  records: 4000,
  entries: [...STARTUP, ...STEADY, ...TRACES],
};
