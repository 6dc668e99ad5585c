import { LogTemplateMiner } from './LogTemplateMiner';

/**
 * One row per format Kubernetes workloads write: two lines of one event (different values) must
 * share a template, and a line of a neighbouring event (another message word, level, status class
 * or code) must not. (A one-word difference inside a long prose line is within Drain's similarity
 * threshold and does merge: see the README's limits.) Lines follow the formats of the corpus (corpus/README.md), with values changed.
 */
const FORMATS: Array<[format: string, same: [string, string], other: string]> =
  [
    [
      'nginx access',
      [
        '176.164.184.96 - - [07/Mar/2024:09:00:00 +0000] "GET /api/orders/981/items HTTP/2.0" 200 3377 "https://shop.example.com/" "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X)" 513 0.013 [shop-orders-80] [] 10.244.3.133:80 14724 0.002 200 9e9f49e6e9913f2c4ab2c2b3dd88ee25',
        '46.249.207.30 - - [07/Mar/2024:09:01:53 +0000] "GET /api/orders/77/items HTTP/1.1" 204 10 "-" "curl/8.5.0" 564 0.034 [shop-orders-80] [] 10.244.3.13:80 24 0.007 204 b73dad5a0585cb17362ffc9ffdf4569a',
      ],
      '46.249.207.30 - - [07/Mar/2024:09:01:53 +0000] "GET /api/orders/77/items HTTP/1.1" 503 10 "-" "curl/8.5.0" 564 0.034 [shop-orders-80] [] 10.244.3.13:80 24 0.007 503 b73dad5a0585cb17362ffc9ffdf4569a',
    ],
    [
      'apache combined',
      [
        '62.35.90.183 - - [07/Mar/2024:09:01:20 +0000] "GET /index.php?route=product&id=11755 HTTP/1.1" 200 8151 "-" "Mozilla/5.0 (Linux; Android 14; Pixel 8)"',
        '203.26.235.116 - bob [07/Mar/2024:09:00:22 +0000] "GET /index.php?route=search&id=9 HTTP/1.1" 200 12 "https://shop.example.com/" "okhttp/4.12.0"',
      ],
      '203.26.235.116 - - [07/Mar/2024:09:00:22 +0000] "POST /index.php?route=product&id=9 HTTP/1.1" 200 12 "-" "okhttp/4.12.0"',
    ],
    [
      'envoy / istio access',
      [
        '[2024-03-07T09:00:20.517Z] "GET /api/cart/d31ad1f8-492e-4472-ae4e-34d649dbc8d7 HTTP/1.1" 201 - via_upstream - "-" 0 3522 8 1 "-" "Go-http-client/1.1" "4ccc4373-fb2f-43db-bfbe-9a3361bf1134" "cart.shop:8080" "10.244.0.187:8080" inbound|8080|| 127.0.0.6:57272 10.244.0.187:8080 10.244.2.37:54235 outbound_.8080_._.cart.shop.svc.cluster.local default',
        '[2024-03-07T09:15:15.659Z] "GET /api/cart/ae7230d9-e7f5-4150-b9bc-6e591f4f5376 HTTP/1.1" 200 - via_upstream - "-" 0 113 39 4 "-" "Go-http-client/1.1" "7595ba3e-1dc8-47ad-8806-5c5dd1693177" "cart.shop:8080" "10.244.1.108:8080" inbound|8080|| 127.0.0.6:55419 10.244.1.108:8080 10.244.3.133:47560 outbound_.8080_._.cart.shop.svc.cluster.local default',
      ],
      '[2024-03-07T09:15:15.659Z] "GET /api/cart/ae7230d9-e7f5-4150-b9bc-6e591f4f5376 HTTP/1.1" 503 UH no_healthy_upstream - "-" 0 113 39 4 "-" "Go-http-client/1.1" "7595ba3e-1dc8-47ad-8806-5c5dd1693177" "cart.shop:8080" "-" inbound|8080|| - - 10.244.3.133:47560 outbound_.8080_._.cart.shop.svc.cluster.local default',
    ],
    [
      'gin access',
      [
        '[GIN] 2024/03/07 - 09:00:03 | 200 |    1.689696ms |    84.20.76.127 | GET      "/api/cart/efc7ed88-39bf-4e3a-9b47-1292e488ee40"',
        '[GIN] 2024/03/07 - 09:14:54 | 201 |    9.276411ms |   217.167.133.1 | GET      "/api/cart/6d8dcca7-a6b1-448d-a674-8da5dac57445"',
      ],
      '[GIN] 2024/03/07 - 09:14:54 | 403 |    9.276411ms |   217.167.133.1 | GET      "/api/cart/6d8dcca7-a6b1-448d-a674-8da5dac57445"',
    ],
    [
      'klog structured',
      [
        'I0307 09:00:14.562542       1 schedule_one.go:286] "Successfully bound pod to node" pod="shop/catalog-brp6z6q8s-clpgz" node="ip-10-0-27-100.eu-west-1.compute.internal" evaluatedNodes=6 feasibleNodes=2',
        'I0307 09:10:14.000001       1 schedule_one.go:286] "Successfully bound pod to node" pod="data/kafka-0" node="ip-10-0-3-7.eu-west-1.compute.internal" evaluatedNodes=6 feasibleNodes=6',
      ],
      'I0307 09:10:14.000001       1 schedule_one.go:286] "Successfully unbound pod from node" pod="data/kafka-0" node="ip-10-0-3-7.eu-west-1.compute.internal" evaluatedNodes=6 feasibleNodes=6',
    ],
    [
      'journal with klog',
      [
        'Mar 07 09:00:36 ip-10-0-27-100 kubelet[1185]: I0307 09:00:36.913107    1185 kubelet.go:2430] "SyncLoop ADD" source="api" pods=["payments/payments-cvqfddzpm-z7qrg"]',
        'Mar 07 09:02:01 ip-10-0-23-227 kubelet[1074]: I0307 09:02:01.527737    1074 kubelet.go:2430] "SyncLoop ADD" source="api" pods=["shop/shipping-8bpvv455dw-x9lzs"]',
      ],
      'Mar 07 09:02:01 ip-10-0-23-227 kubelet[1074]: I0307 09:02:01.527737    1074 kubelet.go:2430] "SyncLoop UPDATE" source="api" pods=["shop/shipping-8bpvv455dw-x9lzs"]',
    ],
    [
      'coredns',
      [
        '[INFO] 10.244.3.90:40432 - 49415 "A IN orders.shop.svc.cluster.local. udp 66 false 1232" NOERROR qr,aa,rd 107 0.001488402s',
        '[INFO] 10.244.0.93:37747 - 39858 "A IN catalog.shop.svc.cluster.local. tcp 66 true 1232" NOERROR qr,aa,rd 111 0.000373014s',
      ],
      '[INFO] 10.244.0.93:37747 - 39858 "A IN catalog.shop.svc.cluster.local. udp 66 false 1232" NXDOMAIN qr,aa,rd 111 0.000373014s',
    ],
    [
      'logfmt (slog)',
      [
        'time=2024-03-07T09:00:07.372Z level=INFO msg="cache hit" key=cart:73860234-884d-4030-adae-3a8e5f5179ea ttl=17m7.285797726s',
        'time=2024-03-07T09:01:29.046Z level=INFO msg="cache hit" key=cart:bfee8c35-8add-48f8-891c-31e30d0cee03 ttl=2s',
      ],
      'time=2024-03-07T09:01:29.046Z level=INFO msg="cache miss" key=cart:bfee8c35-8add-48f8-891c-31e30d0cee03 ttl=2s',
    ],
    [
      'json (zap)',
      [
        '{"level":"info","ts":1709802026.41,"caller":"events/publisher.go:57","msg":"charge authorized","payment_id":"pay_dd4696959a31cbc75c3d0b4c","psp":"stripe"}',
        '{"level":"info","ts":1709802091.90,"caller":"payments/service.go:88","msg":"charge authorized","payment_id":"pay_9c3ba726be5c8bf93d0743b1","psp":"adyen"}',
      ],
      '{"level":"info","ts":1709802091.90,"caller":"payments/service.go:88","msg":"charge declined","payment_id":"pay_9c3ba726be5c8bf93d0743b1","psp":"adyen"}',
    ],
    [
      'json (pino)',
      [
        '{"level":30,"time":1709802008432,"pid":18,"hostname":"catalog-hpgl9cnjf4-rc66c","reqId":"req-4u1","res":{"statusCode":200},"responseTime":6.38,"msg":"request completed"}',
        '{"level":30,"time":1709802009000,"pid":7,"hostname":"catalog-brp6z6q8s-qgf65","reqId":"req-5nm","res":{"statusCode":404},"responseTime":1.2,"msg":"request completed"}',
      ],
      '{"level":50,"time":1709802009000,"pid":7,"hostname":"catalog-brp6z6q8s-qgf65","reqId":"req-5nm","res":{"statusCode":500},"responseTime":1.2,"msg":"request completed"}',
    ],
    [
      'spring boot',
      [
        '2024-03-07T09:06:22.926Z  INFO 1 --- [orders] [           main] o.apache.catalina.core.StandardService   : Starting service [Tomcat]',
        '2024-03-07T10:16:02.111Z  INFO 1 --- [checkout] [           main] o.apache.catalina.core.StandardService   : Starting service [Tomcat]',
      ],
      '2024-03-07T10:16:02.111Z  WARN 1 --- [checkout] [           main] o.apache.catalina.core.StandardService   : Starting service [Tomcat]',
    ],
    [
      'python logging',
      [
        '2024-03-07 09:00:28,968 INFO [reco.api] Served 18 recommendations for user 139945 in 23ms (model=als-2024-03-06)',
        '2024-03-07 09:10:00,001 INFO [reco.api] Served 3 recommendations for user 7 in 230ms (model=als-2024-03-06)',
      ],
      '2024-03-07 09:10:00,001 WARNING [reco.api] Served 3 recommendations for user 7 in 230ms (model=als-2024-03-06)',
    ],
    [
      'postgres',
      [
        '2024-03-07 09:00:15.191 UTC [5434] LOG:  connection authorized: user=app database=catalog application_name=pgx',
        '2024-03-07 09:01:15.191 UTC [77] LOG:  connection authorized: user=reporting database=orders application_name=psql',
      ],
      '2024-03-07 09:01:15.191 UTC [77] FATAL:  password authentication failed for user "reporting"',
    ],
    [
      'mysql',
      [
        "2024-03-07T09:00:28.296248Z 57802 [Note] [MY-010914] [Server] Aborted connection 43554 to db: 'shop' user: 'app' host: '10.244.3.133' (Got an error reading communication packets).",
        "2024-03-07T09:09:28.296248Z 13971 [Note] [MY-010914] [Server] Aborted connection 77034 to db: 'legacy' user: 'app' host: '10.244.3.205' (Got an error reading communication packets).",
      ],
      "2024-03-07T09:09:28.296248Z 13971 [Note] [MY-010914] [Server] Aborted connection 77034 to db: 'legacy' user: 'app' host: '10.244.3.205' (Got timeout reading communication packets).",
    ],
    [
      'redis',
      [
        '1:M 07 Mar 2024 09:00:02.654 * Background saving started by pid 522',
        '1:M 07 Mar 2024 09:10:02.654 * Background saving started by pid 4376',
      ],
      '1:M 07 Mar 2024 09:10:02.654 * Background saving terminated with success',
    ],
    [
      'kafka (log4j)',
      [
        '[2024-03-07 09:00:03,596] INFO [LocalLog partition=notifications-2, dir=/var/lib/kafka/data] Rolled new log segment at offset 20129710 in 4 ms. (kafka.log.LocalLog)',
        '[2024-03-07 09:20:03,596] INFO [LocalLog partition=orders-11, dir=/var/lib/kafka/data] Rolled new log segment at offset 129710 in 14 ms. (kafka.log.LocalLog)',
      ],
      '[2024-03-07 09:20:03,596] INFO [LocalLog partition=orders-11, dir=/var/lib/kafka/data] Deleted log segment at offset 129710 in 14 ms. (kafka.log.LocalLog)',
    ],
  ];

describe('log formats Kubernetes workloads write', () => {
  it.each(FORMATS)(
    '%s: one event is one template, a neighbouring event another',
    (_format, [a, b], other) => {
      const miner = new LogTemplateMiner();
      const ids = [a, b, other].map(l => miner.add(l).id);
      const key = (id: number) => miner.templateOf(id)?.key;
      expect(key(ids[1])).toBe(key(ids[0]));
      expect(key(ids[2])).not.toBe(key(ids[0]));
    },
  );
});
