import type { Gen, Param } from './model';

// The variable part of multi-line traces: every frame below the top (raising) frame. A trace
// template holds the header, the exception and the top frame as constant text and ends in one
// `<*>` drawn here, so the event is keyed by exception type and top frame (see README).

/** Below a Spring MVC controller method: reflection, Spring MVC, servlet filters, Tomcat. */
const SERVLET_BASE = (verb: string, filters: number) => [
  'java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  'java.base/java.lang.reflect.Method.invoke(Method.java:580)',
  'org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)',
  'org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:188)',
  'org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)',
  'org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)',
  'org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.handleInternal(RequestMappingHandlerAdapter.java:831)',
  'org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter.handle(AbstractHandlerMethodAdapter.java:87)',
  'org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)',
  'org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)',
  'org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)',
  `org.springframework.web.servlet.FrameworkServlet.${verb}(FrameworkServlet.java:${
    verb === 'doGet' ? 903 : 914
  })`,
  `jakarta.servlet.http.HttpServlet.service(HttpServlet.java:${
    verb === 'doGet' ? 564 : 590
  })`,
  'org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
  'jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)',
  'org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:205)',
  'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:149)',
  'org.apache.tomcat.websocket.server.WsFilter.doFilter(WsFilter.java:51)',
  ...[
    'org.springframework.web.filter.RequestContextFilter.doFilterInternal(RequestContextFilter.java:100)',
    'org.springframework.web.filter.FormContentFilter.doFilterInternal(FormContentFilter.java:93)',
    'org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal(ServerHttpObservationFilter.java:109)',
    'org.springframework.web.filter.CharacterEncodingFilter.doFilterInternal(CharacterEncodingFilter.java:201)',
  ]
    .slice(0, filters)
    .flatMap(f => [
      'org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:174)',
      'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:149)',
      f,
      'org.springframework.web.filter.OncePerRequestFilter.doFilter(OncePerRequestFilter.java:116)',
    ]),
  'org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)',
  'org.apache.catalina.core.StandardContextValve.invoke(StandardContextValve.java:90)',
  'org.apache.catalina.authenticator.AuthenticatorBase.invoke(AuthenticatorBase.java:482)',
  'org.apache.catalina.core.StandardHostValve.invoke(StandardHostValve.java:115)',
  'org.apache.catalina.valves.ErrorReportValve.invoke(ErrorReportValve.java:93)',
  'org.apache.catalina.core.StandardEngineValve.invoke(StandardEngineValve.java:74)',
  'org.apache.catalina.connector.CoyoteAdapter.service(CoyoteAdapter.java:344)',
  'org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:391)',
  'org.apache.coyote.AbstractProcessorLight.process(AbstractProcessorLight.java:63)',
  'org.apache.coyote.AbstractProtocol$ConnectionHandler.process(AbstractProtocol.java:896)',
  'org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1744)',
  'org.apache.tomcat.util.net.SocketProcessorBase.run(SocketProcessorBase.java:52)',
  'org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1191)',
  'org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)',
  'org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:63)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

const KAFKA_LISTENER_BASE = [
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2785)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeOnMessage(KafkaMessageListenerContainer.java:2747)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeRecordListener(KafkaMessageListenerContainer.java:2662)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeWithRecords(KafkaMessageListenerContainer.java:2512)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeRecordListener(KafkaMessageListenerContainer.java:2400)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeListener(KafkaMessageListenerContainer.java:2042)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.pollAndInvoke(KafkaMessageListenerContainer.java:1405)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run(KafkaMessageListenerContainer.java:1296)',
  'java.base/java.util.concurrent.CompletableFuture$AsyncRun.run(CompletableFuture.java:1804)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

const SCHEDULER_BASE = [
  'java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  'java.base/java.lang.reflect.Method.invoke(Method.java:580)',
  'org.springframework.scheduling.support.ScheduledMethodRunnable.runInternal(ScheduledMethodRunnable.java:130)',
  'org.springframework.scheduling.support.ScheduledMethodRunnable.lambda$run$2(ScheduledMethodRunnable.java:124)',
  'io.micrometer.observation.Observation.observe(Observation.java:499)',
  'org.springframework.scheduling.support.ScheduledMethodRunnable.run(ScheduledMethodRunnable.java:124)',
  'org.springframework.scheduling.support.DelegatingErrorHandlingRunnable.run(DelegatingErrorHandlingRunnable.java:54)',
  'java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:572)',
  'java.base/java.util.concurrent.FutureTask.runAndReset(FutureTask.java:358)',
  'java.base/java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run(ScheduledThreadPoolExecutor.java:305)',
  'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)',
  'java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

const KAFKA_BROKER_BASE = [
  'kafka.server.ReplicaFetcherBlockingSend.sendRequest(ReplicaFetcherBlockingSend.scala:114)',
  'kafka.server.RemoteLeaderEndPoint.fetch(RemoteLeaderEndPoint.scala:79)',
  'kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:316)',
  'kafka.server.AbstractFetcherThread.$anonfun$maybeFetch$3(AbstractFetcherThread.scala:130)',
  'kafka.server.AbstractFetcherThread.maybeFetch(AbstractFetcherThread.scala:129)',
  'kafka.server.AbstractFetcherThread.doWork(AbstractFetcherThread.scala:112)',
  'org.apache.kafka.server.util.ShutdownableThread.run(ShutdownableThread.java:130)',
];

export type JavaBase =
  | 'servlet'
  | 'kafka-listener'
  | 'scheduler'
  | 'kafka-broker'
  | 'none';

function javaBase(g: Gen, base: JavaBase): string[] {
  switch (base) {
    case 'servlet':
      return SERVLET_BASE(g.r.pick(['doGet', 'doPost']), g.r.int(2, 4));
    case 'kafka-listener':
      return KAFKA_LISTENER_BASE;
    case 'scheduler':
      return SCHEDULER_BASE;
    case 'kafka-broker':
      return KAFKA_BROKER_BASE;
    default:
      return [];
  }
}

/** `\tat …` lines below the top frame: one of the caller chains, then the framework's frames. */
export const javaTail =
  (callers: readonly (readonly string[])[], base: JavaBase): Param =>
  g =>
    [...g.r.pick(callers), ...javaBase(g, base)]
      .map(f => `\tat ${f}`)
      .join('\n');

/** `\t... N common frames omitted`, closing a `Caused by:` section. */
export const javaOmitted: Param = g =>
  `\t... ${g.r.int(60, 140)} common frames omitted`;

// ---- Python ---------------------------------------------------------------------------------

/** `[file, line, function, source line]` */
export type PyFrame = readonly [string, number, string, string];

export const pyFrame = ([file, line, fn, code]: PyFrame) =>
  `  File "${file}", line ${line}, in ${fn}\n    ${code}`;

const SITE = '/usr/local/lib/python3.11/site-packages';

const PY_BASES: Record<string, readonly PyFrame[]> = {
  django: [
    [
      `${SITE}/django/core/handlers/exception.py`,
      55,
      'inner',
      'response = get_response(request)',
    ],
    [
      `${SITE}/django/core/handlers/base.py`,
      197,
      '_get_response',
      'response = wrapped_callback(request, *callback_args, **callback_kwargs)',
    ],
    [
      `${SITE}/django/views/decorators/csrf.py`,
      65,
      '_view_wrapper',
      'return view_func(request, *args, **kwargs)',
    ],
    [
      `${SITE}/rest_framework/viewsets.py`,
      125,
      'view',
      'return self.dispatch(request, *args, **kwargs)',
    ],
    [
      `${SITE}/rest_framework/views.py`,
      509,
      'dispatch',
      'response = self.handle_exception(exc)',
    ],
    [
      `${SITE}/rest_framework/views.py`,
      469,
      'handle_exception',
      'self.raise_uncaught_exception(exc)',
    ],
    [
      `${SITE}/rest_framework/views.py`,
      480,
      'raise_uncaught_exception',
      'raise exc',
    ],
    [
      `${SITE}/rest_framework/views.py`,
      506,
      'dispatch',
      'response = handler(request, *args, **kwargs)',
    ],
  ],
  celery: [
    [
      `${SITE}/celery/app/trace.py`,
      477,
      'trace_task',
      'R = retval = fun(*args, **kwargs)',
    ],
    [
      `${SITE}/celery/app/trace.py`,
      760,
      '__protected_call__',
      'return self.run(*args, **kwargs)',
    ],
  ],
  worker: [['/app/orders/worker.py', 63, 'run', 'self.handle(message)']],
  none: [],
};

/** The outer frames (Python prints them first): a framework prefix, then one caller chain. */
export const pyOuter =
  (
    base: keyof typeof PY_BASES,
    callers: readonly (readonly PyFrame[])[],
  ): Param =>
  g =>
    [...PY_BASES[base], ...g.r.pick(callers)].map(pyFrame).join('\n');

// ---- Go -------------------------------------------------------------------------------------

/** `[function, file:line, pc offset]` */
export type GoFrame = readonly [string, string, string];

function goArgs(g: Gen): string {
  return g.r.weighted<string>([
    ['...', 3],
    [`0xc000${g.r.hex(6)}`, 2],
    [`0xc000${g.r.hex(6)}, {0x${g.r.hex(6)}, 0xc000${g.r.hex(6)}}`, 3],
    [`{0x${g.r.hex(6)}, 0xc000${g.r.hex(6)}}, 0xc000${g.r.hex(6)}`, 2],
  ]);
}

export const goFrame = (g: Gen, [fn, loc, off]: GoFrame) =>
  `${fn}(${goArgs(g)})\n\t${loc} +${off}`;

const GO_HTTP_BASE: readonly GoFrame[] = [
  [
    'net/http.HandlerFunc.ServeHTTP',
    '/usr/local/go/src/net/http/server.go:2166',
    '0x29',
  ],
  [
    'net/http.(*ServeMux).ServeHTTP',
    '/usr/local/go/src/net/http/server.go:2683',
    '0x1ad',
  ],
  [
    'net/http.serverHandler.ServeHTTP',
    '/usr/local/go/src/net/http/server.go:3137',
    '0x8e',
  ],
  [
    'net/http.(*conn).serve',
    '/usr/local/go/src/net/http/server.go:2039',
    '0x5e8',
  ],
];

/** Caller chain, then (for handlers) net/http, then the `created by` line. */
export const goTail =
  (callers: readonly (readonly GoFrame[])[], http: boolean): Param =>
  g => {
    const frames = [...g.r.pick(callers), ...(http ? GO_HTTP_BASE : [])];
    const created = http
      ? `created by net/http.(*Server).Serve in goroutine 1\n\t/usr/local/go/src/net/http/server.go:3285 +0x4b4`
      : `created by main.main in goroutine 1\n\t/src/cmd/server/main.go:${g.r.pick(
          ['58', '61'],
        )} +0x${g.r.hex(3)}`;
    return [...frames.map(f => goFrame(g, f)), created].join('\n');
  };

// ---- Node.js --------------------------------------------------------------------------------

/** `    at …` lines below the top frame. */
export const nodeTail =
  (callers: readonly (readonly string[])[]): Param =>
  g =>
    g.r
      .pick(callers)
      .map(f => `    at ${f}`)
      .join('\n');
