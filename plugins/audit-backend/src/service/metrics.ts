import { metrics } from '@opentelemetry/api';

/**
 * Counters of the audit pipeline, kept in process (served by `GET /v1/status`) and exported as
 * OpenTelemetry instruments (the backend's Prometheus endpoint: `audit_events_emitted_total`, …).
 */
export class AuditMetrics {
  readonly counts = {
    emitted: 0,
    shipped: 0,
    failed: 0,
    dropped: 0,
  };
  outboxDepth = 0;
  outboxFull = false;

  readonly #emitted;
  readonly #shipped;
  readonly #failed;
  readonly #dropped;

  constructor() {
    const meter = metrics.getMeter('audit-backend');
    this.#emitted = meter.createCounter('audit.events.emitted', {
      description: 'Audit events accepted by the pipeline',
    });
    this.#shipped = meter.createCounter('audit.events.shipped', {
      description: 'Audit events VictoriaLogs accepted',
    });
    this.#failed = meter.createCounter('audit.events.failed', {
      description:
        'Audit events in a failed delivery attempt (reason=retry: kept for the next attempt; reason=rejected: given up)',
    });
    this.#dropped = meter.createCounter('audit.events.dropped', {
      description: 'Audit events lost because a bounded buffer was full',
    });
    meter
      .createObservableGauge('audit.outbox.depth', {
        description: 'Audit events waiting in the outbox',
      })
      .addCallback(r => r.observe(this.outboxDepth));
    meter
      .createObservableGauge('audit.outbox.full', {
        description:
          'Alarm: 1 while the outbox is full and new events are dropped',
      })
      .addCallback(r => r.observe(this.outboxFull ? 1 : 0));
  }

  emitted(n = 1) {
    this.counts.emitted += n;
    this.#emitted.add(n);
  }

  shipped(n: number) {
    this.counts.shipped += n;
    this.#shipped.add(n);
  }

  failed(n: number, reason: 'retry' | 'rejected') {
    this.counts.failed += n;
    this.#failed.add(n, { reason });
  }

  dropped(n: number, reason: 'buffer-full' | 'outbox-full') {
    this.counts.dropped += n;
    this.#dropped.add(n, { reason });
  }
}
